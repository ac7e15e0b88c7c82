terraform {
  required_version = ">= 1.8"
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# The product catalogue, kept in the repository: one product per line, each
# with its SKU. A new product is imported, a renamed one updated in place.
resource "zuora_bulk_dataset" "products" {
  object_type = "Product"
  source      = "${path.module}/products.jsonl"
  key_field   = "sku"
}

# Rate plans refer to their product by the record id the products dataset
# recorded for its SKU. Rate plans have no unique field, so the key is the
# plan's name: it must be unique within the rows.
resource "zuora_bulk_dataset" "rate_plans" {
  object_type = "ProductRatePlan"
  key_field   = "name"
  on_remove   = "delete"
  content = provider::zuora::jsonl([
    for plan in [
      { sku = "SILVER", name = "Silver Monthly" },
      { sku = "SILVER", name = "Silver Annual" },
      { sku = "GOLD", name = "Gold Monthly" },
      ] : {
      productId = zuora_bulk_dataset.products.ids[plan.sku]
      name      = plan.name
    }
  ])
}
