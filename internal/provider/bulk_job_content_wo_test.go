package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// writeOnlyRows are valid Account rows whose names carry marker, a string
// that must appear nowhere in state or plan.
func writeOnlyRows(marker string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(accountRow(map[string]any{"name": fmt.Sprintf("%q", fmt.Sprintf("%s-%d", marker, i))}))
	}
	return b.String()
}

// absentFromState fails when marker occurs anywhere in the resource's
// values as `terraform show -json` reports them.
type absentFromState struct{ addr, marker string }

func (c absentFromState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = markerInState(req.State, c.addr, c.marker)
}

func markerInState(s *tfjson.State, addr, marker string) error {
	if s == nil || s.Values == nil || s.Values.RootModule == nil {
		return fmt.Errorf("no state")
	}
	for _, r := range s.Values.RootModule.Resources {
		if r.Address != addr {
			continue
		}
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), marker) {
			return fmt.Errorf("%s holds %q in state", addr, marker)
		}
		return nil
	}
	return fmt.Errorf("%s not in state", addr)
}

// absentFromPlan fails when marker occurs in what the plan computed (its
// planned values, resource changes and prior state). The plan's copy of
// the configuration is left out: it is the user's own file.
type absentFromPlan struct{ marker string }

func (c absentFromPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for name, part := range map[string]any{
		"planned_values": req.Plan.PlannedValues, "resource_changes": req.Plan.ResourceChanges, "prior_state": req.Plan.PriorState,
	} {
		b, err := json.Marshal(part)
		if err != nil {
			resp.Error = err
			return
		}
		if strings.Contains(string(b), c.marker) {
			resp.Error = fmt.Errorf("the plan's %s hold %q", name, c.marker)
			return
		}
	}
}

// The checks above must catch a value that is in state, or they prove
// nothing.
func TestMarkerInStateFindsValues(t *testing.T) {
	t.Parallel()
	s := &tfjson.State{Values: &tfjson.StateValues{RootModule: &tfjson.StateModule{Resources: []*tfjson.StateResource{
		{Address: jobAddr, AttributeValues: map[string]any{"content": "row of Secret-42"}},
	}}}}
	if err := markerInState(s, jobAddr, "Secret-42"); err == nil {
		t.Error("a value in state was not found")
	}
	if err := markerInState(s, jobAddr, "Other"); err != nil {
		t.Errorf("unexpected: %v", err)
	}
}

// content_wo loads like content but stays out of state and plan: state
// records only its SHA-256 and size, the same value plans nothing, a new
// value plans a new job, and bad rows are refused at plan as for content.
func TestAccBulkJob_contentWriteOnly(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	const marker = "WriteOnlyMarker"
	first, second := writeOnlyRows(marker+"A", 2), writeOnlyRows(marker+"B", 3)
	uploadedSHA := func(want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			jobs := emu.Jobs()
			if len(jobs) != len(want) {
				return fmt.Errorf("%d jobs in the emulator, want %d", len(jobs), len(want))
			}
			for i, j := range jobs {
				if j.Upload == nil || j.Upload.SHA256 != want[i] {
					return fmt.Errorf("job %d uploaded %+v, want SHA-256 %s", i+1, j.Upload, want[i])
				}
			}
			return nil
		}
	}
	recorded := func(rows string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			expectState("content_wo", knownvalue.Null()),
			expectState("content", knownvalue.Null()),
			expectState("source_sha256", knownvalue.StringExact(sha256Hex(rows))),
			expectState("source_size_bytes", knownvalue.Int64Exact(int64(len(rows)))),
			expectState("status", knownvalue.StringExact("Completed")),
			absentFromState{jobAddr, marker},
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   acctest.Requires(acctest.WriteOnlyAttributes),
		Steps: []resource.TestStep{
			{
				Config: contentWOConfig(url,
					accountRow(map[string]any{"billCycleDay": "32"})+
						accountRow(map[string]any{"notes": `"card 4111111111111111"`}), ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)content_wo:1: billCycleDay.*possible PCI data.*content_wo:2: notes`),
			},
			{
				Config:      contentWOConfig(url, first, `  content = "{}"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)source,content,content_wo`),
			},
			{
				Config: contentWOConfig(url, first, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionCreate),
					absentFromPlan{marker},
				}},
				ConfigStateChecks: recorded(first),
				Check:             uploadedSHA(sha256Hex(first)),
			},
			{
				Config: contentWOConfig(url, first, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: uploadedSHA(sha256Hex(first)),
			},
			{
				// A behaviour setting changes in place and keeps the record.
				Config: contentWOConfig(url, first, "  max_failed_rows = 3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				Check: uploadedSHA(sha256Hex(first)),
			},
			{
				Config: contentWOConfig(url, first, "  max_failed_rows = 3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				Config: contentWOConfig(url, second, "  max_failed_rows = 3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
					absentFromPlan{marker},
				}},
				ConfigStateChecks: recorded(second),
				Check:             uploadedSHA(sha256Hex(first), sha256Hex(second)),
			},
		},
	})
}

// A job loaded from content is adopted by a content_wo resource carrying
// the same rows, through an import block, without a new job; from then on
// it is a content_wo job: the same value plans nothing, another value a
// new job. The job leaves its first resource through a removed block, as
// the docs' recipe does.
func TestAccBulkJob_contentWriteOnlyAdoptsImportedJob(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	rows := writeOnlyRows("Adopted", 2)
	// The job id is known only after the first step; the map is shared
	// with the later steps, which read it when they run.
	vars := config.Variables{}
	adopt := func(rows string) string {
		return providerConfig(url) + fmt.Sprintf(`
variable "job_id" {
  type = string
}

removed {
  from = zuora_bulk_job.seed
  lifecycle {
    destroy = false
  }
}

import {
  to = zuora_bulk_job.test
  id = var.job_id
}

resource "zuora_bulk_job" "test" {
  name        = "accounts"
  object_type = "Account"
  content_wo  = %q
}
`, rows)
	}
	jobs := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n := len(emu.Jobs()); n != want {
				return fmt.Errorf("%d jobs in the emulator, want %d", n, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   acctest.Requires(acctest.WriteOnlyAttributes, acctest.RemovedBlocks, acctest.ImportBlocks),
		Steps: []resource.TestStep{
			{
				Config: providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "seed" {
  name        = "accounts"
  object_type = "Account"
  content     = %q
}
`, rows),
				Check: func(s *terraform.State) error {
					vars["job_id"] = config.StringVariable(s.RootModule().Resources["zuora_bulk_job.seed"].Primary.ID)
					return jobs(1)(s)
				},
			},
			{
				Config:          adopt(rows),
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("content", knownvalue.Null()),
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(rows))),
					absentFromState{jobAddr, "Adopted"},
				},
				Check: jobs(1),
			},
			{
				Config:          adopt(rows),
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				Config:          adopt(writeOnlyRows("Readopted", 1)),
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
				}},
				Check: jobs(2),
			},
		},
	})
}

// Rows of content_wo are checked at plan like any others, and the problems
// name the line and the field without quoting a value (rowcheck's Redact).
func TestCheckSource_contentWriteOnlyQuotesNoValue(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	content := accountRow(map[string]any{"billCycleDay": `"SSN 078-05-1120"`}) +
		`{"name":"Acme","billCycleDay":1,"currency":"USD","batch":"Batch99-hunter2-secret-token"}` + "\n" +
		accountRow(map[string]any{"currency": `"WOSECRET-CUR"`}) +
		accountRow(map[string]any{"notes": `"WOSECRET card 4111111111111111"`})
	in := accountCheck(pd, t, content)
	in.Attr = path.Root("content_wo")

	_, diags := pd.checkSource(t.Context(), in)

	var all strings.Builder
	for _, d := range diags {
		all.WriteString(d.Summary() + "\n" + d.Detail() + "\n")
	}
	for _, want := range []string{`(?m)^content_wo:1: billCycleDay: `, `(?m)^content_wo:2: batch: `,
		`(?m)^content_wo:3: currency: `, `(?m)^content_wo:4: notes: `} {
		if !regexp.MustCompile(want).MatchString(all.String()) {
			t.Errorf("diagnostics do not match %s:\n%s", want, all.String())
		}
	}
	for _, secret := range []string{"078-05-1120", "hunter2", "WOSECRET", "1111"} {
		if strings.Contains(all.String(), secret) {
			t.Errorf("diagnostics quote %q:\n%s", secret, all.String())
		}
	}
}

// The run's record masks only a job it knows was loaded from content_wo;
// an unknown job is left to its name's marker.
func TestJobSources(t *testing.T) {
	t.Parallel()
	var s jobSources
	if s.loadedWriteOnly("J1") {
		t.Error("an unknown job is taken as loaded from content_wo")
	}
	s.note("J1", false)
	s.note("J2", true)
	if s.loadedWriteOnly("J1") || !s.loadedWriteOnly("J2") || s.loadedWriteOnly("J3") {
		t.Errorf("J1 (content) %v, J2 (content_wo) %v, J3 (unknown) %v; want false, true, false",
			s.loadedWriteOnly("J1"), s.loadedWriteOnly("J2"), s.loadedWriteOnly("J3"))
	}
	s.note("J2", false) // another resource holding the same job
	if !s.loadedWriteOnly("J2") {
		t.Error("a job one resource loaded from content_wo is unmasked by another")
	}
}
