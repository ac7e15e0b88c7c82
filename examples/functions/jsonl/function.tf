terraform {
  required_version = ">= 1.8"
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

locals {
  accounts = [
    for n in ["ACME-1", "ACME-2"] : {
      name          = "Acme ${n}"
      accountNumber = n
      billCycleDay  = 1
      currency      = "USD"
      billToContact = { firstName = "Ada", lastName = "Lovelace", country = "United Kingdom" }
      soldToContact = { firstName = "Ada", lastName = "Lovelace", country = "United Kingdom" }
    }
  ]
}

# One JSON object per line, each line ending in a newline:
# {"accountNumber":"ACME-1","billCycleDay":1,"billToContact":{...},...}
resource "zuora_bulk_job" "accounts" {
  name        = "accounts"
  object_type = "Account"
  content     = provider::zuora::jsonl(local.accounts)
}
