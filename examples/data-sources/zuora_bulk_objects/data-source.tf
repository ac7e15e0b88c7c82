terraform {
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# Every object Data Loader can load, and which of them support Update.
data "zuora_bulk_objects" "all" {}

data "zuora_bulk_objects" "updatable" {
  action = "Update"
}

output "loadable_object_types" {
  value = data.zuora_bulk_objects.all.objects[*].object_type
}

output "updatable_object_names" {
  value = data.zuora_bulk_objects.updatable.objects[*].object_name
}
