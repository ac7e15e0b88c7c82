# Import the accounts in accounts.jsonl (one JSON object per line). The file
# is checked against Zuora's field metadata at plan time; apply uploads it,
# submits the job and waits until Zuora has processed every row.
resource "zuora_bulk_job" "accounts" {
  name        = "Seed accounts"
  description = "Customer accounts for the staging tenant"
  object_type = "Account"
  job_type    = "Import"
  source      = "${path.module}/accounts.jsonl"

  # Fail the apply when Zuora refuses more than 10 rows (by default failed
  # rows are a warning; the counts and error-rows file are in state).
  max_failed_rows = 10

  timeouts {
    create = "30m"
  }
}

# Small loads can be written inline. An Update identifies each record by Id.
resource "zuora_bulk_job" "payment_terms" {
  name        = "Move test accounts to Net 45"
  object_type = "Account"
  job_type    = "Update"
  file_type   = "csv"
  has_headers = true
  content     = <<-CSV
    Id,paymentTerm
    8a90a0b87f6d5b3a017f6e1c2d3e0001,Net 45
    8a90a0b87f6d5b3a017f6e1c2d3e0002,Net 45
  CSV
}

output "accounts_loaded" {
  value = "${zuora_bulk_job.accounts.rows_succeeded} of ${zuora_bulk_job.accounts.row_count} rows (${zuora_bulk_job.accounts.status})"
}
