package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// ImportState takes a job id. Read then fills what Zuora knows and, once,
// hashes the source file Zuora holds, so a configuration pointing at the
// same file records its arguments instead of loading it again.
func (r *bulkJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(markImported(ctx, resp.Private)...)
}

// hashImportedSource hashes the file Zuora holds for an imported job, so
// plan can tell whether the configured file is the one already loaded.
func (r *bulkJobResource) hashImportedSource(ctx context.Context, m *bulkJobResourceModel, diags *diag.Diagnostics) {
	link := m.SourceFileURL.ValueString()
	if link == "" {
		return // not finished yet, or Zuora gave no link; plan says so
	}
	limit := m.MaxFileBytes.ValueInt64()
	if m.MaxFileBytes.IsNull() || limit <= 0 {
		limit = defaultMaxFileBytes
	}
	// A link signed with temporary credentials can die before it expires:
	// S3's refusal renews it once (API reference, downloads).
	var sha string
	var size int64
	used, err := r.pd.client.WithFreshLink(ctx, m.ID.ValueString(), client.LinkSource, link, func(link string) error {
		var err error
		sha, size, err = r.pd.client.HashFile(ctx, link, limit)
		return err
	})
	if used != link && used != "" {
		m.SourceFileURL = types.StringValue(used)
	}
	if err != nil {
		diags.AddWarning("Cannot hash the imported job's file",
			fmt.Sprintf("Bulk job %s: %v. Without the hash, a configuration for this job plans a new job.", m.ID.ValueString(), err))
		return
	}
	m.SourceSHA256, m.SourceSizeBytes = types.StringValue(sha), types.Int64Value(size)
	tflog.Info(ctx, "hashed the imported bulk job's file", map[string]any{"job_id": m.ID.ValueString(), "sha256": sha, "bytes": size})
}
