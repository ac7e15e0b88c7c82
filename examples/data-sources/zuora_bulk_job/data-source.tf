terraform {
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# Look up a bulk job by id, for example one started outside Terraform.
data "zuora_bulk_job" "nightly" {
  id = "dd447e38-6d9e-418d-9e61-6b553479727a"
}

output "nightly_job" {
  value = {
    status         = data.zuora_bulk_job.nightly.status
    rows_succeeded = data.zuora_bulk_job.nightly.rows_succeeded
    rows_failed    = data.zuora_bulk_job.nightly.rows_failed
  }
}
