package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Read refreshes status and counts. Result links are fetched when the job is
// first seen finished, and again only when they expire within minutes (see
// renewExpiringLinks): they change on every call.
func (r *bulkJobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bulkJobResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready() {
		return
	}
	id := state.ID.ValueString()
	s, err := r.pd.client.JobSummary(ctx, id)
	if client.IsNotFound(err) {
		// Dropping the job from state would plan a new one and load the
		// rows a second time; a purged history or another tenant is no
		// reason to do that.
		resp.Diagnostics.AddWarning("Bulk job not found in Zuora",
			fmt.Sprintf("Zuora no longer returns bulk job %s; its rows stay loaded; nothing will be loaded again. "+
				"The resource keeps the last known values. To load the file again, run terraform apply -replace with this "+
				"resource's address (with if_already_loaded = \"load_again\" if the tenant still lists the job).", id))
		resp.Diagnostics.Append(setGone(ctx, resp.Private, true)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read bulk job", err.Error())
		return
	}
	resp.Diagnostics.Append(setGone(ctx, resp.Private, false)...)

	imported := state.Name.IsNull() // name is required, so only an import leaves it empty
	if imported {
		state.bulkJobIdentity.setIdentity(s, r.pd.client.ObjectTypeFor(ctx, s.ObjectType))
	}
	if !waitOwed(state) {
		state.bulkJobProgress.setSummary(s)
		if client.IsTerminal(state.Status.ValueString()) && !state.hasDownloads() {
			r.recordDownloads(ctx, &state)
		} else {
			r.renewExpiringLinks(ctx, &state)
		}
	}
	if wasImported(ctx, req.Private, &resp.Diagnostics) && state.SourceSHA256.IsNull() {
		r.hashImportedSource(ctx, &state, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// waitOwed: an apply left this job running and the next apply will resume
// waiting. The refresh leaves its progress alone so that apply sees the job
// finish and reports the outcome (failed rows, failure reason) as Create
// would have, rather than the refresh settling it silently.
func waitOwed(state bulkJobResourceModel) bool {
	return !client.IsTerminal(state.Status.ValueString()) && state.WaitForCompletion.ValueBool()
}

func (r *bulkJobResource) recordDownloads(ctx context.Context, m *bulkJobResourceModel) {
	dl, err := r.pd.client.JobDownloads(ctx, m.ID.ValueString())
	if err != nil {
		// A job that failed has no result files (404); others retry on the
		// next refresh.
		tflog.Debug(ctx, "no result links for the bulk job", map[string]any{"job_id": m.ID.ValueString(), "error": err.Error()})
		return
	}
	m.setDownloads(dl)
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
