package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// replacementPaths lists the create arguments whose change needs a new
// job: what is loaded (the bytes, by SHA-256, whatever path or inline
// value holds them) and how Zuora reads it. name and description are
// recorded in place. Unknown planned values count as changes: the file
// might differ.
func (r *bulkJobResource) replacementPaths(ctx context.Context, state, plan bulkJobResourceModel, diags *diag.Diagnostics) path.Paths {
	if state.Source.IsNull() && state.Content.IsNull() && !state.loadedWriteOnly {
		return r.importedReplacementPaths(ctx, state, plan, diags)
	}
	var changed path.Paths
	loaded := state.SourceSHA256
	if r.sameRowsLoaded(ctx, state, plan) {
		loaded = plan.SourceSHA256 // other bytes, the same rows: no new load
	}
	for _, a := range []struct {
		name        string
		prior, next attr.Value
	}{
		{"job_type", state.JobType, plan.JobType},
		{"file_type", state.FileType, plan.FileType},
		{"delimiter", state.Delimiter, plan.Delimiter},
		{"has_headers", state.HasHeaders, plan.HasHeaders},
		{"headers", state.Headers, plan.Headers},
		{"mappings", state.Mappings, plan.Mappings},
		{"row_id_column", state.RowIDColumn, plan.RowIDColumn},
		{"is_custom_object", state.IsCustomObject, plan.IsCustomObject},
		{"custom_object_namespace", state.CustomObjectNamespace, plan.CustomObjectNamespace},
		{"source_sha256", loaded, plan.SourceSHA256},
	} {
		if !a.prior.Equal(a.next) {
			changed = append(changed, path.Root(a.name))
		}
	}
	if !sameObjectValue(ctx, r.pd, state.ObjectType, plan.ObjectType) {
		changed = append(changed, path.Root("object_type"))
	}
	return changed
}

// importedReplacementPaths: an imported job has no source or content in
// state, only what Zuora echoed and the hash of the file Zuora holds. If
// the configured file has that hash and the echoed arguments agree, the
// update only records the configuration: the data is in Zuora already.
func (r *bulkJobResource) importedReplacementPaths(ctx context.Context, state, plan bulkJobResourceModel, diags *diag.Diagnostics) path.Paths {
	var changed path.Paths
	for _, a := range []struct {
		name        string
		prior, next types.String
	}{
		{"job_type", state.JobType, plan.JobType},
		{"file_type", state.FileType, plan.FileType},
	} {
		// Zuora may not echo every argument; what it did not echo cannot
		// disagree.
		if !a.prior.IsNull() && !a.prior.Equal(a.next) {
			changed = append(changed, path.Root(a.name))
		}
	}
	if !sameObjectValue(ctx, r.pd, state.ObjectType, plan.ObjectType) {
		changed = append(changed, path.Root("object_type"))
	}

	src := sourceAttr(plan)
	switch {
	case plan.SourceSHA256.IsUnknown():
		changed = append(changed, src)
	case state.SourceSHA256.IsNull():
		changed = append(changed, src)
		diags.AddAttributeWarning(src, "Imported job's file could not be compared",
			fmt.Sprintf("Zuora did not provide the file bulk job %s loaded (it may not have completed), "+
				"so it cannot be matched with the configured file. Applying runs a new job that loads the configured file.",
				state.ID.ValueString()))
	case !state.SourceSHA256.Equal(plan.SourceSHA256):
		changed = append(changed, src)
		diags.AddAttributeWarning(src, "Configured file differs from the imported job's file",
			fmt.Sprintf("Bulk job %s loaded a file with SHA-256 %s (%d bytes); the configured file has SHA-256 %s (%d bytes). "+
				"Applying runs a new job that loads the configured file.",
				state.ID.ValueString(), state.SourceSHA256.ValueString(), state.SourceSizeBytes.ValueInt64(),
				plan.SourceSHA256.ValueString(), plan.SourceSizeBytes.ValueInt64()))
	}
	return changed
}

// sameObjectValue compares object_type values; unknown ones only match
// unknown ones.
func sameObjectValue(ctx context.Context, pd *providerData, a, b types.String) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return a.Equal(b)
	}
	var c *client.Client // nil until configured: spellings then match exactly
	if pd != nil {
		c = pd.client
	}
	same, _ := c.SameObject(ctx, a.ValueString(), b.ValueString())
	return same
}

// warnReplacingLoadedRows: the rows the replaced job loaded stay in
// Zuora, and the new job loads its file on top of them.
func warnReplacingLoadedRows(state bulkJobResourceModel, replace path.Paths, diags *diag.Diagnostics) {
	if state.RowsSucceeded.ValueInt64() == 0 {
		return
	}
	diags.AddAttributeWarning(replace[0], "Replacing a job that loaded rows",
		fmt.Sprintf("Bulk job %s loaded %s, which stay in Zuora; the replacement runs a new job that loads the configured file.",
			state.ID.ValueString(), rowsNoun(state.RowsSucceeded.ValueInt64())))
}
