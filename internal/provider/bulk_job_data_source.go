package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*bulkJobDataSource)(nil)

// bulkJobDataSource looks one bulk job up by id, with fresh result links.
type bulkJobDataSource struct {
	dataSourceBase
}

type bulkJobDataSourceModel struct {
	ID types.String `tfsdk:"id"`
	bulkJobIdentity
	bulkJobProgress
}

func newBulkJobDataSource() datasource.DataSource { return &bulkJobDataSource{} }

func (d *bulkJobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bulk_job"
}

func (d *bulkJobDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	url := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: desc +
			" Fetched on every read; null until the job has completed. The link carries temporary credentials and expires."}
	}
	num := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one Data Loader bulk job by id: its status, row counts and fresh links to its result files.",
		Attributes: map[string]schema.Attribute{
			"id":                    schema.StringAttribute{Required: true, MarkdownDescription: "The bulk job's id."},
			"name":                  str(jobDocs.Name),
			"description":           str("The job's description."),
			"object_type":           str(jobDocs.ObjectType),
			"job_type":              str(jobDocs.JobType),
			"file_type":             str("`jsonl` or `csv`."),
			"status":                str(jobDocs.Status),
			"row_count":             num(jobDocs.RowCount),
			"rows_succeeded":        num(jobDocs.RowsSucceeded),
			"rows_failed":           num(jobDocs.RowsFailed),
			"failure_reason":        str(jobDocs.FailureReason),
			"created_at":            str(jobDocs.CreatedAt),
			"submitted_at":          str(jobDocs.SubmittedAt),
			"last_updated_at":       str(jobDocs.LastUpdatedAt),
			"source_file_url":       url("The file Zuora received."),
			"error_rows_file_url":   url("The rows Zuora refused, with the reasons."),
			"success_rows_file_url": url("The rows Zuora loaded."),
		},
	}
}

func (d *bulkJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m bulkJobDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !d.configured(&resp.Diagnostics) {
		return
	}
	id := m.ID.ValueString()
	s, err := d.pd.client.JobSummary(ctx, id)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Cannot read bulk job", err.Error())
		return
	}
	m.bulkJobIdentity.setIdentity(s, d.pd.client.ObjectTypeFor(ctx, s.ObjectType))
	m.bulkJobProgress.setSummary(s)
	m.setDownloads(nil)
	if m.Status.ValueString() == client.StatusCompleted {
		dl, err := d.pd.client.JobDownloads(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Cannot read the bulk job's result links", err.Error())
			return
		}
		m.setDownloads(dl)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
