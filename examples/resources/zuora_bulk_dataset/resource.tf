terraform {
  required_version = ">= 1.8"
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# The accounts of a test environment, kept in git: one JSON object per line,
# each with its accountNumber. Edit the file and plan shows what changes:
# "Account dataset: 1 to import, 1 to update, 0 to delete, 2 unchanged".
resource "zuora_bulk_dataset" "accounts" {
  object_type = "Account"
  source      = "${path.module}/accounts.jsonl"
  key_field   = "accountNumber"

  # A row removed from the file deletes its record (the default, "forget",
  # leaves it in Zuora).
  on_remove = "delete"

  # Fail the apply when Zuora refuses a row; the refused rows stay pending
  # and the next plan proposes them again.
  max_failed_rows = 0

  timeouts {
    update = "30m"
  }
}

# Later loads refer to the records by key, e.g. contacts of account A-EX-0001.
resource "zuora_bulk_dataset" "contacts" {
  object_type = "Contact"
  key_field   = "workEmail"
  content = provider::zuora::jsonl([
    {
      accountId = zuora_bulk_dataset.accounts.ids["A-EX-0001"]
      firstName = "Grace"
      lastName  = "Hopper"
      workEmail = "grace@example.com"
      country   = "United States"
    },
  ])
}

output "account_ids" {
  value = zuora_bulk_dataset.accounts.ids
}
