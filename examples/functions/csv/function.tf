terraform {
  required_version = ">= 1.8"
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

locals {
  products = [
    { name = "Gold, annual", sku = "GOLD-1", effectiveStartDate = "2026-01-01", effectiveEndDate = "2036-01-01" },
    { name = "Silver \"lite\"", sku = "SILVER-1", effectiveStartDate = "2026-01-01", effectiveEndDate = "2036-01-01" },
  ]
}

# name,sku,effectiveStartDate,effectiveEndDate
# "Gold, annual",GOLD-1,2026-01-01,2036-01-01
# "Silver ""lite""",SILVER-1,2026-01-01,2036-01-01
resource "zuora_bulk_job" "products" {
  name        = "products"
  object_type = "Product"
  file_type   = "csv"
  content     = provider::zuora::csv(local.products, ["name", "sku", "effectiveStartDate", "effectiveEndDate"])
}
