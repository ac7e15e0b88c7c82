# Records are removed by a Delete job, one Id per row; destroying the job
# that loaded them does not remove them. The rows can be built inline.
locals {
  retired_account_ids = [
    "8a90a0b87f6d5b3a017f6e1c2d3e0003",
    "8a90a0b87f6d5b3a017f6e1c2d3e0004",
  ]
}

resource "zuora_bulk_job" "retire_accounts" {
  name        = "Delete retired test accounts"
  object_type = "Account"
  job_type    = "Delete"
  content     = join("", [for id in local.retired_account_ids : "${jsonencode({ Id = id })}\n"])
}
