terraform {
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# Bulk jobs in the tenant, optionally only those with one status.
data "zuora_bulk_jobs" "failed" {
  status = "Failed"
}

output "failed_jobs" {
  value = { for j in data.zuora_bulk_jobs.failed.jobs : j.id => j.name }
}
