package provider

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// teardownOnce deletes the records a Completed Import loaded, once per
// run however many resources hold the import (see jobClaims): the first
// destroy leads, the others wait for it and report its outcome. A job
// another resource adopted or keeps in this apply is not torn down.
func (r *bulkJobResource) teardownOnce(ctx context.Context, m bulkJobResourceModel, imported *client.Summary, diags *diag.Diagnostics) {
	importID := m.ID.ValueString()
	if holder := r.pd.claims.holder(importID); holder != "" {
		warnHeld(importID, holder, diags)
		return
	}
	f, leader := r.pd.claims.flight(importID)
	if !leader {
		tflog.Info(ctx, "another resource holding this job is tearing it down; waiting for its outcome", map[string]any{"job_id": importID})
		f.follow(ctx, importID, diags)
		return
	}
	var out diag.Diagnostics
	defer func() {
		f.land(out)
		diags.Append(out...)
	}()
	timeout, d := m.Timeouts.Delete(ctx, defaultWaitTimeout)
	out.Append(d...)
	if d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	obj, d := r.pd.resolveObject(ctx, path.Root("object_type"), m.ObjectType.ValueString(), "Delete")
	out.Append(d...)
	if d.HasError() {
		return
	}
	if r.pd.loads.Enabled() && m.SourceSHA256.ValueString() != "" {
		// The lock Create holds while its guard may adopt this import (its
		// identity resolves the object for the import, as here): the two
		// never interleave (see jobClaims).
		loaded, _ := r.pd.resolveJobObject(ctx, m)
		unlock, err := lockWithin(ctx, func() func() { return r.pd.loads.Lock(r.loadIdentity(m, loaded)) })
		if err != nil {
			out.AddError("Teardown interrupted", fmt.Sprintf("Waiting for another resource loading the same file stopped (%v); "+
				"nothing was deleted. Run terraform destroy again.", err))
			return
		}
		defer unlock()
		if holder := r.pd.claims.holder(importID); holder != "" {
			warnHeld(importID, holder, &out)
			return
		}
	}
	r.teardown(ctx, m, obj, imported, &out)
}

// lockWithin takes a lock that does not know contexts, giving up when ctx
// ends; a lock taken after that is released at once.
func lockWithin(ctx context.Context, lock func() (unlock func())) (func(), error) {
	got := make(chan func(), 1)
	go func() { got <- lock() }()
	select {
	case unlock := <-got:
		return unlock, nil
	case <-ctx.Done():
		go func() { (<-got)() }()
		return nil, ctx.Err()
	}
}

// warnHeld: the destroy leaves the records to the resource that holds
// their job now.
func warnHeld(importID, holder string, diags *diag.Diagnostics) {
	diags.AddWarning("Records kept: another resource holds this job",
		fmt.Sprintf("on_destroy = \"delete_records\" did not delete the records of bulk job %s: %s adopted it in this apply "+
			"and holds it now, as after a rename without a moved block. The records stay in Zuora; this resource only leaves state. "+
			"To rename a resource, add a moved block (see the guide \"Change data after the first load\").", importID, holder))
}

// teardown runs the Delete job for the same object, named
// loadguard.TeardownName(import). An interrupted or retried destroy finds
// that job in the tenant's list and waits for it instead of submitting a
// second one; the job's requests carry idempotency keys derived from the
// import and the attempt, so a repeat whose answer was lost is answered
// with the original. Errors keep the resource in state.
func (r *bulkJobResource) teardown(ctx context.Context, m bulkJobResourceModel, obj client.Object, imported *client.Summary, diags *diag.Diagnostics) {
	importID := m.ID.ValueString()
	if imported.RowsSucceeded == 0 {
		if unaccounted := imported.RowCount - imported.RowsFailed; unaccounted > 0 {
			// Zuora's counts do not say the rows failed either: the
			// records may exist, and the destroy must not pass for a teardown.
			diags.AddWarning("Records may not be deleted", fmt.Sprintf("Zuora counts no record loaded by bulk job %s, but only %d of its %d rows "+
				"as failed, so no Delete job was run. Check the %s records in Zuora (zuora_bulk_job_results with job_id = %q lists its success rows).",
				importID, imported.RowsFailed, imported.RowCount, obj.Type, importID))
			return
		}
		tflog.Info(ctx, "import loaded no records; nothing to delete", map[string]any{"job_id": importID})
		return
	}
	// The Delete job counts against max_concurrent_jobs like any other.
	release, err := r.pd.acquireJobSlot(ctx)
	if err != nil {
		diags.AddError("Teardown interrupted", fmt.Sprintf("Waiting for a job slot to delete the records of bulk job %s: %v. Nothing was submitted.", importID, err))
		return
	}
	defer release()

	id := r.startTeardown(ctx, m, obj, imported, diags)
	if id == "" {
		return
	}
	done, err := r.pd.client.WaitForJob(ctx, id, nil) // the client logs progress per poll
	if err != nil {
		diags.AddError("Teardown interrupted", fmt.Sprintf("Waiting for Delete job %s (the records of bulk job %s) failed: %v. "+
			"It may still be running; run terraform destroy again to wait for it, without submitting another.", id, importID, err))
		return
	}
	// The guard of a resource created later in this run must see the
	// import undone (a complete teardown) before it could adopt it.
	seen := *done
	seen.ID, seen.Name, seen.JobType = id, loadguard.TeardownName(importID), "Delete"
	seen.ObjectType = cmp.Or(seen.ObjectType, obj.Type)
	r.pd.loads.Seen(seen)
	r.reportTeardown(ctx, m, obj, done, diags)
}

// startTeardown returns the Delete job to wait for: one an earlier destroy
// started, or a new one for the records earlier teardowns left. "" when
// there is none to wait for (diags say why).
func (r *bulkJobResource) startTeardown(ctx context.Context, m bulkJobResourceModel, obj client.Object, imported *client.Summary, diags *diag.Diagnostics) string {
	importID := m.ID.ValueString()
	running, stopped, err := r.findTeardown(ctx, importID, imported.CreatedAt)
	if err != nil {
		diags.AddError("Teardown stopped before submitting", fmt.Sprintf("The records of bulk job %s are not deleted yet "+
			"(a second Delete job must never run for the same rows): %v. Run terraform destroy again.", importID, err))
		return ""
	}
	if running != nil {
		tflog.Info(ctx, "adopting the teardown job an earlier destroy started", map[string]any{"job_id": running.ID, "import_job_id": importID, "status": running.Status})
		return running.ID
	}
	rows, n, ok := r.teardownRows(ctx, m, obj, stopped, diags)
	if !ok {
		return ""
	}
	if n == 0 {
		diags.AddWarning("Records deleted", fmt.Sprintf("Earlier Delete jobs for bulk job %s deleted every record it loaded; nothing is left to delete.", importID))
		return ""
	}
	key := fmt.Sprintf("zuora-tf teardown %s attempt %d", importID, len(stopped))
	return r.submitTeardown(client.WithIdempotencyKey(ctx, key), m, obj, rows, diags)
}

// findTeardown returns the teardown job to wait for: one that Zuora took
// and that has not finished, or that deleted every row. stopped are the
// earlier teardowns that ended short of that (failed rows, Failed, Aborted,
// Cancelled): a new one deletes what they left and gets a new idempotency
// key. A Created job was never submitted: it is cancelled, so only one
// Delete job can ever run. A teardown is younger than its import, so the
// listing stops at the import's creation time (the whole history when
// Zuora did not report it).
func (r *bulkJobResource) findTeardown(ctx context.Context, importID string, importCreated time.Time) (running *client.Summary, stopped []client.Summary, err error) {
	jobs, err := r.pd.client.ListRecentJobSummaries(ctx, importCreated, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("listing the tenant's bulk jobs to find an earlier teardown: %w", err)
	}
	name := loadguard.TeardownName(importID)
	for i := range jobs {
		j := jobs[i]
		// A lean list entry (reference profile) has no jobType: its name decides.
		if j.Name != name || (j.JobType != "" && j.JobType != "Delete") {
			continue
		}
		switch {
		case j.Status == client.StatusCreated:
			if status, err := r.pd.client.CancelOrAbort(ctx, j.ID, false); status != client.StatusCancelled {
				if err == nil {
					err = fmt.Errorf("it is now %s; run terraform destroy again", status)
				}
				return nil, nil, fmt.Errorf("cancelling %s, a teardown job an earlier destroy created and never submitted, failed: %w", j.ID, err)
			}
			j.Status = client.StatusCancelled
			stopped = append(stopped, j)
		case j.Status == client.StatusCompleted && j.RowsFailed > 0, client.IsTerminal(j.Status) && j.Status != client.StatusCompleted:
			stopped = append(stopped, j)
		default:
			return &j, stopped, nil
		}
	}
	return nil, stopped, nil
}

// submitTeardown creates, uploads and submits the Delete job; "" when it
// did not get as far as a submission Zuora took.
func (r *bulkJobResource) submitTeardown(ctx context.Context, m bulkJobResourceModel, obj client.Object, rows []byte, diags *diag.Diagnostics) string {
	importID := m.ID.ValueString()
	job, err := r.pd.client.CreateJob(ctx, client.CreateJobRequest{
		Name:        loadguard.TeardownName(importID),
		Description: "terraform destroy with on_destroy = delete_records",
		ObjectType:  obj.Type, JobType: "Delete", FileType: "jsonl",
	})
	if err != nil {
		diags.AddError("Cannot create the teardown job", fmt.Sprintf("Deleting the records of bulk job %s: %v", importID, err))
		return ""
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(rows)), nil }
	if err := r.pd.client.Upload(ctx, job.Upload, "teardown.jsonl", int64(len(rows)), open); err != nil {
		diags.AddError("Cannot upload the teardown job's ids", fmt.Sprintf("Delete job %s for bulk job %s: %v. Run terraform destroy again.", job.ID, importID, err))
		return ""
	}
	// The slot-waiting submission every job uses: on a busy tenant the
	// Delete job waits for one of Zuora's five slots (the caller holds one
	// of max_concurrent_jobs).
	if outcome, err := r.pd.submitJob(ctx, job.ID, nil); outcome != client.SubmitAccepted {
		diags.AddError("Cannot submit the teardown job", fmt.Sprintf("Delete job %s for bulk job %s: %v. Run terraform destroy again; "+
			"a Delete job Zuora did take is waited for, never submitted twice.", job.ID, importID, err))
		return ""
	}
	tflog.Info(ctx, "teardown job submitted", map[string]any{"job_id": job.ID, "import_job_id": importID})
	return job.ID
}
