package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// A timeout while waiting saves the job untainted; the next apply resumes
// waiting for the same job and the file is submitted exactly once.
func TestAccBulkJob_timeoutThenResume(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	emu.SetPaused(true)
	source := writeJobFile(t, "accounts.jsonl", accountRows("resume", 3))
	// The create timeout bounds the whole create, which lists the claims
	// a second after creating the job (loadguard/claim.go).
	config := jobConfig(url, source, `
  timeouts {
    create = "3s"
  }`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("status", knownvalue.StringExact(client.StatusSubmitted)),
					expectState("row_count", knownvalue.Int64Exact(3)), // planned: the rows the plan counted
					expectState("error_rows_file_url", knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(notTainted,
					expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
				// The wait is owed: the next plan resumes it.
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { emu.SetPaused(false) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(jobAddr, tfjsonpath.New("status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("status", knownvalue.StringExact(client.StatusCompleted)),
					expectState("rows_succeeded", knownvalue.Int64Exact(3)),
					expectState("success_rows_file_url", knownvalue.NotNull()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobStatus(emu, client.StatusCompleted),
					expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	if n := len(emu.Records("Account")); n != 3 {
		t.Errorf("the emulator stored %d accounts, want 3", n)
	}
}

// When neither the submission's answer nor the job's status can be read,
// the job is saved as Created; the next apply finds Zuora never took it
// and submits it then, once.
func TestAccBulkJob_unconfirmedSubmissionIsSettledNextApply(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	emu.InjectFault(emulator.Fault{Method: http.MethodPost, PathSuffix: "/submissions", Status: http.StatusBadRequest})
	emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathSuffix: "/summary", Status: http.StatusBadRequest})
	source := writeJobFile(t, "accounts.jsonl", accountRows("unconfirmed", 2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             jobConfig(url, source, ""),
				ConfigStateChecks:  []statecheck.StateCheck{expectState("status", knownvalue.StringExact(client.StatusCreated))},
				Check:              resource.ComposeAggregateTestCheckFunc(notTainted, expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1})),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("status", knownvalue.StringExact(client.StatusCompleted)),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
				Check: expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
		},
	})
}
