package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// sameRowsLoaded: the configured file's bytes differ from those in state,
// yet the job in state holds the same rows (issue 20: the identity of a
// load ignores line endings and blank lines). Then the edit is cosmetic:
// source_sha256 is updated in place and nothing is loaded again. It asks
// Zuora for the job's file only when the rows could be the same (the
// job's row count fits) and the job has finished; any doubt means a
// replacement, as before.
func (r *bulkJobResource) sameRowsLoaded(ctx context.Context, state, plan bulkJobResourceModel) bool {
	if !r.ready() || plan.SourceSHA256.IsUnknown() || state.SourceSHA256.Equal(plan.SourceSHA256) ||
		!client.IsTerminal(state.Status.ValueString()) || !state.FileType.Equal(plan.FileType) {
		return false
	}
	id := r.loadIdentity(plan, client.Object{})
	if id.RowsSHA256 == "" || !loadguard.PlausibleRowCount(state.RowCount.ValueInt64(), id.Rows) {
		return false
	}
	same, err := r.pd.loads.HoldsRows(ctx, state.ID.ValueString(), id)
	if err != nil {
		tflog.Debug(ctx, "cannot compare the rows of the job in state with the configured file", map[string]any{
			"job_id": state.ID.ValueString(), "error": err.Error()})
		return false
	}
	if same {
		tflog.Info(ctx, "the configured file's bytes changed but not its rows; recording it in place", map[string]any{
			"job_id": state.ID.ValueString(), "sha256": plan.SourceSHA256.ValueString(), "rows_sha256": id.RowsSHA256})
	}
	return same
}
