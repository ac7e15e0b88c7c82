# Seeds a whole test environment, each load referring to the records the
# one before created: the product catalogue (products, then their rate
# plans) and the accounts, which the repository keeps over time as
# zuora_bulk_dataset resources, then subscriptions to those rate plans and
# usage on those subscriptions, one-off loads as zuora_bulk_job resources.
# A dataset's ids attribute maps each row's key to its record id;
# zuora_bulk_job_results does the same for a job's success rows; and
# provider::zuora::jsonl turns HCL objects into the next load's content.
#
# Edit the catalogue or the accounts below and apply: the datasets send only
# the rows that changed (an Update job for a renamed product, an Import job
# for a new one). The subscriptions and usage are loaded once.
#
# terraform destroy takes it down again, in reverse order: usage first,
# then rate plans and products. The resources marked on_destroy =
# "delete_records" delete what they loaded; the others are only forgotten:
#   - Zuora's Data Loader has no Delete for subscriptions (only Cancel), so
#     the subscriptions stay;
#   - an account that owns a subscription, even a cancelled one, cannot be
#     deleted (best practices for delete jobs), so the accounts stay too.
# Zuora's pages do not say whether a tenant refuses to delete a product
# rate plan that a subscription still uses. If yours does, destroy stops
# with Zuora's reason quoted and the rate plans stay in state: set their
# on_destroy (and the products') to "forget" and destroy again.
#
# Runs against the local emulator (make emulator starts one) or a sandbox
# tenant: the provider reads ZUORA_BASE_URL (or ZUORA_ENVIRONMENT),
# ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET from the environment.

terraform {
  required_version = ">= 1.8"
  required_providers {
    zuora = {
      source = "zuora-tf/zuora"
    }
  }
}

provider "zuora" {}

locals {
  start = "2026-01-01"

  products = {
    "SEED-GOLD"   = "Gold plan"
    "SEED-SILVER" = "Silver plan"
  }
  # Rate plan name => product SKU.
  rate_plans = {
    "Gold monthly"   = "SEED-GOLD"
    "Silver monthly" = "SEED-SILVER"
  }
  # Account number => name.
  accounts = {
    "SEED-A-1" = "Acme Corporation"
    "SEED-A-2" = "Globex GmbH"
  }
  # Subscription number => account number and rate plan.
  subscriptions = {
    "SEED-S-1" = { account = "SEED-A-1", rate_plan = "Gold monthly" }
    "SEED-S-2" = { account = "SEED-A-2", rate_plan = "Silver monthly" }
  }
  contact = { firstName = "Ada", lastName = "Lovelace", country = "United States" }
}

# 1. The product catalogue, kept over time: a product added here is
#    imported, a renamed one updated, a removed rate plan deleted.
resource "zuora_bulk_dataset" "products" {
  object_type = "Product"
  key_field   = "sku"
  on_destroy  = "delete_records"
  content = provider::zuora::jsonl([
    for sku, name in local.products : {
      sku                = sku
      name               = name
      effectiveStartDate = local.start
      effectiveEndDate   = "2036-01-01"
    }
  ])
}

# Rate plans have no unique field: the key is the plan's name, which must
# be unique within the rows.
resource "zuora_bulk_dataset" "rate_plans" {
  object_type = "ProductRatePlan"
  key_field   = "name"
  on_remove   = "delete"
  on_destroy  = "delete_records"
  content = provider::zuora::jsonl([
    for name, sku in local.rate_plans : {
      productId = zuora_bulk_dataset.products.ids[sku]
      name      = name
    }
  ])
}

# 2. Customer accounts, kept over time too.
resource "zuora_bulk_dataset" "accounts" {
  object_type = "Account"
  key_field   = "accountNumber"
  # Each account owns a subscription below, which Zuora keeps, so a Delete
  # job would fail for every row: destroy forgets the accounts instead
  # (on_destroy defaults to "forget").
  content = provider::zuora::jsonl([
    for number, name in local.accounts : {
      accountNumber = number
      name          = name
      billCycleDay  = 1
      currency      = "USD"
      billToContact = local.contact
      soldToContact = local.contact
    }
  ])
}

# 3. Subscriptions: each names its account and rate plan by the ids the
#    datasets recorded. Loaded once: a one-off load is a zuora_bulk_job.
resource "zuora_bulk_job" "subscriptions" {
  name        = "seed: subscriptions"
  object_type = "Subscription"
  content = provider::zuora::jsonl([
    for number, s in local.subscriptions : {
      subscriptionNumber    = number
      accountId             = zuora_bulk_dataset.accounts.ids[s.account]
      termType              = "TERMED"
      initialTerm           = 12
      renewalTerm           = 12 # mandatory in the data dictionary
      contractEffectiveDate = local.start
      subscribeToRatePlans  = [{ productRatePlanId = zuora_bulk_dataset.rate_plans.ids[s.rate_plan] }]
    }
  ])
}

data "zuora_bulk_job_results" "subscriptions" {
  job_id    = zuora_bulk_job.subscriptions.id
  kind      = "successes"
  key_field = "subscriptionNumber"
}

# 4. Usage on every subscription that was created, as CSV.
resource "zuora_bulk_job" "usage" {
  name        = "seed: usage"
  object_type = "Usage"
  file_type   = "csv"
  on_destroy  = "delete_records"
  content = provider::zuora::csv([
    for number in sort(keys(data.zuora_bulk_job_results.subscriptions.ids)) : {
      accountNumber      = local.subscriptions[number].account
      subscriptionNumber = number
      quantity           = 10
      startDateTime      = "${local.start}T00:00:00"
      unitOfMeasure      = "Each"
      uniqueKey          = "seed-${number}"
    }
  ], ["accountNumber", "subscriptionNumber", "quantity", "startDateTime", "unitOfMeasure", "uniqueKey"])
}

output "account_ids" {
  value = zuora_bulk_dataset.accounts.ids
}

output "subscription_ids" {
  value = data.zuora_bulk_job_results.subscriptions.ids
}

output "usage_loaded" {
  value = "${zuora_bulk_job.usage.rows_succeeded} of ${zuora_bulk_job.usage.row_count} usage rows"
}
