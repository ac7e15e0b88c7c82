# Rows that may hold personal data, passed in at run time and kept out of
# state and plan output: content_wo is write-only (Terraform 1.11 and
# later), and an ephemeral variable is never saved either. State records
# only the SHA-256 and size of what was loaded.
variable "pilot_contacts_jsonl" {
  type      = string
  ephemeral = true
}

resource "zuora_bulk_job" "pilot_contacts" {
  name        = "Pilot customers' contacts"
  object_type = "Contact"
  content_wo  = var.pilot_contacts_jsonl
}
