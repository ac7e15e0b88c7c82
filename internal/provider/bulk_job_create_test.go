package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// A submission Zuora took but whose answer was lost is recognised from the
// job's status: the job is waited for, never submitted again.
func TestAccBulkJob_lostSubmissionAnswer(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	emu.InjectFault(emulator.Fault{Method: http.MethodPost, PathSuffix: "/submissions", Status: http.StatusBadGateway, AfterHandling: true, Times: 10})
	source := writeJobFile(t, "accounts.jsonl", accountRows("lost", 2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("status", knownvalue.StringExact(client.StatusCompleted)),
				expectState("rows_succeeded", knownvalue.Int64Exact(2)),
			},
			Check: expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
		}},
	})
}

// An upload that fails leaves no orphan: the job is cancelled, never
// submitted, and nothing is saved.
func TestAccBulkJob_uploadRefusedCancelsTheJob(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	emu.InjectFault(emulator.Fault{Method: http.MethodPost, PathSuffix: "-emulator", Status: http.StatusForbidden, Times: 10})
	source := writeJobFile(t, "accounts.jsonl", accountRows("refused", 2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      jobConfig(url, source, ""),
			ExpectError: regexp.MustCompile(`Cannot upload the file`),
		}},
	})
	want := emulator.Counts{JobsCreated: 1, Cancellations: 1}
	if err := expectCounts(emu, want)(nil); err != nil {
		t.Error(err)
	}
	if jobs := emu.Jobs(); len(jobs) != 1 || jobs[0].Status != client.StatusCancelled {
		t.Errorf("emulator jobs = %+v, want one Cancelled", jobs)
	}
}

func TestAccBulkJob_createWaitsAndRecords(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("create", 3)
	source := writeJobFile(t, "accounts.jsonl", content)
	changed := accountRows("changed", 2)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: jobConfig(url, source, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("status", knownvalue.StringExact(client.StatusCompleted)),
					expectState("row_count", knownvalue.Int64Exact(3)),
					expectState("rows_succeeded", knownvalue.Int64Exact(3)),
					expectState("rows_failed", knownvalue.Int64Exact(0)),
					expectState("failure_reason", knownvalue.Null()),
					expectState("job_type", knownvalue.StringExact("Import")),
					expectState("file_type", knownvalue.StringExact("jsonl")),
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(content))),
					expectState("source_size_bytes", knownvalue.Int64Exact(int64(len(content)))),
					expectState("created_at", knownvalue.StringRegexp(rfc3339UTC)),
					expectState("submitted_at", knownvalue.StringRegexp(rfc3339UTC)),
					expectState("last_updated_at", knownvalue.StringRegexp(rfc3339UTC)),
					expectState("source_file_url", knownvalue.NotNull()),
					expectState("error_rows_file_url", knownvalue.NotNull()),
					expectState("success_rows_file_url", knownvalue.NotNull()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
					func(s *terraform.State) error {
						id, err := stateJobID(s)
						if err != nil {
							return err
						}
						job, ok := emu.Job(id)
						switch {
						case !ok:
							return fmt.Errorf("the emulator has no job %s", id)
						case job.Upload == nil || job.Upload.SHA256 != sha256Hex(content):
							return fmt.Errorf("the emulator stored upload %+v, want SHA-256 %s", job.Upload, sha256Hex(content))
						case loadguard.UnmarkedName(job.Name) != "accounts" || !loadguard.CarriesMarker(job.Name, sha256Hex(content)) ||
							job.ObjectType != "Account" || job.FileType != "jsonl": // the name carries the claim's marker
							return fmt.Errorf("the emulator stored job %+v", job)
						}
						if n := len(emu.Records("Account")); n != 3 {
							return fmt.Errorf("the emulator stored %d accounts, want 3", n)
						}
						return nil
					},
				),
			},
			{
				// Refreshing a finished job changes nothing: no drift.
				Config:            jobConfig(url, source, ""),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{expectState("status", knownvalue.StringExact(client.StatusCompleted))},
			},
			{
				// Behaviour settings change in place and load nothing.
				Config: jobConfig(url, source, `
  validation      = "warn"
  max_failed_rows = 5`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("status"), knownvalue.StringExact(client.StatusCompleted)),
				}},
				Check: expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
			{
				// The same path with other bytes is another load: a new job.
				PreConfig: func() { rewriteJobFile(t, source, changed) },
				Config:    jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(sha256Hex(changed))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(changed))),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
				Check: func(*terraform.State) error {
					if n := len(emu.Records("Account")); n != 5 {
						return fmt.Errorf("the emulator stored %d accounts, want 3 + 2", n)
					}
					return expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 2, Submissions: 2})(nil)
				},
			},
		},
	})
}

func TestAccBulkJob_inlineContent(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("inline", 2)
	config := providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "test" {
  name        = "inline accounts"
  description = "two accounts"
  object_type = "accounts-and-contacts"
  content     = %q
}
`, content)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("object_type", knownvalue.StringExact("accounts-and-contacts")),
					expectState("file_type", knownvalue.StringExact("jsonl")),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(content))),
				},
				Check: func(s *terraform.State) error {
					id, _ := stateJobID(s)
					// create-job takes the catalogue's objectType, whatever
					// spelling the configuration used.
					if job, _ := emu.Job(id); job.ObjectType != "Account" || job.Description != "two accounts" {
						return fmt.Errorf("the emulator stored job %+v", job)
					}
					return nil
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
