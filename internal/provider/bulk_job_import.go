package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// importedKey marks, in private state, a resource that came from terraform
// import, until an apply records its configuration.
const importedKey = "imported"

// privateState is the part of the framework's private state data that
// this resource uses (its concrete type is internal to the framework).
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func markImported(ctx context.Context, p privateState) diag.Diagnostics {
	return p.SetKey(ctx, importedKey, []byte(`true`))
}

func clearImported(ctx context.Context, p privateState) diag.Diagnostics {
	return p.SetKey(ctx, importedKey, nil)
}

func wasImported(ctx context.Context, p privateState, diags *diag.Diagnostics) bool {
	return hasPrivateKey(ctx, p, importedKey, diags)
}

func hasPrivateKey(ctx context.Context, p privateState, key string, diags *diag.Diagnostics) bool {
	if p == nil {
		return false
	}
	v, d := p.GetKey(ctx, key)
	diags.Append(d...)
	return len(v) > 0
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
	sha, size, err := r.pd.client.HashFile(ctx, link, limit)
	if err != nil {
		diags.AddWarning("Cannot hash the imported job's file",
			fmt.Sprintf("Bulk job %s: %v. Without the hash, a configuration for this job plans a new job.", m.ID.ValueString(), err))
		return
	}
	m.SourceSHA256, m.SourceSizeBytes = types.StringValue(sha), types.Int64Value(size)
	tflog.Info(ctx, "hashed the imported bulk job's file", map[string]any{"job_id": m.ID.ValueString(), "sha256": sha, "bytes": size})
}
