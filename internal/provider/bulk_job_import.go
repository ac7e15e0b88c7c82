package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/hashicorp/go-cleanhttp"
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
	if p == nil {
		return false
	}
	v, d := p.GetKey(ctx, importedKey)
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
	sha, size, err := hashRemoteFile(ctx, link, limit)
	if err != nil {
		diags.AddWarning("Cannot hash the imported job's file",
			fmt.Sprintf("Bulk job %s: %v. Without the hash, a configuration for this job plans a new job.", m.ID.ValueString(), err))
		return
	}
	m.SourceSHA256, m.SourceSizeBytes = types.StringValue(sha), types.Int64Value(size)
	tflog.Info(ctx, "hashed the imported bulk job's file", map[string]any{"job_id": m.ID.ValueString(), "sha256": sha, "bytes": size})
}

// hashRemoteFile streams a presigned link into SHA-256, reading at most
// limit bytes. Errors never contain the link: it carries credentials.
func hashRemoteFile(ctx context.Context, link string, limit int64) (string, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return "", 0, errors.New("the source file link is not a valid URL")
	}
	resp, err := cleanhttp.DefaultClient().Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", 0, fmt.Errorf("downloading the source file: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", 0, fmt.Errorf("downloading the source file: HTTP %d", resp.StatusCode)
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return "", 0, fmt.Errorf("downloading the source file: %w", err)
	}
	if n > limit {
		return "", 0, fmt.Errorf("the source file is larger than %d bytes (max_file_bytes)", limit)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
