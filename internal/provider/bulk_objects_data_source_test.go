package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

func TestAccBulkObjectsDataSource(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	account := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"object_name": knownvalue.StringExact("accounts-and-contacts"),
		"object_type": knownvalue.StringExact("Account"),
		"actions_supported": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("import"), knownvalue.StringExact("update"), knownvalue.StringExact("delete"),
		}),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// Refused by validation, before anything is read.
			Config: providerConfig(url) + `
data "zuora_bulk_objects" "bad" {
  action = "upsert"
}
`,
			ExpectError: regexp.MustCompile(`(?i)value must be one of[\s\S]*"import"`),
		}, {
			Config: providerConfig(url) + `
data "zuora_bulk_objects" "all" {}

data "zuora_bulk_objects" "updatable" {
  action = "update"
}

data "zuora_bulk_objects" "cancelable" {
  action = "CANCEL"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zuora_bulk_objects.all", tfjsonpath.New("id"), knownvalue.StringExact("all")),
				statecheck.ExpectKnownValue("data.zuora_bulk_objects.all", tfjsonpath.New("objects"),
					knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"object_name": knownvalue.StringExact("accounting-code")}),
						1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"object_name": knownvalue.StringExact("accounting-period")}),
						2: account,
					})),
				// accounting-period supports import and delete only, so
				// accounts-and-contacts moves up to second place.
				statecheck.ExpectKnownValue("data.zuora_bulk_objects.updatable", tfjsonpath.New("objects"),
					knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"object_name": knownvalue.StringExact("accounting-code")}),
						1: account,
					})),
				statecheck.ExpectKnownValue("data.zuora_bulk_objects.cancelable", tfjsonpath.New("id"), knownvalue.StringExact("cancel")),
				// Only subscriptions can be canceled in the catalogue.
				statecheck.ExpectKnownValue("data.zuora_bulk_objects.cancelable", tfjsonpath.New("objects"),
					knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"object_name": knownvalue.StringExact("subscription"),
							"object_type": knownvalue.StringExact("Subscription"),
						}),
					})),
			},
		}},
	})
}
