package provider

import (
	"context"
	"encoding/json"
	"sync"

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
// loaded, or clears the record when the job's file came from elsewhere,
// and tells the run (jobSources) which it is.
func (r *bulkJobResource) recordWriteOnly(ctx context.Context, p privateState, m bulkJobResourceModel) diag.Diagnostics {
	if r.pd != nil {
		r.pd.jobSources.note(m.ID.ValueString(), !m.ContentWO.IsNull())
	}
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

// jobSources is what this provider run knows of which jobs were loaded
// from content_wo: the zuora_bulk_job resource notes each job it creates,
// updates or reads (from its content_wo record in private state, or its
// source or content in state). zuora_bulk_job_results cannot see a
// resource's private state, so it asks here as well as reading the job's
// name, whose marker carries the write-only flag for jobs this provider
// loaded from content_wo (loadguard.MarkedWriteOnly). The record covers
// what the name cannot: a job made by a provider version before the flag
// that this run reads as a resource. The zero value is ready to use.
type jobSources struct {
	mu        sync.Mutex
	writeOnly map[string]bool // job id → loaded from content_wo
}

func (s *jobSources) note(id string, writeOnly bool) {
	if id == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.writeOnly == nil {
		s.writeOnly = map[string]bool{}
	}
	// Write-only sticks: two resources may hold one job (the guard adopts
	// it), and one loaded from content_wo is enough to mask it.
	s.writeOnly[id] = s.writeOnly[id] || writeOnly
}

// loadedWriteOnly reports whether this run knows the job was loaded from
// content_wo.
func (s *jobSources) loadedWriteOnly(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeOnly[id]
}

// noteJobSource tells the run where the rows of the job in state came
// from, as far as the resource knows: an imported job that no
// configuration has loaded yet is left unknown.
func (r *bulkJobResource) noteJobSource(ctx context.Context, p privateState, m bulkJobResourceModel, diags *diag.Diagnostics) {
	switch {
	case r.pd == nil:
	case loadedWriteOnlyRecord(ctx, p, diags) != nil:
		r.pd.jobSources.note(m.ID.ValueString(), true)
	case !m.Source.IsNull() || !m.Content.IsNull():
		r.pd.jobSources.note(m.ID.ValueString(), false)
	}
}
