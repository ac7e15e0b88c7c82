package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

const accountsCSV = "name,billCycleDay,currency,billToContact.firstName,billToContact.lastName,billToContact.country," +
	"soldToContact.firstName,soldToContact.lastName,soldToContact.country\n" +
	"CSV One,1,USD,Ada,Lovelace,Ireland,Ada,Lovelace,Ireland\n" +
	"CSV Two,15,EUR,Alan,Turing,France,Alan,Turing,France\n"

// A .csv source defaults file_type to csv and has_headers to true; the
// plan knows the hash.
func TestAccBulkJob_csvFromExtension(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.csv", accountsCSV)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("file_type"), knownvalue.StringExact("csv")),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(sha256Hex(accountsCSV))),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("source_size_bytes"), knownvalue.Int64Exact(int64(len(accountsCSV)))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("file_type", knownvalue.StringExact("csv")),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
			},
			{
				Config:           jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	if n := len(emu.Records("Account")); n != 2 {
		t.Errorf("the emulator stored %d accounts, want 2", n)
	}
}

// A source known only at apply leaves the hash unknown in the plan; Create
// checks and hashes the file before anything is sent.
func TestAccBulkJob_sourceKnownOnlyAtApply(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("later", 2)
	source := writeJobFile(t, "accounts.jsonl", content)
	config := providerConfig(url) + fmt.Sprintf(`
resource "terraform_data" "path" {
  input = %q
}

resource "zuora_bulk_job" "test" {
  name        = "accounts"
  object_type = "Account"
  source      = terraform_data.path.output
}
`, source)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(jobAddr, tfjsonpath.New("source_sha256")),
					plancheck.ExpectUnknownValue(jobAddr, tfjsonpath.New("file_type")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(content))),
					expectState("file_type", knownvalue.StringExact("jsonl")),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	if c := emu.Counts(); c.JobsCreated != 1 || c.Submissions != 1 {
		t.Errorf("emulator counts = %+v, want one job submitted once", c)
	}
}

func TestAccBulkJob_planErrors(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("bad", 1))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      jobConfig(url, source, `  delimiter = ";"`),
				ExpectError: regexp.MustCompile(`(?s)CSV-only argument on a JSON-lines job.*delimiter applies to CSV files only`),
			},
			{
				Config:      jobConfig(url, source, `  content = "{}"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*source.*content`),
			},
			{
				Config: providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "test" {
  name        = "accounts"
  object_type = "Acount"
  source      = %q
}
`, source),
				ExpectError: regexp.MustCompile(`(?s)object_type.*Account`),
			},
		},
	})
	requireNoJobs(t, emu)
}

// rewriteBeforeApply is a pre-apply plan check that edits the file after
// the plan was saved: what `terraform plan -out` then an edit then
// `terraform apply planfile` does.
type rewriteBeforeApply struct {
	t             *testing.T
	file, content string
}

func (c rewriteBeforeApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	rewriteJobFile(c.t, c.file, c.content)
}

// A file edited between plan -out and apply of that plan is never sent.
// The provider cannot name the file here: the apply-time plan Terraform asks
// for carries the configuration and the prior state, not the saved plan, so
// it looks like a fresh plan of the new bytes, and Terraform itself refuses
// the difference from the saved plan ("Provider produced inconsistent final
// plan") before any change reaches the provider. Create's own check of the
// planned hash is the second line, for an edit after that point.
func TestAccBulkJob_fileChangedBetweenSavedPlanAndApply(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("saved", 2))
	inconsistent := regexp.MustCompile(`(?s)inconsistent final plan.*source_sha256`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					rewriteBeforeApply{t, source, accountRows("edited", 3)},
				}},
				ExpectError: inconsistent,
			},
			{
				// Nothing was created: the next plan is a create again.
				PreConfig: func() {
					if err := expectCounts(emu, emulator.Counts{})(nil); err != nil {
						t.Error(err)
					}
					rewriteJobFile(t, source, accountRows("saved", 2))
				},
				Config: jobConfig(url, source, ""),
				Check:  expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
			{
				// An in-place edit planned, then the file changed: the
				// planned update would become a new job, which Terraform
				// refuses in the same way. Nothing new reaches Zuora.
				Config: jobConfig(url, source, `description = "edited"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
					rewriteBeforeApply{t, source, accountRows("edited again", 3)},
				}},
				ExpectError: regexp.MustCompile(`inconsistent final plan`),
				Check:       expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
		},
	})
	if err := expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})(nil); err != nil {
		t.Error(err)
	}
}
