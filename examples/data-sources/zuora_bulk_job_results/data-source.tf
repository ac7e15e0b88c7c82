terraform {
  required_version = ">= 1.8"
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

resource "zuora_bulk_job" "accounts" {
  name        = "accounts"
  object_type = "Account"
  source      = "${path.module}/accounts.jsonl"
}

# The records the load created, by account number.
data "zuora_bulk_job_results" "accounts" {
  job_id    = zuora_bulk_job.accounts.id
  kind      = "successes"
  key_field = "accountNumber"
}

# The rows Zuora refused, with its reasons (card numbers masked).
data "zuora_bulk_job_results" "account_errors" {
  job_id = zuora_bulk_job.accounts.id
  kind   = "errors"
  limit  = 50
}

output "failed_rows" {
  value = [for r in data.zuora_bulk_job_results.account_errors.rows : "line ${coalesce(r.line, 0)}: ${r.reason}"]
}

# A later load refers to the accounts the first one created.
resource "zuora_bulk_job" "contacts" {
  name        = "contacts"
  object_type = "Contact"
  content = provider::zuora::jsonl([
    for c in [{ account = "A-EX-0001", firstName = "Grace", lastName = "Hopper" }] : {
      accountId = data.zuora_bulk_job_results.accounts.ids[c.account]
      firstName = c.firstName
      lastName  = c.lastName
    }
  ])
}
