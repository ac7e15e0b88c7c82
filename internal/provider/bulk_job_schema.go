package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

const (
	// defaultMaxFileBytes is Data Loader's documented limit, 300 MB
	// ("Files larger than 300 MB are not accepted",
	// known-behavior-of-data-loader.md).
	defaultMaxFileBytes = client.MaxFileBytes
	// s3PolicyMaxBytes is the content-length-range of the presigned POST
	// policy Zuora hands out: nothing larger can be uploaded at all.
	s3PolicyMaxBytes = 2_097_152_000
)

// The create arguments' plan modifiers are absent on purpose: ModifyPlan
// decides replacement in one place, by what is loaded (the file's hash),
// not by how the configuration names it.
func (r *bulkJobResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Loads one JSON-lines or CSV file into Zuora as one Data Loader bulk job. " +
			"`terraform plan` checks every row against the field metadata Zuora publishes for the object; " +
			"`terraform apply` uploads the file, submits the job, waits for it and records the row counts and result files. " +
			"A file is loaded once: retries, timeouts and interrupted applies keep to the same job, and a duplicate guard " +
			"adopts a job that already loaded the same file (see `if_already_loaded`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The bulk job's id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The job's name in Zuora, at most 255 characters. Changing it changes only state; the job keeps its name in Zuora.",
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, 255), stringvalidator.RegexMatches(nonBlank, "must contain a character other than whitespace")},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The job's description, at most 255 characters.",
				Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(255)},
			},
			"object_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The object to load, as create-job takes it (the catalogue's `objectType`, e.g. `Account`). " +
					"The `objectName` (e.g. `accounts-and-contacts`) is accepted too, in any letter case.",
			},
			"job_type": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("Import"),
				MarkdownDescription: "`Import` (default), `Update`, `Delete` or `Cancel`.",
				Validators:          []validator.String{stringvalidator.OneOf(jobTypes...)},
			},
			"source": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of the local file to load. Exactly one of `source`, `content` and `content_wo` is required.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.RegexMatches(nonBlank, "must contain a character other than whitespace")},
			},
			"content": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The file to load, inline. It is stored in state and shown in plans; `content_wo` is not. Exactly one of `source`, `content` and `content_wo` is required.",
			},
			"content_wo": contentWOAttribute(),
			"file_type":  fileTypeAttribute(true),

			"delimiter": delimiterAttribute(),

			"has_headers": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "CSV only: whether the first row holds the column names. Defaults to `true`, or to `false` when `headers` is set.",
			},
			"headers": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "CSV only: the column names, for a file without a header row.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.NoNullValues(),
					listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"mappings": mappingsAttribute("Column (CSV) or top-level key (JSON lines)"),

			"row_id_column": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A column or key that identifies each row and is no field, sent as create-job's `rowIdHeader`. " +
					"`zuora_bulk_job_results` given the same `row_id_column` reports its number as `line`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"is_custom_object": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Whether `object_type` is a custom object.",
			},
			"custom_object_namespace": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The custom object's namespace.",
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("is_custom_object"))},
			},
			"max_failed_rows": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Behaviour setting. When set, an apply fails if more rows than this failed in Zuora. " +
					"When unset, failed rows give a warning.",
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Behaviour setting. Whether apply waits for the job to finish (default `true`).",
			},
			"validation": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("strict"),
				MarkdownDescription: "Behaviour setting. How plan treats rows that do not match Zuora's field metadata: " +
					"`strict` (default) fails the plan, `warn` reports them, `off` skips the check.",
				Validators: []validator.String{stringvalidator.OneOf("strict", "warn", "off")},
			},
			"pci_check": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("error"),
				MarkdownDescription: "Behaviour setting. How plan treats values that look like card numbers, bank account numbers or " +
					"IP addresses, which Zuora's Data Loader is not designed for: `error` (default), `warn` or `off`.",
				Validators: []validator.String{stringvalidator.OneOf("error", "warn", "off")},
			},
			"max_file_bytes": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(defaultMaxFileBytes),
				MarkdownDescription: "Behaviour setting. The largest file plan accepts, in bytes: default 300000000 (300 MB), " +
					"Data Loader's documented limit (\"Files larger than 300 MB are not accepted\"); at most 2097152000, " +
					"the most Zuora's upload policy takes, for a tenant whose limit Zuora raised.",
				Validators: []validator.Int64{int64validator.Between(1, s3PolicyMaxBytes)},
			},
			"on_destroy": onDestroyAttribute(),
			"if_already_loaded": schema.StringAttribute{
				// No default in state: unset means adopt, so states written
				// before this argument existed plan no update.
				Optional: true,
				MarkdownDescription: "Behaviour setting. What a new job does when the tenant already loaded the same file into the same " +
					"object with the same job type within the provider's `duplicate_check_days`: `adopt` (default) records that job " +
					"instead of creating one, `error` fails the plan, `load_again` loads the file again.",
				Validators: []validator.String{stringvalidator.OneOf(alreadyLoadedModes...)},
			},

			"source_sha256": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Hex SHA-256 of the file's bytes, known at plan time; the upload must match it. " +
					"Changed rows plan a new job; changed line endings or blank lines only update it in place.",
			},
			"source_size_bytes": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Size of the file in bytes, known at plan time.",
			},
			"status": computedString(jobDocs.Status),
			"row_count": computedInt64(jobDocs.RowCount + " Known at plan for a new job: the rows the check counted; " +
				"refresh records Zuora's count."),
			"rows_succeeded":        computedInt64(jobDocs.RowsSucceeded),
			"rows_failed":           computedInt64(jobDocs.RowsFailed + " See `error_rows_file_url`."),
			"failure_reason":        computedString(jobDocs.FailureReason),
			"created_at":            computedString(jobDocs.CreatedAt),
			"submitted_at":          computedString(jobDocs.SubmittedAt),
			"last_updated_at":       computedString(jobDocs.LastUpdatedAt),
			"source_file_url":       computedSensitiveURL("The file Zuora received." + linkLifetimeDoc),
			"error_rows_file_url":   computedSensitiveURL("The rows Zuora refused, with the reasons." + linkLifetimeDoc),
			"success_rows_file_url": computedSensitiveURL("The rows Zuora loaded." + linkLifetimeDoc),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx, timeouts.Opts{
				Create:            true,
				Update:            true,
				Delete:            true,
				CreateDescription: "How long apply waits for a new job (default 60m). See Timeouts below.",
				UpdateDescription: "How long apply waits when it resumes waiting for a job (default 60m).",
				DeleteDescription: "How long destroy waits for a `delete_records` Delete job (default 60m).",
			}),
		},
	}
}

// Computed values keep their state in plans; ModifyPlan marks them unknown
// only when an apply will resume waiting for the job.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: desc,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func computedSensitiveURL(desc string) schema.StringAttribute {
	a := computedString(desc)
	a.Sensitive = true
	return a
}

func computedInt64(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Computed:            true,
		MarkdownDescription: desc,
		PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}
