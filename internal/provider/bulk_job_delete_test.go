package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

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
