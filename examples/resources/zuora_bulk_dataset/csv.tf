terraform {
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# Accounts kept in a spreadsheet export: columns named as in Zuora's data
# dictionary, mapped to field paths as for zuora_bulk_job. key_field is a
# field path; the column mapped to it holds each row's key. Reordering the
# columns or changing the delimiter changes no row.
resource "zuora_bulk_dataset" "sheet_accounts" {
  object_type = "Account"
  source      = "${path.module}/accounts.csv" # .csv: file_type defaults to "csv"
  key_field   = "accountNumber"
  delimiter   = "semicolon"

  mappings = {
    "Account Number"          = "accountNumber"
    "Account Name"            = "name"
    "Bill Cycle Day"          = "billCycleDay"
    "Currency"                = "currency"
    "BillToContact.FirstName" = "billToContact.firstName"
    "BillToContact.LastName"  = "billToContact.lastName"
    "BillToContact.Country"   = "billToContact.country"
  }
}
