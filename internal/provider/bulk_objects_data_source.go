package provider

import (
	"context"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*bulkObjectsDataSource)(nil)

func newBulkObjectsDataSource() datasource.DataSource { return &bulkObjectsDataSource{} }

// bulkObjectsDataSource lists the objects Data Loader can load.
type bulkObjectsDataSource struct {
	dataSourceBase
}

type bulkObjectsModel struct {
	ID       types.String      `tfsdk:"id"`
	Action   types.String      `tfsdk:"action"`
	FileType types.String      `tfsdk:"file_type"`
	Objects  []bulkObjectModel `tfsdk:"objects"`
}

type bulkObjectModel struct {
	ObjectName       string   `tfsdk:"object_name"`
	ObjectType       string   `tfsdk:"object_type"`
	ActionsSupported []string `tfsdk:"actions_supported"`
}

func (d *bulkObjectsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bulk_objects"
}

func (d *bulkObjectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the objects that Zuora's Data Loader can load with JSON-lines (or, with `file_type = \"csv\"`, CSV) bulk jobs, " +
			"with the actions each supports. Use `object_type` as a `zuora_bulk_job`'s object and `object_name` " +
			"with `zuora_bulk_object_fields`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The action filter in lower case, or `all`.",
			},
			"action": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only list objects that support this action: `import`, `update`, `delete` or " +
					"`cancel` (any casing).",
				Validators: []validator.String{
					stringvalidator.OneOfCaseInsensitive("import", "update", "delete", "cancel"),
				},
			},
			"file_type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`jsonl` (default) or `csv`: Zuora lists the objects CSV jobs load apart " +
					"(`GET /data-loader/metadata/csv/objects`); where a tenant has no such list, the JSON-lines one is read.",
				Validators: []validator.String{stringvalidator.OneOf(client.FileTypeJSONL, client.FileTypeCSV)},
			},
			"objects": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The objects, sorted by `object_name`.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"object_name": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The object's name in the metadata API, e.g. `accounts-and-contacts`.",
						},
						"object_type": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The object type that creating a bulk job takes, e.g. `Account`.",
						},
						"actions_supported": schema.ListAttribute{
							Computed:            true,
							ElementType:         types.StringType,
							MarkdownDescription: "The actions the object supports, as Zuora lists them, e.g. `import`.",
						},
					},
				},
			},
		},
	}
}

func (d *bulkObjectsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model bulkObjectsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !d.configured(&resp.Diagnostics) {
		return
	}

	objects, err := d.pd.client.ListObjectsFor(ctx, metadataFileTypeOf(model.FileType.ValueString()))
	if err != nil {
		resp.Diagnostics.AddError("Could not list Zuora objects", err.Error())
		return
	}

	action := strings.TrimSpace(model.Action.ValueString())
	model.ID = types.StringValue("all")
	if action != "" {
		model.ID = types.StringValue(strings.ToLower(action))
	}
	model.Objects = make([]bulkObjectModel, 0, len(objects))
	for _, o := range objects {
		if action != "" && !supportsAction(o, action) {
			continue
		}
		model.Objects = append(model.Objects, bulkObjectModel{
			ObjectName:       o.Name,
			ObjectType:       o.Type,
			ActionsSupported: append([]string{}, o.Actions...),
		})
	}
	// Zuora happens to answer in name order; sorting keeps the list, and
	// every index into it, stable if it ever does not.
	sort.SliceStable(model.Objects, func(i, j int) bool { return model.Objects[i].ObjectName < model.Objects[j].ObjectName })

	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
