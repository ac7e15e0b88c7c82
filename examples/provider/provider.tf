terraform {
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

# Credentials come from the environment, never from the configuration:
#   export ZUORA_CLIENT_ID=...  ZUORA_CLIENT_SECRET=...
provider "zuora" {
  environment = "us-cloud2-api-sandbox"

  # Optional tuning; these are the defaults.
  max_retries         = 4
  max_concurrent_jobs = 5
}

# Against a single entity of a multi-entity tenant, or the local emulator
# (plain http is accepted only for loopback addresses):
provider "zuora" {
  alias    = "emulator"
  base_url = "http://127.0.0.1:38123"
}
