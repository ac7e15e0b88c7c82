package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

var (
	_ datasource.DataSource              = (*bulkJobsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*bulkJobsDataSource)(nil)
)

func newBulkJobsDataSource() datasource.DataSource { return &bulkJobsDataSource{} }

// bulkJobsDataSource lists the tenant's bulk jobs, optionally by status.
type bulkJobsDataSource struct {
	dataSourceBase
}

type bulkJobsModel struct {
	ID     types.String          `tfsdk:"id"`
	Status types.String          `tfsdk:"status"`
	Jobs   []bulkJobSummaryModel `tfsdk:"jobs"`
}

type bulkJobSummaryModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Status        types.String `tfsdk:"status"`
	ObjectType    types.String `tfsdk:"object_type"`
	JobType       types.String `tfsdk:"job_type"`
	RowCount      types.Int64  `tfsdk:"row_count"`
	RowsSucceeded types.Int64  `tfsdk:"rows_succeeded"`
	RowsFailed    types.Int64  `tfsdk:"rows_failed"`
	CreatedAt     types.String `tfsdk:"created_at"`
	SubmittedAt   types.String `tfsdk:"submitted_at"`
	LastUpdatedAt types.String `tfsdk:"last_updated_at"`
}

func (d *bulkJobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bulk_jobs"
}

func (d *bulkJobsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	num := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the tenant's Data Loader bulk jobs, following Zuora's pagination to the end. " +
			"Use `status` to list only, say, the jobs still `In Progress`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The status filter as Zuora spells it, or `all`.",
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "List only jobs with this status, in any casing: `" +
					strings.Join(jobStatuses, "`, `") + "`.",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(jobStatuses...)},
			},
			"jobs": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The jobs, in the order Zuora lists them.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":              str("The job's id."),
						"name":            str(jobDocs.Name),
						"status":          str(jobDocs.Status),
						"object_type":     str(jobDocs.ObjectType),
						"job_type":        str(jobDocs.JobType),
						"row_count":       num(jobDocs.RowCount),
						"rows_succeeded":  num(jobDocs.RowsSucceeded),
						"rows_failed":     num(jobDocs.RowsFailed),
						"created_at":      str(jobDocs.CreatedAt),
						"submitted_at":    str(jobDocs.SubmittedAt),
						"last_updated_at": str(jobDocs.LastUpdatedAt),
					},
				},
			},
		},
	}
}

func (d *bulkJobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model bulkJobsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !d.configured(&resp.Diagnostics) {
		return
	}

	// The configured spelling stays in state (Terraform requires it);
	// Zuora gets its own.
	status := client.NormalizeStatus(model.Status.ValueString())
	summaries, err := d.pd.client.ListJobSummaries(ctx, status)
	if err != nil {
		resp.Diagnostics.AddError("Could not list bulk jobs", err.Error())
		return
	}

	model.ID = types.StringValue("all")
	if status != "" {
		model.ID = types.StringValue(status)
	}
	model.Jobs = make([]bulkJobSummaryModel, 0, len(summaries))
	for _, s := range summaries {
		model.Jobs = append(model.Jobs, jobSummaryModel(s, d.pd.client.ObjectTypeFor(ctx, s.ObjectType)))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// jobSummaryModel maps one listed job; objectType is Zuora's echo in the
// create-job spelling, so a list can be filtered by what a configuration
// says.
func jobSummaryModel(s client.Summary, objectType string) bulkJobSummaryModel {
	return bulkJobSummaryModel{
		ID:            types.StringValue(s.ID),
		Name:          types.StringValue(s.Name),
		Status:        types.StringValue(s.Status),
		ObjectType:    types.StringValue(objectType),
		JobType:       types.StringValue(s.JobType),
		RowCount:      types.Int64Value(s.RowCount),
		RowsSucceeded: types.Int64Value(s.RowsSucceeded),
		RowsFailed:    types.Int64Value(s.RowsFailed),
		CreatedAt:     timestamp(s.CreatedAt),
		SubmittedAt:   timestamp(s.SubmittedAt),
		LastUpdatedAt: timestamp(s.LastUpdatedAt),
	}
}
