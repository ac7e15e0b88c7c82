package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// The documented examples of this feature work as written: each is applied
// against the emulator and what it loaded is checked there.
func TestAccDocumentedExamples(t *testing.T) {
	for _, c := range []struct {
		file  string
		check func(*emulator.Server) error
	}{
		{"data-sources/zuora_bulk_job_results/data-source.tf", func(emu *emulator.Server) error {
			accounts := byField(emu.Records("Account"), "accountNumber")
			contacts := emu.Records("Contact")
			if len(contacts) != 1 || accounts["A-EX-0001"] == nil || contacts[0]["accountId"] != accounts["A-EX-0001"]["Id"] {
				return fmt.Errorf("contacts %v not on account A-EX-0001", contacts)
			}
			return nil
		}},
		{"resources/zuora_bulk_job/data-dictionary-csv.tf", func(emu *emulator.Server) error {
			got := byField(emu.Records("Account"), "accountNumber")
			contact, _ := got["A-DD-0002"]["billToContact"].(map[string]any)
			if len(got) != 2 || got["A-DD-0001"]["name"] != "Acme Corp" || contact["lastName"] != "Hopper" || got["A-DD-0001"]["Row"] != nil {
				return fmt.Errorf("accounts stored: %v", got)
			}
			return nil
		}},
		{"resources/zuora_bulk_dataset/resource.tf", func(emu *emulator.Server) error {
			accounts, contacts := byField(emu.Records("Account"), "accountNumber"), emu.Records("Contact")
			if len(accounts) != 3 || len(contacts) != 1 || contacts[0]["accountId"] != accounts["A-EX-0001"]["Id"] {
				return fmt.Errorf("accounts %v, contacts %v", accounts, contacts)
			}
			return nil
		}},
		{"resources/zuora_bulk_dataset/csv.tf", func(emu *emulator.Server) error {
			got := byField(emu.Records("Account"), "accountNumber")
			contact, _ := got["A-CSV-0002"]["billToContact"].(map[string]any)
			if len(got) != 2 || got["A-CSV-0001"]["name"] != "Acme Corp" || contact["lastName"] != "Hopper" {
				return fmt.Errorf("accounts stored: %v", got)
			}
			return nil
		}},
		{"resources/zuora_bulk_dataset/catalogue.tf", func(emu *emulator.Server) error {
			products, plans := byField(emu.Records("Product"), "sku"), byField(emu.Records("ProductRatePlan"), "name")
			if len(products) != 2 || len(plans) != 3 || plans["Gold Monthly"]["productId"] != products["GOLD"]["Id"] {
				return fmt.Errorf("products %v, rate plans %v", products, plans)
			}
			return nil
		}},
		{"functions/jsonl/function.tf", func(emu *emulator.Server) error {
			if got := byField(emu.Records("Account"), "accountNumber"); len(got) != 2 || got["ACME-2"]["name"] != "Acme ACME-2" {
				return fmt.Errorf("accounts stored: %v", got)
			}
			return nil
		}},
		{"functions/csv/function.tf", func(emu *emulator.Server) error {
			if got := byField(emu.Records("Product"), "sku"); len(got) != 2 || got["SILVER-1"]["name"] != `Silver "lite"` || got["GOLD-1"]["name"] != "Gold, annual" {
				return fmt.Errorf("products stored: %v", got)
			}
			return nil
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			emu, url := startEmulator(t, emulator.Options{})
			t.Setenv("ZUORA_BASE_URL", url)
			t.Setenv("ZUORA_CLIENT_ID", emulator.DefaultClientID)
			t.Setenv("ZUORA_CLIENT_SECRET", emulator.DefaultClientSecret)
			file := filepath.Join("..", "..", "examples", c.file)
			dir, err := filepath.Abs(filepath.Dir(file))
			if err != nil {
				t.Fatal(err)
			}
			config := strings.ReplaceAll(exampleConfig(t, file), "${path.module}", dir)
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   acctest.Requires(acctest.ProviderFunctions),
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config, Check: func(*terraform.State) error { return c.check(emu) }},
					{Config: config, PlanOnly: true},
				},
			})
		})
	}
}
