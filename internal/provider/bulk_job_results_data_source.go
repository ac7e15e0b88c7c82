package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
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

// bulkJobResultsConfig is what the configuration sets. The state is built
// as a tftypes value by hand (see resultsState): the framework's reflection
// costs tens of microseconds a row, which at 100,000 rows is most of a read.
type bulkJobResultsConfig struct {
	JobID            types.String `tfsdk:"job_id"`
	Kind             types.String `tfsdk:"kind"`
	KeyField         types.String `tfsdk:"key_field"`
	RowID            types.String `tfsdk:"row_id_column"`
	Limit            types.Int64  `tfsdk:"limit"`
	IncludeRowJSON   types.Bool   `tfsdk:"include_row_json"`
	SensitiveReasons types.Bool   `tfsdk:"sensitive_reasons"`
	Total            types.Int64  `tfsdk:"total"`
	Rows             types.List   `tfsdk:"rows"`
	RowJSON          types.List   `tfsdk:"row_json"`
	Reasons          types.List   `tfsdk:"reasons"`
	IDs              types.Map    `tfsdk:"ids"`
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
			"A job loaded from the write-only `content_wo` shows none of its rows' values: " +
			"`reason` has every quoted text and every value of the row masked, and `row_json` is null. " +
			"Such a job is known by its name, whose marker (`[zt:<hash>.<attempt>.wo]`) the provider adds when it loads `content_wo`, " +
			"or by this run having created or read it as a `zuora_bulk_job` with `content_wo`. " +
			"Every other job, including one loaded by a person or another tool, shows its rows. " +
			"A job loaded from `content_wo` by a provider version older than the flag carries no such mark and is not recognised: " +
			"refer to it as `zuora_bulk_job.NAME.id`, or set `sensitive_reasons` and `include_row_json = false`. " +
			"JSON-lines and CSV result files are read in every spelling Zuora's documents allow: the record id as `Id` or `id`, " +
			"the reason under `_error`, `error`, `Error`, `errorMessage` or `reasons` (a list of messages or `{code, message}` objects), " +
			"and the line number as `_line`, `line` or `rowNumber`, or not at all.\n\n" +
			"The time a read takes grows in step with `limit` (100,000 rows take seconds). No attribute inside `rows` is " +
			"sensitive, because Terraform marks a sensitive attribute of a list's elements once per element, at a cost " +
			"that grows with the square of the rows: what is sensitive is in the top-level lists `row_json` and `reasons`, " +
			"whose element `i` belongs to `rows[i]`.",
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
					"`billToContact.workEmail`; a CSV column of that exact name wins). Fills each row's `key` and the keys of `ids` " +
					"(for a `content_wo` job too: name a field that is not secret). A field that no row carries is a warning.",
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
			"include_row_json": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether `row_json` holds the rows (default `true`). `false` keeps the whole rows, " +
					"with every value they carry, out of state.",
			},
			"sensitive_reasons": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Give Zuora's reasons only in the sensitive `reasons` list, leaving each row's `reason` null " +
					"(default `false`). Set it for a job whose rows carry values that must not be shown, such as one loaded " +
					"from `content_wo`: Zuora's reasons can quote the values they refuse.",
			},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "Rows in the file."},
			"rows": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The file's first `limit` rows, in file order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"line":   schema.Int64Attribute{Computed: true, MarkdownDescription: "The row's line in the source file, where Zuora gives it; null otherwise."},
					"id":     schema.StringAttribute{Computed: true, MarkdownDescription: "The Zuora record id (success rows)."},
					"key":    schema.StringAttribute{Computed: true, MarkdownDescription: "The value of `key_field`; null without one or when the row has none."},
					"reason": schema.StringAttribute{Computed: true, MarkdownDescription: "Why Zuora refused the row (error rows), sensitive values masked; for a job loaded from `content_wo`, every value of the row masked; null with `sensitive_reasons`."},
				}},
			},
			"row_json": schema.ListAttribute{
				Computed:    true,
				Sensitive:   true,
				ElementType: types.StringType,
				MarkdownDescription: "`row_json[i]` is `rows[i]` as a JSON object, unmasked: a JSON-lines row as Zuora wrote it, " +
					"a CSV row as `{column: value}`. Null with `include_row_json = false`; an element is null for a job loaded from `content_wo`.",
			},
			"reasons": schema.ListAttribute{
				Computed:            true,
				Sensitive:           true,
				ElementType:         types.StringType,
				MarkdownDescription: "With `sensitive_reasons`: `reasons[i]` is why Zuora refused `rows[i]`, masked like `reason`, or null. Null otherwise.",
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
	var m bulkJobResultsConfig
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
	c := newResultsCollector(resultsWanted{
		keyField:         m.KeyField.ValueString(),
		withIDs:          m.Kind.ValueString() == "successes",
		limit:            orInt64(m.Limit, defaultResultsLimit),
		includeRowJSON:   m.IncludeRowJSON.IsNull() || m.IncludeRowJSON.ValueBool(),
		sensitiveReasons: m.SensitiveReasons.ValueBool(),
	})
	c.writeOnly = loadguard.MarkedWriteOnly(s.Name) || d.pd.jobSources.loadedWriteOnly(id)
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
	resp.Diagnostics.Append(c.keyFieldMissing(id, m.Kind.ValueString())...)
	state, err := c.state(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Cannot record the bulk job's result rows", err.Error())
		return
	}
	resp.State.Raw = state
}

func orInt64(v types.Int64, def int64) int64 {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueInt64()
}

// resultsWanted is what the configuration asks of the rows.
type resultsWanted struct {
	keyField         string
	withIDs          bool
	limit            int64
	includeRowJSON   bool
	sensitiveReasons bool
}

// resultsCollector keeps the first limit rows, counts them all and maps
// keys to ids, remembering where each key was seen to name both rows of
// a duplicate. Rows are kept as the tftypes values the state is made of.
type resultsCollector struct {
	resultsWanted
	total     int64
	rows      []tftypes.Value
	rowJSON   []tftypes.Value
	reasons   []tftypes.Value
	ids       map[string]tftypes.Value
	seenAt    map[string]string
	duplicate diag.Diagnostic
	writeOnly bool     // the job was loaded from content_wo
	keyFound  bool     // a row carried keyField
	fields    []string // the members of the first row, for keyFieldMissing
}

// The tftypes of the computed attributes; resultsState checks them against
// the schema's, so the two cannot drift apart.
var (
	resultRowType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"line": tftypes.Number, "id": tftypes.String, "key": tftypes.String, "reason": tftypes.String,
	}}
	resultRowsType = tftypes.List{ElementType: resultRowType}
	stringListType = tftypes.List{ElementType: tftypes.String}
	stringMapType  = tftypes.Map{ElementType: tftypes.String}
	nullString     = tftypes.NewValue(tftypes.String, nil)
)

func newResultsCollector(w resultsWanted) *resultsCollector {
	return &resultsCollector{resultsWanted: w, ids: map[string]tftypes.Value{}, seenAt: map[string]string{}}
}

func (c *resultsCollector) add(r client.ResultRow) error {
	c.total++
	key, hasKey := "", false
	if c.keyField != "" {
		key, hasKey = r.Value(c.keyField)
		c.keyFound = c.keyFound || hasKey
		if c.total == 1 {
			c.fields = r.Fields()
		}
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
		c.ids[key] = tftypes.NewValue(tftypes.String, r.ID)
	}
	if int64(len(c.rows)) >= c.limit {
		return nil
	}
	reason, rowJSON := optionalText(rowcheck.MaskSensitive(r.Reason)), tftypes.NewValue(tftypes.String, r.JSON)
	if c.writeOnly {
		reason, rowJSON = writeOnlyResult(r)
	}
	if c.sensitiveReasons {
		c.reasons = append(c.reasons, reason)
		reason = nullString
	}
	c.rows = append(c.rows, tftypes.NewValue(resultRowType, map[string]tftypes.Value{
		"line":   optionalLine(r.Line),
		"id":     optionalText(r.ID),
		"key":    keyValue(key, hasKey),
		"reason": reason,
	}))
	if c.includeRowJSON {
		c.rowJSON = append(c.rowJSON, rowJSON)
	}
	return nil
}

// state is the data source's state: the configured attributes as config
// has them, and the computed ones from the rows collected.
func (c *resultsCollector) state(config tftypes.Value) (tftypes.Value, error) {
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	attrs["total"] = tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(c.total))
	attrs["rows"] = tftypes.NewValue(resultRowsType, nonNil(c.rows))
	attrs["row_json"] = listOrNull(c.includeRowJSON, c.rowJSON)
	attrs["reasons"] = listOrNull(c.sensitiveReasons, c.reasons)
	attrs["ids"] = tftypes.NewValue(stringMapType, c.ids)
	attrTypes := make(map[string]tftypes.Type, len(attrs))
	for name, v := range attrs {
		attrTypes[name] = v.Type()
	}
	want := config.Type()
	got := tftypes.Object{AttributeTypes: attrTypes}
	if !got.Equal(want) {
		return tftypes.Value{}, fmt.Errorf("internal error: result state type %s does not match the schema's %s", got, want)
	}
	return tftypes.NewValue(want, attrs), nil
}

func listOrNull(wanted bool, elems []tftypes.Value) tftypes.Value {
	if !wanted {
		return tftypes.NewValue(stringListType, nil)
	}
	return tftypes.NewValue(stringListType, nonNil(elems))
}

func nonNil(elems []tftypes.Value) []tftypes.Value {
	if elems == nil {
		return []tftypes.Value{}
	}
	return elems
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

func optionalLine(n int64) tftypes.Value {
	if n <= 0 {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(n))
}

func optionalText(s string) tftypes.Value {
	if s == "" {
		return nullString
	}
	return tftypes.NewValue(tftypes.String, s)
}

func keyValue(key string, ok bool) tftypes.Value {
	if !ok {
		return nullString
	}
	return tftypes.NewValue(tftypes.String, key)
}

// keyFieldMissing warns when key_field names a field no row of the file
// carries: key and ids would be empty without a word (issue 20 item 13).
func (c *resultsCollector) keyFieldMissing(jobID, kind string) diag.Diagnostics {
	if c.keyField == "" || c.total == 0 || c.keyFound {
		return nil
	}
	hint := ""
	if like := rowcheck.Suggest(c.keyField, c.fields, 3); len(like) > 0 {
		hint = fmt.Sprintf(" Did you mean %s?", strings.Join(like, ", "))
	} else if len(c.fields) > 0 {
		hint = fmt.Sprintf(" The first row has %s.", strings.Join(c.fields, ", "))
	}
	return diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("key_field"), "key_field is in no row",
		fmt.Sprintf("No row of bulk job %s's %s rows file (%d rows) has the field %q, so every row's key is null and ids is empty.%s "+
			"key_field is a dotted path into the row as Zuora wrote it (billToContact.workEmail), or a CSV column name.",
			jobID, kind, c.total, c.keyField, hint))}
}
