# Bulk jobs are imported by their Zuora job id.
terraform import zuora_bulk_job.accounts dd447e38-6d9e-418d-9e61-6b553479727a
