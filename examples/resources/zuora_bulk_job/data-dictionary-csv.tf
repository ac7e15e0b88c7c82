terraform {
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# Columns named as in Zuora's data dictionary (a Data Loader template).
resource "zuora_bulk_job" "dictionary_accounts" {
  name          = "Accounts from the Data Loader template"
  object_type   = "Account"
  source        = "${path.module}/accounts-dictionary.csv"
  row_id_column = "Row"

  mappings = {
    "Account Name"            = "name"
    "Account Number"          = "accountNumber"
    "Bill Cycle Day"          = "billCycleDay"
    "Currency"                = "currency"
    "BillToContact.FirstName" = "billToContact.firstName"
    "BillToContact.LastName"  = "billToContact.lastName"
    "BillToContact.Country"   = "billToContact.country"
  }
}
