package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*bulkObjectFieldsDataSource)(nil)

func newBulkObjectFieldsDataSource() datasource.DataSource { return &bulkObjectFieldsDataSource{} }

// bulkObjectFieldsDataSource exposes the field metadata that every row of
// a bulk job for one object and action must match.
type bulkObjectFieldsDataSource struct {
	dataSourceBase
}

type bulkObjectFieldsModel struct {
	ID            types.String       `tfsdk:"id"`
	ObjectName    types.String       `tfsdk:"object_name"`
	Action        types.String       `tfsdk:"action"`
	FileType      types.String       `tfsdk:"file_type"`
	Fields        []objectFieldModel `tfsdk:"fields"`
	RequiredPaths []string           `tfsdk:"required_paths"`
	SchemaJSON    types.String       `tfsdk:"schema_json"`
}

type objectFieldModel struct {
	Path     string `tfsdk:"path"`
	Type     string `tfsdk:"type"`
	Regex    string `tfsdk:"regex"`
	Required bool   `tfsdk:"required"`
	IsArray  bool   `tfsdk:"is_array"`
}

func (d *bulkObjectFieldsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bulk_object_fields"
}

func (d *bulkObjectFieldsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The field metadata of one object for one action and file type: which fields a row may " +
			"carry (for CSV, which columns a header may name), their types, the (Java-style) regular expressions their values must match, and which are " +
			"required. `zuora_bulk_job` checks every row against the same metadata at plan time.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<object_name>/<Action>`, e.g. `accounts-and-contacts/Import`, with `/csv` after it for CSV metadata.",
			},
			"object_name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The object, by its `object_name` from `zuora_bulk_objects` (e.g. " +
					"`accounts-and-contacts`); its `object_type` (e.g. `Account`) is accepted too.",
			},
			"action": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The action the rows are for: `Import`, `Update`, `Delete` or `Cancel` (any " +
					"casing). The metadata differs per action.",
				Validators: []validator.String{
					stringvalidator.OneOfCaseInsensitive(jobTypes...),
				},
			},
			"file_type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`jsonl` (default) or `csv`: Zuora publishes CSV jobs' metadata apart " +
					"(`GET /data-loader/metadata/csv/objects/{objectName}/fields`); where a tenant has none, the JSON-lines metadata is read.",
				Validators: []validator.String{stringvalidator.OneOf(client.FileTypeJSONL, client.FileTypeCSV)},
			},
			"fields": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every leaf field in the order Zuora lists them.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"path": schema.StringAttribute{
							Computed: true,
							MarkdownDescription: "Where the field sits in a row: dots for nesting, `[]` for array " +
								"elements, e.g. `billToContact.firstName` or `additionalEmailAddresses[]`.",
						},
						"type": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The value type: `string`, `number` or `boolean`.",
						},
						"regex": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The Java-style regular expression a value must match; it may use look-ahead.",
						},
						"required": schema.BoolAttribute{
							Computed: true,
							MarkdownDescription: "Whether the metadata marks the field required. For a member of a nested object " +
								"(`billToContact.lastName`) this binds only rows that carry the object; `required_paths` lists what every row must carry.",
						},
						"is_array": schema.BoolAttribute{
							Computed:            true,
							MarkdownDescription: "Whether the field is an element of an array (its path contains `[]`).",
						},
					},
				},
			},
			"required_paths": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The paths every row must carry, in the order of `fields`: required fields whose enclosing " +
					"objects are required too. A required member of an optional object is left out, since it binds only rows that have the object.",
			},
			"schema_json": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The metadata document as normalized JSON (fields in Zuora's order, no white " +
					"space), for `jsondecode` or to keep next to the data.",
			},
		},
	}
}

func (d *bulkObjectFieldsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model bulkObjectFieldsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !d.configured(&resp.Diagnostics) {
		return
	}

	// Checking against the catalogue first turns a bad name into our own
	// error listing the valid choices, instead of whatever Zuora answers.
	action := client.NormalizeAction(model.Action.ValueString())
	fileType := metadataFileTypeOf(model.FileType.ValueString())
	obj, diags := d.pd.resolveObjectWorded(ctx, fieldsObjectWords, path.Root("object_name"), path.Root("action"),
		model.ObjectName.ValueString(), action, fileType)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}

	node, err := d.pd.client.ObjectFieldsFor(ctx, obj.Name, action, fileType)
	if err != nil {
		resp.Diagnostics.AddError("Could not read field metadata", err.Error())
		return
	}
	resp.Diagnostics.Append(skippedFieldsWarning(path.Root("object_name"), obj.Name, action, node)...)
	doc, err := node.MarshalJSON()
	if err != nil {
		resp.Diagnostics.AddError("Could not encode field metadata", err.Error())
		return
	}

	model.ID = types.StringValue(obj.Name + "/" + action)
	if fileType == client.FileTypeCSV {
		model.ID = types.StringValue(obj.Name + "/" + action + "/csv")
	}
	model.SchemaJSON = types.StringValue(string(doc))
	model.Fields = []objectFieldModel{}
	for _, f := range node.Flatten() {
		model.Fields = append(model.Fields, objectFieldModel{
			Path: f.Path, Type: f.Type, Regex: f.Regex, Required: f.Required, IsArray: f.IsArray,
		})
	}
	model.RequiredPaths = append([]string{}, node.RequiredPaths()...)

	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

var fieldsObjectWords = objectWords{
	unknown: "Unknown Zuora object", unsupported: "Action not supported by this object",
	object:   func(o client.Object) string { return o.Name },
	supports: "supports ",
	hint: func(objects []client.Object) string {
		names := make([]string, len(objects))
		for i, o := range objects {
			names[i] = o.Name
		}
		return " Valid object names: " + strings.Join(names, ", ") + "."
	},
}
