# One bulk job per file in a folder. Adding a file plans one new job;
# editing a file replaces only that file's job; the other files are not
# loaded again.
resource "zuora_bulk_job" "products" {
  for_each = fileset("${path.module}/products", "*.jsonl")

  name        = "Seed products: ${trimsuffix(each.value, ".jsonl")}"
  object_type = "Product"
  source      = "${path.module}/products/${each.value}"
}
