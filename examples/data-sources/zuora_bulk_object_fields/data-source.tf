terraform {
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# The fields an Account import accepts, flattened to dotted paths
# (billToContact.firstName), with their type, regex and whether required.
data "zuora_bulk_object_fields" "account_import" {
  object_name = "accounts-and-contacts"
  action      = "Import"
}

output "required_account_fields" {
  value = data.zuora_bulk_object_fields.account_import.required_paths
}

output "account_field_types" {
  value = { for f in data.zuora_bulk_object_fields.account_import.fields : f.path => f.type }
}

# schema_json is the metadata exactly as Zuora returned it.
output "account_top_level_fields" {
  value = keys(jsondecode(data.zuora_bulk_object_fields.account_import.schema_json))
}

# CSV jobs have metadata of their own: the columns a CSV Update may name.
data "zuora_bulk_object_fields" "account_update_csv" {
  object_name = "accounts-and-contacts"
  action      = "Update"
  file_type   = "csv"
}

output "account_update_csv_columns" {
  value = [for f in data.zuora_bulk_object_fields.account_update_csv.fields : f.path]
}
