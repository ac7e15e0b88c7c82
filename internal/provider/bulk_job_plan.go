package provider

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// ModifyPlan checks the object and the file, plans the file's hash and
// size, and decides between replacement, resuming a wait and nothing.
func (r *bulkJobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.warnTeardown(ctx, req, resp) // destroy
		return
	}
	var plan, config bulkJobResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	plan.ContentWO = config.ContentWO // write-only: only the configuration holds it
	var state *bulkJobResourceModel
	if !req.State.Raw.IsNull() {
		state = &bulkJobResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	plan.FileType = plannedFileType(config, plan)
	checkCSVOnly(plan, &resp.Diagnostics)
	obj, objKnown := r.planObject(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.checkOnDestroy(ctx, plan, obj, objKnown, &resp.Diagnostics)
	r.planSourceFacts(ctx, &plan, state, obj, objKnown, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	if state == nil {
		// A replacement is planned again from no state, so this covers it.
		r.guardPlan(ctx, plan, obj, &resp.Diagnostics)
	} else {
		replace := r.replacementPathsWithWriteOnly(ctx, req.Private, *state, plan, &resp.Diagnostics)
		if len(replace) == 0 && state.JobType.ValueString() == "Import" {
			r.notePlannedHolder(state.ID.ValueString(), plannedKeep, plan, &resp.Diagnostics) // a destroy in this plan may tear it down
		}
		switch {
		case len(replace) > 0:
			resp.RequiresReplace.Append(replace...)
			r.judgeReload(ctx, *state, plan, replace, &resp.Diagnostics)
		case resumesWait(*state, plan) && !hasPrivateKey(ctx, req.Private, goneKey, &resp.Diagnostics):
			plan.bulkJobProgress.markAwaited()
			warnResume(*state, &resp.Diagnostics)
		}
	}
	plan.ContentWO = types.StringNull() // write-only values are never planned
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// plannedFileType defaults file_type from the source's extension; content
// is JSON lines unless configured otherwise.
func plannedFileType(config, plan bulkJobResourceModel) types.String {
	switch {
	case !config.FileType.IsNull():
		return config.FileType
	case plan.Source.IsUnknown() || plan.Content.IsUnknown() || plan.ContentWO.IsUnknown():
		return types.StringUnknown()
	default:
		return types.StringValue(defaultFileType(plan.Source))
	}
}

// defaultFileType is file_type when unset: from source's extension (.csv
// is CSV), JSON lines for anything else and for content.
func defaultFileType(source types.String) string {
	if !source.IsNull() && strings.EqualFold(filepath.Ext(source.ValueString()), ".csv") {
		return "csv"
	}
	return "jsonl"
}

func checkCSVOnly(plan bulkJobResourceModel, diags *diag.Diagnostics) {
	checkCSVOnlyArgs(plan.FileType.ValueString(), "job", diags, namedValue{"delimiter", plan.Delimiter},
		namedValue{"has_headers", plan.HasHeaders}, namedValue{"headers", plan.Headers})
}

type namedValue struct {
	name string
	v    attr.Value
}

// checkCSVOnlyArgs refuses arguments that only a CSV file has, on a
// JSON-lines job or dataset (what names which).
func checkCSVOnlyArgs(fileType, what string, diags *diag.Diagnostics, args ...namedValue) {
	if fileType != "jsonl" {
		return
	}
	for _, a := range args {
		if name := a.name; !a.v.IsNull() {
			diags.AddAttributeError(path.Root(name), "CSV-only argument on a JSON-lines "+what,
				fmt.Sprintf("%s applies to CSV files only, and this %s's file_type is jsonl. "+
					"Remove %s, or set file_type = \"csv\" if the file is CSV.", name, what, name))
		}
	}
}

// planObject resolves object_type against Zuora's catalogue; false means
// it could not be resolved yet (unknown values or provider not configured).
func (r *bulkJobResource) planObject(ctx context.Context, plan bulkJobResourceModel, diags *diag.Diagnostics) (client.Object, bool) {
	if !r.ready() || plan.ObjectType.IsUnknown() || plan.JobType.IsUnknown() {
		return client.Object{}, false
	}
	obj, d := r.pd.resolveJobObject(ctx, plan)
	diags.Append(d...)
	return obj, !d.HasError()
}

// planSourceFacts plans source_sha256 and source_size_bytes. When anything
// the check needs is unknown they stay unknown and Create checks the file.
func (r *bulkJobResource) planSourceFacts(ctx context.Context, plan, state *bulkJobResourceModel, obj client.Object, objKnown bool, diags *diag.Diagnostics) {
	plan.SourceSHA256, plan.SourceSizeBytes = types.StringUnknown(), types.Int64Unknown()
	if !sourceCheckable(*plan) {
		warnRowsAtApply(*plan, diags)
		return
	}
	if r.keepGoneFile(ctx, plan, state, diags) {
		return
	}
	if !objKnown {
		// Without the catalogue the rows cannot be checked, but an existing
		// job still needs the hash to tell whether its file changed. A new
		// job is checked in full at apply.
		if state != nil {
			in, d := newSourceCheck(ctx, *plan, obj)
			if !d.HasError() {
				var facts sourceFacts
				facts, d = in.hashOnly(ctx)
				plan.SourceSHA256, plan.SourceSizeBytes = types.StringValue(facts.SHA256), types.Int64Value(facts.Size)
			}
			diags.Append(d...)
		}
		return
	}
	in, d := newSourceCheck(ctx, *plan, obj)
	if d.HasError() {
		diags.Append(d...)
		return
	}
	prior, priorSize := "", int64(-1) // -1: no size to tell a changed file by
	if state != nil {
		prior = state.SourceSHA256.ValueString()
		if !state.SourceSizeBytes.IsNull() {
			priorSize = state.SourceSizeBytes.ValueInt64()
		}
	}
	facts, d := r.pd.planSource(ctx, in, prior, priorSize)
	if state != nil && facts.SHA256 != "" && facts.SHA256 == state.SourceSHA256.ValueString() {
		// Zuora already holds these bytes; a check that now fails (say the
		// field metadata changed) must not block every later plan.
		d = demoteErrors(d, "This file was loaded already, so the problem is reported as a warning.")
	}
	diags.Append(d...)
	if d.HasError() || facts.SHA256 == "" {
		return
	}
	plan.SourceSHA256, plan.SourceSizeBytes = types.StringValue(facts.SHA256), types.Int64Value(facts.Size)
	r.pd.loads.NoteRows(facts.SHA256, int64(facts.Rows))
	if state == nil { // a new job's row_count is known at plan: the rows the check counted
		plan.RowCount = types.Int64Value(int64(facts.Rows))
	}
}

// resumesWait: a job an earlier apply left running is waited for again by
// an in-place update, never by a new job. A job still Created is owed its
// submission (Zuora could not confirm it) whether or not apply waits.
func resumesWait(state, plan bulkJobResourceModel) bool {
	status := state.Status.ValueString()
	if state.Status.IsNull() || client.IsTerminal(status) {
		return false
	}
	return plan.WaitForCompletion.ValueBool() || status == client.StatusCreated
}

// markAwaited leaves everything the wait will change to the apply.
func (p *bulkJobProgress) markAwaited() {
	p.Status = types.StringUnknown()
	p.RowCount, p.RowsSucceeded, p.RowsFailed = types.Int64Unknown(), types.Int64Unknown(), types.Int64Unknown()
	p.FailureReason = types.StringUnknown()
	p.SubmittedAt, p.LastUpdatedAt = types.StringUnknown(), types.StringUnknown()
	if p.CreatedAt.IsNull() { // an unconfirmed submission saved no summary
		p.CreatedAt = types.StringUnknown()
	}
	p.SourceFileURL, p.ErrorRowsFileURL, p.SuccessRowsFileURL = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
}
