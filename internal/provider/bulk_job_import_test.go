package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// Arguments import cannot read back: Zuora does not echo them.
var notImported = []string{
	"source", "content", "delimiter", "has_headers", "headers", "is_custom_object", "custom_object_namespace",
	"max_failed_rows", "wait_for_completion", "validation", "pci_check", "max_file_bytes", "timeouts", "if_already_loaded",
}

func TestAccBulkJob_importCommand(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{SummaryObjectName: true, EpochTimestamps: true})
	content := accountRows("import", 2)
	source := writeJobFile(t, "accounts.jsonl", content)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, "")},
			{
				// Everything Zuora knows reads back the same, including the
				// hash of the file it holds; the links are fresh ones.
				ResourceName:            jobAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: append(notImported, "source_file_url", "error_rows_file_url", "success_rows_file_url"),
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("imported %d resources, want 1", len(states))
					}
					want := map[string]string{
						"source_sha256": sha256Hex(content), "object_type": "Account", "name": "accounts",
						"status": client.StatusCompleted, "rows_succeeded": "2",
					}
					for k, v := range want {
						if got := states[0].Attributes[k]; got != v {
							return fmt.Errorf("imported %s = %q, want %q", k, got, v)
						}
					}
					return nil
				},
			},
		},
	})
	if c := emu.Counts(); c.JobsCreated != 1 || c.Submissions != 1 {
		t.Errorf("emulator counts = %+v, want one job submitted once", c)
	}
}

// importConfig adopts job id as zuora_bulk_job.test with an import block.
func importConfig(url, id, source string) string {
	return jobConfig(url, source, "") + fmt.Sprintf(`
import {
  to = zuora_bulk_job.test
  id = %q
}
`, id)
}

// A job loaded outside Terraform, imported with a configuration pointing at
// the same file, only takes the configuration: nothing is loaded again.
func TestAccBulkJob_importSameFileLoadsNothing(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{SummaryObjectName: true})
	content := accountRows("adopted", 2)
	id := loadJob(t, emulatorClient(t, url), "accounts", content)
	source := writeJobFile(t, "accounts.jsonl", content)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// An import block is Terraform 1.5 and OpenTofu 1.6.
		TerraformVersionChecks: acctest.Requires(acctest.ImportBlocks),
		Steps: []resource.TestStep{
			{
				Config: importConfig(url, id, source),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("id", knownvalue.StringExact(id)),
					expectState("object_type", knownvalue.StringExact("Account")),
					expectState("source", knownvalue.StringExact(source)),
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(content))),
					expectState("status", knownvalue.StringExact(client.StatusCompleted)),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
				Check: expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
			{
				Config:           jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	if n := len(emu.Records("Account")); n != 2 {
		t.Errorf("the emulator stored %d accounts, want the 2 loaded once", n)
	}
}

// A different file than the imported job loaded is a new load: replacement.
func TestAccBulkJob_importOtherFileReplaces(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	id := loadJob(t, emulatorClient(t, url), "accounts", accountRows("old", 2))
	changed := accountRows("new", 3)
	source := writeJobFile(t, "accounts.jsonl", changed)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// An import block is Terraform 1.5 and OpenTofu 1.6.
		TerraformVersionChecks: acctest.Requires(acctest.ImportBlocks),
		Steps: []resource.TestStep{{
			Config: importConfig(url, id, source),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("source_sha256", knownvalue.StringExact(sha256Hex(changed))),
				expectState("rows_succeeded", knownvalue.Int64Exact(3)),
			},
			Check: expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 2, Submissions: 2}),
		}},
	})
}
