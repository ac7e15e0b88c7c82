package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

const (
	defaultResultsLimit = 1000
	maxResultsLimit     = 100000
)

var _ datasource.DataSourceWithConfigure = (*bulkJobResultsDataSource)(nil)

// bulkJobResultsDataSource reads one completed job's error or success rows
// file, so failed rows can be seen from CI and later loads can refer to
// the records an earlier one created.
type bulkJobResultsDataSource struct {
	dataSourceBase
}

type bulkJobResultsModel struct {
	JobID    types.String       `tfsdk:"job_id"`
	Kind     types.String       `tfsdk:"kind"`
	KeyField types.String       `tfsdk:"key_field"`
	RowID    types.String       `tfsdk:"row_id_column"`
	Limit    types.Int64        `tfsdk:"limit"`
	Total    types.Int64        `tfsdk:"total"`
	Rows     []resultRowModel   `tfsdk:"rows"`
	IDs      map[string]*string `tfsdk:"ids"`
}

type resultRowModel struct {
	Line    types.Int64  `tfsdk:"line"`
	ID      types.String `tfsdk:"id"`
	Key     types.String `tfsdk:"key"`
	Reason  types.String `tfsdk:"reason"`
	RowJSON types.String `tfsdk:"row_json"`
}

func newBulkJobResultsDataSource() datasource.DataSource { return &bulkJobResultsDataSource{} }

func (d *bulkJobResultsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bulk_job_results"
}

func (d *bulkJobResultsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a completed bulk job's error rows or success rows file, streaming it from Zuora: " +
			"which rows failed and why, and which record each loaded row created. " +
			"`ids` lets a later job's content refer to the records an earlier job created. " +
			"Values that look like card or bank account numbers are masked in `reason` and in every message; " +
			"the row as Zuora wrote it is only in the sensitive `row_json`. " +
			"JSON-lines and CSV result files are read in every spelling Zuora's documents allow: the record id as `Id` or `id`, " +
			"the reason under `_error`, `error`, `Error`, `errorMessage` or `reasons` (a list of messages or `{code, message}` objects), " +
			"and the line number as `_line`, `line` or `rowNumber`, or not at all.",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{Required: true, MarkdownDescription: "The bulk job's id; the job must be `Completed`."},
			"kind": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`errors` (the rows Zuora refused) or `successes` (the rows it loaded).",
				Validators:          []validator.String{stringvalidator.OneOf("errors", "successes")},
			},
			"key_field": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The field that identifies a row, as a dotted path into it (`accountNumber`, " +
					"`billToContact.workEmail`; a CSV column of that exact name wins). Fills each row's `key` and the keys of `ids`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"row_id_column": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The job's `row_id_column` (create-job's `rowIdHeader`, which Zuora does not echo): " +
					"a row that carries a number in it reports the number as `line`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"limit": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("How many rows `rows` holds at most (default %d, at most %d). `total` and `ids` always cover the whole file.", defaultResultsLimit, maxResultsLimit),
				Validators:          []validator.Int64{int64validator.Between(0, maxResultsLimit)},
			},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "Rows in the file."},
			"rows": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The file's first `limit` rows, in file order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"line":     schema.Int64Attribute{Computed: true, MarkdownDescription: "The row's line in the source file, where Zuora gives it; null otherwise."},
					"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The Zuora record id (success rows)."},
					"key":      schema.StringAttribute{Computed: true, MarkdownDescription: "The value of `key_field`; null without one or when the row has none."},
					"reason":   schema.StringAttribute{Computed: true, MarkdownDescription: "Why Zuora refused the row (error rows), sensitive values masked."},
					"row_json": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The whole row as a JSON object, unmasked: a JSON-lines row as Zuora wrote it, a CSV row as `{column: value}`."},
				}},
			},
			"ids": schema.MapAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Success rows only: `key` → record id for every row of the file that has both, " +
					"e.g. `data.zuora_bulk_job_results.accounts.ids[\"A-1\"]`. Two rows with the same key are an error naming both. " +
					"Empty without `key_field`.",
			},
		},
	}
}

func (d *bulkJobResultsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m bulkJobResultsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.configured(&resp.Diagnostics) {
		return
	}
	id := m.JobID.ValueString()
	s, err := d.pd.client.JobSummary(ctx, id)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("job_id"), "Cannot read bulk job", err.Error())
		return
	}
	if status := s.Status; status != client.StatusCompleted {
		resp.Diagnostics.AddAttributeError(path.Root("job_id"), "Bulk job has no result files",
			fmt.Sprintf("Bulk job %s is %s; Zuora writes result files once a job is Completed.", id, status))
		return
	}
	dl, err := d.pd.client.JobDownloads(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the bulk job's result links", err.Error())
		return
	}
	url := dl.SuccessRowsFile
	if m.Kind.ValueString() == "errors" {
		url = dl.ErrorRowsFile
	}
	limit := int64(defaultResultsLimit)
	if !m.Limit.IsNull() {
		limit = m.Limit.ValueInt64()
	}
	c := newResultsCollector(m.KeyField.ValueString(), m.Kind.ValueString() == "successes", limit)
	if url != "" {
		format := client.ResultFormat{FileType: s.FileType, Delimiter: dl.Delimiter, RowIDHeader: m.RowID.ValueString()}
		err = d.pd.client.StreamResultFile(ctx, url, format, c.add)
	}
	if c.duplicate != nil {
		resp.Diagnostics.Append(c.duplicate)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the bulk job's result file", fmt.Sprintf("Bulk job %s, %s: %s", id, m.Kind.ValueString(), rowcheck.MaskSensitive(err.Error())))
		return
	}
	m.Total, m.Rows, m.IDs = types.Int64Value(c.total), c.rows, c.ids
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// resultsCollector keeps the first limit rows, counts them all and maps
// keys to ids, remembering where each key was seen to name both rows of
// a duplicate.
type resultsCollector struct {
	keyField  string
	withIDs   bool
	limit     int64
	total     int64
	rows      []resultRowModel
	ids       map[string]*string
	seenAt    map[string]string
	duplicate diag.Diagnostic
}

func newResultsCollector(keyField string, withIDs bool, limit int64) *resultsCollector {
	return &resultsCollector{
		keyField: keyField, withIDs: withIDs, limit: limit,
		rows: []resultRowModel{}, ids: map[string]*string{}, seenAt: map[string]string{},
	}
}

func (c *resultsCollector) add(r client.ResultRow) error {
	c.total++
	key, hasKey := "", false
	if c.keyField != "" {
		key, hasKey = r.Value(c.keyField)
	}
	if c.withIDs && hasKey && r.ID != "" {
		where := rowWhere(r, c.total)
		if first, dup := c.seenAt[key]; dup {
			c.duplicate = diag.NewAttributeErrorDiagnostic(path.Root("key_field"), "Duplicate key in the success rows",
				fmt.Sprintf("%s and %s both have %s = %q, so ids cannot map it to one record. Choose a key_field whose values are unique.",
					first, where, c.keyField, rowcheck.MaskSensitive(key)))
			return errDuplicateKey
		}
		c.seenAt[key] = where
		id := r.ID
		c.ids[key] = &id
	}
	if int64(len(c.rows)) < c.limit {
		c.rows = append(c.rows, resultRowModel{
			Line:    optionalLine(r.Line),
			ID:      optionalString(r.ID),
			Key:     keyValue(key, hasKey),
			Reason:  optionalString(rowcheck.MaskSensitive(r.Reason)),
			RowJSON: types.StringValue(r.JSON),
		})
	}
	return nil
}

var errDuplicateKey = fmt.Errorf("duplicate key")

// rowWhere names a row by its source line, or by its place in the result
// file when Zuora gives no line.
func rowWhere(r client.ResultRow, n int64) string {
	if r.Line > 0 {
		return fmt.Sprintf("line %d", r.Line)
	}
	return fmt.Sprintf("result row %d", n)
}

func optionalLine(n int64) types.Int64 {
	if n <= 0 {
		return types.Int64Null()
	}
	return types.Int64Value(n)
}

func keyValue(key string, ok bool) types.String {
	if !ok {
		return types.StringNull()
	}
	return types.StringValue(key)
}
