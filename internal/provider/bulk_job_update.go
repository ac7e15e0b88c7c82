package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

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
	if r.ready() {
		r.pd.claims.hold(result.ID.ValueString(), describeHolder(result)) // kept: no destroy in this apply deletes its records
	}
	keepProgress(&result.bulkJobProgress, state.bulkJobProgress)
	// content_wo is read before the wait resumes: it decides whether the
	// failed-row excerpt may show values (errorRowsExcerpt), and plans
	// always hold it null.
	resp.Diagnostics.Append(readWriteOnly(ctx, req.Config, &result)...)
	if resumesWait(state, plan) && r.ready() {
		timeout, d := plan.Timeouts.Update(ctx, defaultWaitTimeout)
		resp.Diagnostics.Append(d...)
		r.resume(ctx, timeout, &result, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(clearImported(ctx, resp.Private)...)
	resp.Diagnostics.Append(r.recordWriteOnly(ctx, resp.Private, result)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
}

// resume takes up a job an earlier apply left unfinished: submits it if
// Zuora never took the submission, then waits as Create would have.
func (r *bulkJobResource) resume(ctx context.Context, timeout time.Duration, m *bulkJobResourceModel, diags *diag.Diagnostics) {
	ctx, cancel := context.WithTimeout(ctx, timeout) // the slot wait too
	defer cancel()
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
	release, err := r.pd.acquireJobSlot(ctx)
	if err != nil {
		diags.AddWarning("Bulk job still running", fmt.Sprintf("Interrupted before resuming the wait for bulk job %s: %v", id, err))
		return
	}
	defer release()

	if m.Status.ValueString() == client.StatusCreated {
		ifRefused := "Its earlier submission was unconfirmed; it stays Created, and the next apply tries again. " +
			"To load the file in a new job instead, run terraform apply -replace with this resource's address."
		// A job an earlier apply left Created is this resource's: no claim.
		switch outcome, _ := r.submit(ctx, id, ifRefused, nil, diags); outcome {
		case client.SubmitRefused:
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

// keepProgress takes what the plan left unknown from the prior state.
func keepProgress(p *bulkJobProgress, prior bulkJobProgress) {
	for _, f := range []struct{ dst, src *types.String }{
		{&p.Status, &prior.Status}, {&p.FailureReason, &prior.FailureReason},
		{&p.CreatedAt, &prior.CreatedAt}, {&p.SubmittedAt, &prior.SubmittedAt}, {&p.LastUpdatedAt, &prior.LastUpdatedAt},
		{&p.SourceFileURL, &prior.SourceFileURL}, {&p.ErrorRowsFileURL, &prior.ErrorRowsFileURL},
		{&p.SuccessRowsFileURL, &prior.SuccessRowsFileURL},
	} {
		if f.dst.IsUnknown() {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct{ dst, src *types.Int64 }{
		{&p.RowCount, &prior.RowCount}, {&p.RowsSucceeded, &prior.RowsSucceeded}, {&p.RowsFailed, &prior.RowsFailed},
	} {
		if f.dst.IsUnknown() {
			*f.dst = *f.src
		}
	}
}
