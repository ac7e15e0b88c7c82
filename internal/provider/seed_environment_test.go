package provider

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// byField indexes records by one field's text.
func byField(records []map[string]any, field string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, r := range records {
		out[fmt.Sprint(r[field])] = r
	}
	return out
}

// examples/seed-environment as shipped (the catalogue and accounts as
// datasets, subscriptions and usage as jobs): applied, re-planned with no
// changes, destroyed, against the emulator. Not parallel: the example's
// provider block reads its settings from the environment.
func TestAccSeedEnvironmentExample(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	t.Setenv("ZUORA_BASE_URL", url)
	t.Setenv("ZUORA_CLIENT_ID", emulator.DefaultClientID)
	t.Setenv("ZUORA_CLIENT_SECRET", emulator.DefaultClientSecret)
	example := exampleConfig(t, "../../examples/seed-environment/main.tf")

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.Requires(acctest.ProviderFunctions),
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: example,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("usage_loaded", knownvalue.StringExact("2 of 2 usage rows")),
				},
				Check: func(s *terraform.State) error { return checkSeeded(emu, s) },
			},
			{
				Config:           example,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{Config: example, PlanOnly: true},
			{
				Config:  example,
				Destroy: true,
				Check: func(*terraform.State) error {
					for _, object := range []string{"Product", "ProductRatePlan", "Usage"} {
						if n := len(emu.Records(object)); n != 0 {
							return fmt.Errorf("%d %s records left after destroy", n, object)
						}
					}
					// Subscription has no Delete, and Zuora refuses to delete an
					// account that owns a subscription (best practices for delete
					// jobs), so the example forgets both on destroy.
					for _, object := range []string{"Subscription", "Account"} {
						if n := len(emu.Records(object)); n != 2 {
							return fmt.Errorf("%d %s records after destroy, want the 2 the example forgets", n, object)
						}
					}
					return nil
				},
			},
		},
	})
}

// checkSeeded follows every reference the example makes through what the
// emulator stored, and matches the ids state holds.
func checkSeeded(emu *emulator.Server, s *terraform.State) error {
	products := byField(emu.Records("Product"), "sku")
	plans := byField(emu.Records("ProductRatePlan"), "name")
	accounts := byField(emu.Records("Account"), "accountNumber")
	subs := byField(emu.Records("Subscription"), "subscriptionNumber")
	usage := emu.Records("Usage")
	if len(products) != 2 || len(plans) != 2 || len(accounts) != 2 || len(subs) != 2 || len(usage) != 2 {
		return fmt.Errorf("stored %d products, %d rate plans, %d accounts, %d subscriptions, %d usage; want 2 of each",
			len(products), len(plans), len(accounts), len(subs), len(usage))
	}
	if plans["Gold monthly"]["productId"] != products["SEED-GOLD"]["Id"] {
		return fmt.Errorf("Gold monthly belongs to %v, not SEED-GOLD %v", plans["Gold monthly"]["productId"], products["SEED-GOLD"]["Id"])
	}
	for number, want := range map[string]struct{ account, plan string }{
		"SEED-S-1": {"SEED-A-1", "Gold monthly"}, "SEED-S-2": {"SEED-A-2", "Silver monthly"},
	} {
		sub := subs[number]
		if sub["accountId"] != accounts[want.account]["Id"] {
			return fmt.Errorf("%s is on account %v, want %s's %v", number, sub["accountId"], want.account, accounts[want.account]["Id"])
		}
		rps, _ := sub["subscribeToRatePlans"].([]any)
		var first map[string]any
		if len(rps) == 1 {
			first, _ = rps[0].(map[string]any)
		}
		if first == nil || first["productRatePlanId"] != plans[want.plan]["Id"] {
			return fmt.Errorf("%s subscribes to %v, want %s %v", number, rps, want.plan, plans[want.plan]["Id"])
		}
	}
	// The catalogue and the accounts are datasets: each key's record id in
	// state is the record the emulator stored under that key.
	for address, stored := range map[string]map[string]map[string]any{
		"zuora_bulk_dataset.products": products, "zuora_bulk_dataset.rate_plans": plans, "zuora_bulk_dataset.accounts": accounts,
	} {
		rs := s.RootModule().Resources[address]
		if rs == nil {
			return fmt.Errorf("%s is not in state", address)
		}
		for key, rec := range stored {
			if got := rs.Primary.Attributes["ids."+key]; got != rec["Id"] {
				return fmt.Errorf("%s.ids[%s] = %q, emulator stored %v", address, key, got, rec["Id"])
			}
		}
	}
	outputs := s.RootModule().Outputs
	ids, _ := outputs["account_ids"].Value.(map[string]any)
	for number, rec := range accounts {
		if ids[number] != rec["Id"] {
			return fmt.Errorf("output account_ids[%s] = %v, emulator stored %v", number, ids[number], rec["Id"])
		}
	}
	for _, u := range usage {
		if sub := subs[fmt.Sprint(u["subscriptionNumber"])]; sub == nil || fmt.Sprint(u["quantity"]) != "10" {
			return fmt.Errorf("usage %v does not point at a seeded subscription", u)
		}
	}
	return nil
}

// terraformBlock is an example's top-level terraform block: the test harness
// serves the provider under its own address, so the example's
// required_providers source must go.
var terraformBlock = regexp.MustCompile(`(?ms)^terraform \{\n.*?^\}\n`)

func exampleConfig(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := terraformBlock.ReplaceAllString(string(b), "")
	if out == string(b) {
		t.Fatalf("%s has no terraform block to replace", file)
	}
	return out
}
