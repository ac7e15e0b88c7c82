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

# One entity of a multi-entity tenant, in another data center.
provider "zuora" {
  alias       = "eu"
  environment = "eu-production"
  entity_id   = "8a8aa0b87f6d5b3a017f6e1c2d3e4f50"
}

# The local emulator (`go run ./cmd/zuora-emulator` prints its URL; its
# credentials are emulator-client / emulator-secret). Plain http is accepted
# only for loopback addresses.
provider "zuora" {
  alias    = "emulator"
  base_url = "http://127.0.0.1:38123"
}
