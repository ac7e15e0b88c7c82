package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Update never creates or submits a new job. It records changed behaviour
// settings (or an imported job's configuration), and resumes waiting for
// the same job when an earlier apply stopped before it finished.
func (r *bulkJobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state bulkJobResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	result := plan
	result.ID = state.ID
	keepProgress(&result.bulkJobProgress, state.bulkJobProgress)
	if resumesWait(state, plan) && r.ready() {
		timeout, d := plan.Timeouts.Update(ctx, defaultWaitTimeout)
		resp.Diagnostics.Append(d...)
		r.resume(ctx, timeout, &result, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(clearImported(ctx, resp.Private)...)
	resp.Diagnostics.Append(readWriteOnly(ctx, req.Config, &result)...)
	resp.Diagnostics.Append(recordWriteOnly(ctx, resp.Private, result)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
}

// resume takes up a job an earlier apply left unfinished: submits it if
// Zuora never took the submission, then waits as Create would have.
func (r *bulkJobResource) resume(ctx context.Context, timeout time.Duration, m *bulkJobResourceModel, diags *diag.Diagnostics) {
	id := m.ID.ValueString()
	s, err := r.pd.client.JobSummary(ctx, id)
	if client.IsNotFound(err) {
		diags.AddWarning("Bulk job not found in Zuora",
			fmt.Sprintf("Zuora no longer returns bulk job %s, so its wait cannot be resumed; nothing will be loaded again. "+
				"The resource keeps the last known values.", id))
		return
	}
	if err != nil {
		diags.AddError("Cannot resume bulk job", fmt.Sprintf("Reading bulk job %s failed: %v", id, err))
		return
	}
	m.setSummary(s)
	if client.IsTerminal(m.Status.ValueString()) {
		r.settle(ctx, m, diags)
		return
	}
	release, err := r.acquireJobSlot(ctx)
	if err != nil {
		diags.AddWarning("Bulk job still running", fmt.Sprintf("Interrupted before resuming the wait for bulk job %s: %v", id, err))
		return
	}
	defer release()

	if m.Status.ValueString() == client.StatusCreated {
		switch r.submit(ctx, id, diags) {
		case client.SubmitRefused:
			diags.AddError("Bulk job not submitted",
				"Zuora refused the submission of a job whose earlier submission was unconfirmed. "+
					"To load the file in a new job, run terraform apply -replace with this resource's address.")
			return
		case client.SubmitUnconfirmed:
			return
		}
	}
	if m.WaitForCompletion.ValueBool() {
		r.waitAndSettle(ctx, timeout, m, diags)
	} else {
		r.recordCurrent(ctx, m, diags)
	}
}

// Delete stops a job that has not finished: cancel before it runs, abort
// while it runs. A finished job's data stays in Zuora and it only leaves
// state, unless on_destroy = "delete_records" tears a Completed import down.
func (r *bulkJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bulkJobResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready() {
		return
	}
	id := state.ID.ValueString()
	s, err := r.pd.client.JobSummary(ctx, id)
	if client.IsNotFound(err) {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read bulk job", err.Error())
		return
	}
	switch status := s.Status; {
	case status == client.StatusCompleted && deletesRecords(state) && state.JobType.ValueString() == "Import":
		r.teardown(ctx, state, s, &resp.Diagnostics) // bulk_job_teardown.go
	case client.IsTerminal(status):
		resp.Diagnostics.AddWarning("Loaded data stays in Zuora",
			fmt.Sprintf("Bulk job %s has finished (%s) and is only removed from state: "+
				"the %d rows it loaded stay in Zuora.", id, status, s.RowsSucceeded))
	case status == client.StatusAborting:
		// Already stopping.
	case status == client.StatusInProgress:
		r.abort(ctx, id, &resp.Diagnostics)
	default:
		r.cancelOrAbort(ctx, id, &resp.Diagnostics)
	}
}

// cancelOrAbort cancels a job that has not started; if it started in the
// meantime, cancel is refused and only abort can stop it.
func (r *bulkJobResource) cancelOrAbort(ctx context.Context, id string, diags *diag.Diagnostics) {
	status, err := r.pd.client.CancelOrAbort(ctx, id, true)
	switch {
	case err == nil:
	case status == client.StatusInProgress:
		diags.AddError("Cannot abort bulk job", fmt.Sprintf("Bulk job %s: %v", id, err))
	default:
		diags.AddError("Cannot cancel bulk job", fmt.Sprintf("Bulk job %s: %v", id, err))
	}
}

func (r *bulkJobResource) abort(ctx context.Context, id string, diags *diag.Diagnostics) {
	if _, err := r.pd.client.AbortJob(ctx, id); err != nil {
		diags.AddError("Cannot abort bulk job", fmt.Sprintf("Bulk job %s: %v", id, err))
	}
}
