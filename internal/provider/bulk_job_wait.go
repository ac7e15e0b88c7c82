package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// waitAndSettle waits up to timeout for the job to finish and records the
// outcome. A wait that ends early (timeout, Ctrl-C, an API failure) is a
// warning, not an error, so the job is saved untainted and the next apply
// resumes waiting for it instead of loading the file again.
func (r *bulkJobResource) waitAndSettle(ctx context.Context, timeout time.Duration, m *bulkJobResourceModel, diags *diag.Diagnostics) {
	id := m.ID.ValueString()
	wctx, cancel := context.WithTimeout(ctx, timeout)
	last, err := r.pd.client.WaitForJob(wctx, id, nil) // the client logs progress per poll
	cancel()

	if err != nil || last == nil || !client.IsTerminal(last.Status) {
		r.recordUnfinished(ctx, last, m)
		if client.IsTerminal(m.Status.ValueString()) {
			// The job finished while the wait was ending (a summary
			// slower than the timeout): it is not running, so settle it.
			r.settle(ctx, m, diags)
			return
		}
		reason := "the wait was interrupted"
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			reason = fmt.Sprintf("the %s timeout ran out", timeout)
		case err != nil && !errors.Is(err, context.Canceled):
			reason = err.Error()
		}
		diags.AddWarning("Bulk job still running",
			fmt.Sprintf("Stopped waiting for bulk job %s (status %s): %s. The job keeps running in Zuora and is saved in state; "+
				"the next apply resumes waiting for it and does not submit the file again.", id, m.Status.ValueString(), reason))
		return
	}
	m.setSummary(last)
	r.settle(ctx, m, diags)
}

// recordUnfinished fills the progress of a job whose wait ended early,
// from the last summary seen or, failing that, a fresh one.
func (r *bulkJobResource) recordUnfinished(ctx context.Context, last *client.Summary, m *bulkJobResourceModel) {
	if last == nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		last, _ = r.pd.client.JobSummary(cctx, m.ID.ValueString())
		cancel()
	}
	if last != nil {
		m.setSummary(last)
	}
	fillUnknownProgress(&m.bulkJobProgress)
	if !client.IsTerminal(m.Status.ValueString()) {
		m.setDownloads(nil)
	}
}

// recordCurrent records the job as it is now, for wait_for_completion = false.
func (r *bulkJobResource) recordCurrent(ctx context.Context, m *bulkJobResourceModel, diags *diag.Diagnostics) {
	s, err := r.pd.client.JobSummary(ctx, m.ID.ValueString())
	if err != nil {
		diags.AddWarning("Cannot read the submitted bulk job", fmt.Sprintf("Bulk job %s was submitted; reading its status failed: %v", m.ID.ValueString(), err))
	}
	r.recordUnfinished(ctx, s, m)
	if client.IsTerminal(m.Status.ValueString()) {
		r.settle(ctx, m, diags)
	}
}

// settle records the links of a finished job and judges its outcome.
func (r *bulkJobResource) settle(ctx context.Context, m *bulkJobResourceModel, diags *diag.Diagnostics) {
	id := m.ID.ValueString()
	dl, err := r.pd.client.JobDownloads(ctx, id)
	if err != nil && !client.IsNotFound(err) {
		diags.AddWarning("Cannot read the bulk job's result files", fmt.Sprintf("Bulk job %s finished; its result links could not be read: %v", id, err))
	}
	m.setDownloads(dl)
	status, failed := m.Status.ValueString(), m.RowsFailed.ValueInt64()

	if status != client.StatusCompleted {
		diags.AddError(fmt.Sprintf("Bulk job %s", status),
			fmt.Sprintf("Bulk job %s ended %s: %s%s", id, status, failureReason(m.FailureReason), r.errorRowsExcerpt(ctx, m)))
		return
	}
	if failed == 0 {
		return
	}
	limit := m.MaxFailedRows
	switch {
	case limit.IsNull():
		diags.AddWarning("Some rows failed",
			fmt.Sprintf("Bulk job %s loaded %d of %d rows; %d failed.%s\n\nSet max_failed_rows to make failed rows fail the apply.",
				id, m.RowsSucceeded.ValueInt64(), m.RowCount.ValueInt64(), failed, r.errorRowsExcerpt(ctx, m)))
	case failed > limit.ValueInt64():
		diags.AddError("Too many rows failed",
			fmt.Sprintf("Bulk job %s: %d rows failed, more than max_failed_rows (%d); %d of %d rows were loaded and stay in Zuora.%s",
				id, failed, limit.ValueInt64(), m.RowsSucceeded.ValueInt64(), m.RowCount.ValueInt64(), r.errorRowsExcerpt(ctx, m)))
	}
}

func failureReason(v types.String) string {
	if v.ValueString() == "" {
		return "Zuora gave no reason."
	}
	return v.ValueString()
}

// fillUnknownProgress makes every progress value known, as a saved state
// must be. Only a submitted job gets here, so that is the fallback status.
func fillUnknownProgress(p *bulkJobProgress) {
	if p.Status.IsUnknown() || p.Status.IsNull() {
		p.Status = types.StringValue(client.StatusSubmitted)
	}
	for _, v := range []*types.Int64{&p.RowCount, &p.RowsSucceeded, &p.RowsFailed} {
		if v.IsUnknown() || v.IsNull() {
			*v = types.Int64Value(0)
		}
	}
	for _, v := range []*types.String{&p.FailureReason, &p.CreatedAt, &p.SubmittedAt, &p.LastUpdatedAt,
		&p.SourceFileURL, &p.ErrorRowsFileURL, &p.SuccessRowsFileURL} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
}
