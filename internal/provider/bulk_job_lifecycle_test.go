package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// notTainted fails when Terraform marked the job for replacement: a job
// that is still running must be resumed, never loaded again.
func notTainted(s *terraform.State) error {
	rs, ok := s.RootModule().Resources[jobAddr]
	if !ok {
		return fmt.Errorf("%s not in state", jobAddr)
	}
	if rs.Primary.Tainted {
		return fmt.Errorf("%s is tainted", jobAddr)
	}
	return nil
}

func expectJobStatus(emu *emulator.Server, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateJobID(s)
		if err != nil {
			return err
		}
		if job, _ := emu.Job(id); job.Status != want {
			return fmt.Errorf("the emulator has job %s %q, want %q", id, job.Status, want)
		}
		return nil
	}
}

// A timeout while waiting saves the job untainted; the next apply resumes
// waiting for the same job and the file is submitted exactly once.
func TestAccBulkJob_timeoutThenResume(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	emu.SetPaused(true)
	source := writeJobFile(t, "accounts.jsonl", accountRows("resume", 3))
	config := jobConfig(url, source, `
  timeouts {
    create = "1s"
  }`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("status", knownvalue.StringExact(client.StatusSubmitted)),
					expectState("row_count", knownvalue.Int64Exact(0)),
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

// wait_for_completion = false records the job as submitted; destroying a
// job that has not started cancels it.
func TestAccBulkJob_noWaitThenCancelOnDestroy(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	emu.SetPaused(true)
	source := writeJobFile(t, "accounts.jsonl", accountRows("nowait", 2))
	var jobID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, "  wait_for_completion = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("status", knownvalue.StringExact(client.StatusSubmitted)),
				expectState("rows_succeeded", knownvalue.Int64Exact(0)),
				expectState("success_rows_file_url", knownvalue.Null()),
			},
			Check: func(s *terraform.State) (err error) {
				jobID, err = stateJobID(s)
				return err
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			if job, _ := emu.Job(jobID); job.Status != client.StatusCancelled {
				return fmt.Errorf("job %s is %q after destroy, want Cancelled", jobID, job.Status)
			}
			return expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1, Cancellations: 1})(nil)
		},
	})
}

// Destroying a job that is In Progress aborts it.
func TestAccBulkJob_abortOnDestroy(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{StepDelay: 50 * time.Millisecond, RowsPerStep: 1})
	source := writeJobFile(t, "accounts.jsonl", accountRows("abort", 50))
	var jobID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, "  wait_for_completion = false"),
			Check: func(s *terraform.State) (err error) {
				if jobID, err = stateJobID(s); err != nil {
					return err
				}
				// Hold the job In Progress so destroy finds it running.
				for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
					if job, _ := emu.Job(jobID); job.Status == client.StatusInProgress {
						emu.SetPaused(true)
						return nil
					}
				}
				return fmt.Errorf("job %s never went In Progress", jobID)
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			if job, _ := emu.Job(jobID); job.Status != client.StatusAborting && job.Status != client.StatusAborted {
				return fmt.Errorf("job %s is %q after destroy, want Aborting or Aborted", jobID, job.Status)
			}
			return expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1, Aborts: 1})(nil)
		},
	})
}

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
