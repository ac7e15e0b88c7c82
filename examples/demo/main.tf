# The `make demo` configuration: runs against the local Zuora emulator that
# scripts/demo.sh starts. The provider block holds no credentials; the
# script exports ZUORA_BASE_URL, ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET.

terraform {
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

provider "zuora" {}

# What Data Loader can load in this tenant.
data "zuora_bulk_objects" "all" {}

# What an Account import row must contain.
data "zuora_bulk_object_fields" "account_import" {
  object_name = "accounts-and-contacts"
  action      = "Import"
}

# Twelve accounts with bill-to contacts. Every row passes the plan-time
# check against the field metadata above, but two are rejected by Zuora
# itself, for business reasons the metadata cannot express:
#   - line 11, "Initech Holdings", reuses account number DEMO-0003, which
#     line 3 ("Initech Ltd") has just taken: account numbers are unique;
#   - line 12, "Globex Benelux B.V.", names a parent account (parentId)
#     that does not exist in the tenant.
# Failed rows do not fail the apply: the job completes, apply prints a
# warning quoting the rejected rows with Zuora's reason for each, and the
# counts and the error-rows file link are recorded in state. Setting
# max_failed_rows = 0 would make the apply fail instead.
resource "zuora_bulk_job" "accounts" {
  name        = "Demo: seed accounts"
  description = "Customer accounts for the demo tenant"
  object_type = "Account"
  job_type    = "Import"
  source      = "${path.module}/accounts.jsonl"
}

output "loadable_objects" {
  description = "Every object Data Loader can load, with the job types it supports."
  value       = { for o in data.zuora_bulk_objects.all.objects : o.object_type => o.actions_supported }
}

output "account_import_required_fields" {
  description = "The fields every Account import row must have."
  value       = data.zuora_bulk_object_fields.account_import.required_paths
}

output "account_import_job" {
  description = "The bulk job that loaded accounts.jsonl."
  value = {
    id             = zuora_bulk_job.accounts.id
    status         = zuora_bulk_job.accounts.status
    row_count      = zuora_bulk_job.accounts.row_count
    rows_succeeded = zuora_bulk_job.accounts.rows_succeeded
    rows_failed    = zuora_bulk_job.accounts.rows_failed
    source_sha256  = zuora_bulk_job.accounts.source_sha256
  }
}

# The rows Zuora rejected, read back from the job's error-rows file while
# the emulator still runs (make demo stops it when it ends).
data "zuora_bulk_job_results" "account_errors" {
  job_id = zuora_bulk_job.accounts.id
  kind   = "errors"
}

output "account_import_errors" {
  description = "What Zuora rejected: each row's line in accounts.jsonl and Zuora's reason."
  value = {
    summary            = format("%d of %d rows were rejected by Zuora", zuora_bulk_job.accounts.rows_failed, zuora_bulk_job.accounts.row_count)
    job_failure_reason = coalesce(zuora_bulk_job.accounts.failure_reason, "none: the job completed, only some rows failed")
    rejected_rows      = [for r in data.zuora_bulk_job_results.account_errors.rows : "line ${coalesce(r.line, 0)}: ${r.reason}"]
  }
}
