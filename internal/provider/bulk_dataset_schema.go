package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const (
	onRemoveForget = "forget"
	onRemoveDelete = "delete"
)

// Counts, ids and job_ids are computed by ModifyPlan: the row diff decides
// them, and they keep their state when nothing changes.
func (r *bulkDatasetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	count := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc + " Set by the plan that last changed the dataset."}
	}
	resp.Schema = schema.Schema{
		Version: datasetSchemaVersion, // NewServer cuts ids only out of state of this version
		MarkdownDescription: "Keeps the records of one object in line with a JSON-lines or CSV file: each row is a record, identified by `key_field`. " +
			"`terraform plan` compares the file with what the dataset loaded and shows how many rows it will import, update and delete; " +
			"`terraform apply` sends only those rows, in at most one Delete, one Update and one Import bulk job.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The dataset's id: the object type and key field.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"object_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The object the rows are records of, as create-job takes it (e.g. `Account`). " +
					"Changing it replaces the dataset: the new one imports every row, and the old one's records are kept or deleted as its `on_destroy` says.",
				PlanModifiers: []planmodifier.String{replaceOnChangeOnly()},
			},
			"key_field": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The field path (dotted for nested fields, e.g. `accountNumber`) whose value is unique per row and says which record a row is; " +
					"in a CSV file, the column of that name or the one `mappings` maps to it. " +
					"A row whose key is new is imported, a row whose key is known and whose content changed is updated. " +
					"Changing it replaces the dataset, as for `object_type`.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{replaceOnChangeOnly()},
			},
			"source": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of the JSON-lines or CSV file (a CSV file starts with its header row). Exactly one of `source` and `content`.",
			},
			"content": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The rows inline, e.g. from `provider::zuora::jsonl`. Exactly one of `source` and `content`.",
			},
			"file_type": fileTypeAttribute(false),

			"delimiter": delimiterAttribute(),

			"mappings": mappingsAttribute("CSV only: column"),

			"on_remove": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What a row removed from the file does: `forget` (default) drops it from the dataset and the record stays in Zuora; " +
					"`delete` deletes the record with a `Delete` bulk job.",
				Validators: []validator.String{stringvalidator.OneOf(onRemoveForget, onRemoveDelete)},
			},
			"on_destroy": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What destroying the dataset does: `forget` (default) leaves the records in Zuora; " +
					"`delete_records` deletes every record the dataset holds with one `Delete` bulk job.",
				Validators: []validator.String{stringvalidator.OneOf(onDestroyForget, onDestroyDeleteRecords)},
			},
			"max_failed_rows": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "When set, an apply fails if more rows than this failed in Zuora (on the first apply, a warning: " +
					"an error would make Terraform replace the dataset). When unset, failed rows give a warning. Either way failed rows are not recorded, " +
					"and the next plan proposes them again.",
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"ids": schema.MapAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The record id of each row, by its key: `ids[\"A-001\"]` is the id of the record whose `key_field` is `A-001`. " +
					"Only rows Zuora reported as loaded are here.",
			},
			"job_ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The bulk jobs that built the dataset, oldest first.",
			},
			"import_count":    count("Rows to import: their key is new."),
			"update_count":    count("Rows to update: their key is known and their content changed."),
			"delete_count":    count("Records to delete: their key left the file and `on_remove` is `delete`."),
			"forget_count":    count("Records to forget: their key left the file and `on_remove` is `forget`."),
			"unchanged_count": count("Rows that match what the dataset loaded."),
			"diff_sha256": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "SHA-256 of the row diff: per action, the keys and the content of the rows sent. Set by the plan that last changed the dataset. " +
					"Terraform plans again when it applies, and a file edited since the plan so that other rows would be sent, even with the same counts, " +
					"changes it: the apply stops before anything is sent.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: "How long the first apply waits for its jobs (default 60m).",
				UpdateDescription: "How long an apply waits for its jobs (default 60m).",
				DeleteDescription: "How long destroy waits for a `delete_records` Delete job (default 60m).",
			}),
		},
	}
}

// replaceOnChangeOnly replaces the dataset when the argument changes, but
// not when state has no value yet (an imported dataset learns its
// object_type and key_field from the configuration).
func replaceOnChangeOnly() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !req.StateValue.IsNull()
	}, "Changing it replaces the dataset.", "Changing it replaces the dataset.")
}
