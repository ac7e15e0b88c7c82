package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// content_wo is `content` kept out of state: inline rows may be personal
// data, and Terraform stores and prints every ordinary argument. Being
// write-only, its value reaches the provider only from the configuration
// (ModifyPlan, Create, Update) and is never in plan or state. What the job
// loaded is recorded as source_sha256 and source_size_bytes, and the hash
// is also kept in private state: it marks the job as loaded from
// content_wo, and a value with another hash plans a new job.

// writeOnlyRecord is what private state keeps of the value a job loaded.
type writeOnlyRecord struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

func contentWOAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:  true,
		WriteOnly: true,
		MarkdownDescription: "The file to load, inline, write-only (Terraform 1.11 and later): checked like `content`, " +
			"never stored in state or shown in plans; state keeps only its hash and size. " +
			"Exactly one of `source`, `content` and `content_wo` is required.",
	}
}

// inlineContent is the file given inline, from content or content_wo.
func (m bulkJobResourceModel) inlineContent() (string, bool) {
	switch {
	case !m.ContentWO.IsNull():
		return m.ContentWO.ValueString(), true
	case !m.Content.IsNull():
		return m.Content.ValueString(), true
	}
	return "", false
}

// readWriteOnly takes content_wo from the configuration: the plan Create
// and Update receive holds null in its place.
func readWriteOnly(ctx context.Context, config tfsdk.Config, m *bulkJobResourceModel) diag.Diagnostics {
	return config.GetAttribute(ctx, path.Root("content_wo"), &m.ContentWO)
}

// recordWriteOnly keeps the hash and size of the content_wo value a job
// loaded, or clears the record when the job's file came from elsewhere.
func recordWriteOnly(ctx context.Context, p privateState, m bulkJobResourceModel) diag.Diagnostics {
	if m.ContentWO.IsNull() {
		return p.SetKey(ctx, writeOnlyKey, nil)
	}
	b, err := json.Marshal(writeOnlyRecord{SHA256: m.SourceSHA256.ValueString(), Size: m.SourceSizeBytes.ValueInt64()})
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot record content_wo", err.Error())
		return diags
	}
	return p.SetKey(ctx, writeOnlyKey, b)
}

// loadedWriteOnlyRecord reads the record; nil when the job was not loaded
// from content_wo.
func loadedWriteOnlyRecord(ctx context.Context, p privateState, diags *diag.Diagnostics) *writeOnlyRecord {
	if p == nil {
		return nil
	}
	b, d := p.GetKey(ctx, writeOnlyKey)
	diags.Append(d...)
	if len(b) == 0 {
		return nil
	}
	var rec writeOnlyRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		diags.AddError("Cannot read the content_wo record from private state", err.Error())
		return nil
	}
	return &rec
}

// replacementPathsWithWriteOnly is replacementPaths for a job that may have
// been loaded from content_wo. Its state holds neither source nor content,
// like an imported job's, so the record decides which it is; a content_wo
// value whose hash differs from the recorded one (or is not known yet)
// needs a new job.
func (r *bulkJobResource) replacementPathsWithWriteOnly(ctx context.Context, private privateState, state, plan bulkJobResourceModel, diags *diag.Diagnostics) path.Paths {
	rec := loadedWriteOnlyRecord(ctx, private, diags)
	state.loadedWriteOnly = rec != nil
	replace := r.replacementPaths(ctx, state, plan, diags)
	if rec != nil && !plan.ContentWO.IsNull() &&
		(plan.SourceSHA256.IsUnknown() || plan.SourceSHA256.ValueString() != rec.SHA256) {
		replace = append(replace, path.Root("content_wo"))
	}
	return replace
}

// reasonsOnly keeps, of each error row, only Zuora's reason: the rows of
// content_wo stay out of apply output as they stay out of state. A row
// without a reason is not shown at all.
func reasonsOnly(head []byte) []byte {
	var out bytes.Buffer
	for _, line := range bytes.Split(head, []byte("\n")) {
		row := strings.TrimSpace(string(line))
		switch summary := errorRowSummary(row); {
		case row == "":
		case summary != row:
			out.WriteString(summary + "\n")
		default:
			out.WriteString("(a row of content_wo, not shown)\n")
		}
	}
	return out.Bytes()
}
