package provider

import (
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// bulkJobResourceModel is the state of one zuora_bulk_job.
type bulkJobResourceModel struct {
	ID types.String `tfsdk:"id"`
	bulkJobIdentity

	Source                types.String `tfsdk:"source"`
	Content               types.String `tfsdk:"content"`
	ContentWO             types.String `tfsdk:"content_wo"` // write-only
	Delimiter             types.String `tfsdk:"delimiter"`
	HasHeaders            types.Bool   `tfsdk:"has_headers"`
	Headers               types.List   `tfsdk:"headers"`
	Mappings              types.Map    `tfsdk:"mappings"`
	RowIDColumn           types.String `tfsdk:"row_id_column"`
	IsCustomObject        types.Bool   `tfsdk:"is_custom_object"`
	CustomObjectNamespace types.String `tfsdk:"custom_object_namespace"`

	// Behaviour settings: changing them never forces a new job.
	MaxFailedRows     types.Int64    `tfsdk:"max_failed_rows"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	Validation        types.String   `tfsdk:"validation"`
	PCICheck          types.String   `tfsdk:"pci_check"`
	MaxFileBytes      types.Int64    `tfsdk:"max_file_bytes"`
	OnDestroy         types.String   `tfsdk:"on_destroy"`
	IfAlreadyLoaded   types.String   `tfsdk:"if_already_loaded"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`

	SourceSHA256    types.String `tfsdk:"source_sha256"`
	SourceSizeBytes types.Int64  `tfsdk:"source_size_bytes"`
	bulkJobProgress

	// loadedWriteOnly: the job was loaded from content_wo, as private
	// state records; not a schema attribute.
	loadedWriteOnly bool
}

// bulkJobIdentity is what a job was created with and what its summary
// echoes back; the resource sets it from configuration, import and the
// data source from the summary.
type bulkJobIdentity struct {
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	ObjectType  types.String `tfsdk:"object_type"`
	JobType     types.String `tfsdk:"job_type"`
	FileType    types.String `tfsdk:"file_type"`
}

// bulkJobProgress is everything Zuora reports about a job as it runs. The
// resource and the data source share it, so the summary is mapped in one
// place.
type bulkJobProgress struct {
	Status             types.String `tfsdk:"status"`
	RowCount           types.Int64  `tfsdk:"row_count"`
	RowsSucceeded      types.Int64  `tfsdk:"rows_succeeded"`
	RowsFailed         types.Int64  `tfsdk:"rows_failed"`
	FailureReason      types.String `tfsdk:"failure_reason"`
	CreatedAt          types.String `tfsdk:"created_at"`
	SubmittedAt        types.String `tfsdk:"submitted_at"`
	LastUpdatedAt      types.String `tfsdk:"last_updated_at"`
	SourceFileURL      types.String `tfsdk:"source_file_url"`
	ErrorRowsFileURL   types.String `tfsdk:"error_rows_file_url"`
	SuccessRowsFileURL types.String `tfsdk:"success_rows_file_url"`
}

// setSummary copies status, counts, failure reason and timestamps. The
// result-file links are left alone: they change on every call to
// downloads, so only setDownloads touches them.
func (p *bulkJobProgress) setSummary(s *client.Summary) {
	p.Status = types.StringValue(s.Status)
	p.RowCount = types.Int64Value(s.RowCount)
	p.RowsSucceeded = types.Int64Value(s.RowsSucceeded)
	p.RowsFailed = types.Int64Value(s.RowsFailed)
	p.FailureReason = optionalString(s.FailureReason)
	p.CreatedAt = timestamp(s.CreatedAt)
	p.SubmittedAt = timestamp(s.SubmittedAt)
	p.LastUpdatedAt = timestamp(s.LastUpdatedAt)
}

// setDownloads records the result-file links; a nil d (no links yet, or
// the job never completed) records none.
func (p *bulkJobProgress) setDownloads(d *client.Downloads) {
	if d == nil {
		d = &client.Downloads{}
	}
	p.SourceFileURL = optionalString(d.SourceFile)
	p.ErrorRowsFileURL = optionalString(d.ErrorRowsFile)
	p.SuccessRowsFileURL = optionalString(d.SuccessRowsFile)
}

func (p *bulkJobProgress) hasDownloads() bool {
	return p.SourceFileURL.ValueString() != "" ||
		p.ErrorRowsFileURL.ValueString() != "" ||
		p.SuccessRowsFileURL.ValueString() != ""
}

// setIdentity fills the identity from what Zuora echoes, in the spellings
// the configuration would use. objectType is the catalogue's objectType
// for the summary's object (the summary may name it by objectName).
func (i *bulkJobIdentity) setIdentity(s *client.Summary, objectType string) {
	i.Name = types.StringValue(s.Name)
	i.Description = optionalString(s.Description)
	i.ObjectType = types.StringValue(objectType)
	i.JobType = optionalString(s.JobType)
	i.FileType = optionalString(strings.ToLower(s.FileType))
}

// jobTypes and jobStatuses are what the schemas accept, in Zuora's spelling.
var (
	jobTypes    = client.JobTypes
	jobStatuses = client.JobStatuses
)

// timestamp renders a parsed Zuora time as RFC 3339 UTC; the zero time
// means Zuora sent none.
func timestamp(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// jobDocs describes the attributes the resource and both job data sources
// share, so the three document a job in the same words.
var jobDocs = struct {
	Name, ObjectType, JobType, Status, FailureReason string
	RowCount, RowsSucceeded, RowsFailed              string
	CreatedAt, SubmittedAt, LastUpdatedAt            string
}{
	Name:          "The job's name.",
	ObjectType:    "The object the job loads, as create-job takes it (e.g. `Account`), whichever spelling Zuora echoes.",
	JobType:       "`Import`, `Update`, `Delete` or `Cancel`.",
	Status:        "The job's status: `Created`, `Submitted`, `In Progress`, `Aborting`, `Completed`, `Failed`, `Aborted` or `Cancelled`.",
	FailureReason: "Why the job failed, when it did.",
	RowCount:      "Rows Zuora found in the file.",
	RowsSucceeded: "Rows Zuora loaded.",
	RowsFailed:    "Rows Zuora refused; the error rows file lists each with its reason.",
	CreatedAt:     "When the job was created (RFC 3339, UTC; null when Zuora reports none).",
	SubmittedAt:   "When the job was submitted (RFC 3339, UTC; null until it is).",
	LastUpdatedAt: "When Zuora last updated the job (RFC 3339, UTC).",
}
