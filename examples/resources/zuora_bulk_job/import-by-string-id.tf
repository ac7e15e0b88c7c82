# Adopt an existing bulk job by its Zuora job id (Terraform 1.5 and later),
# in configuration rather than with `terraform import`. With `source` on the
# file that job loaded, the plan imports the job and loads nothing again.
import {
  to = zuora_bulk_job.accounts
  id = "dd447e38-6d9e-418d-9e61-6b553479727a"
}
