package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var (
	_ resource.ResourceWithConfigure        = (*bulkJobResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*bulkJobResource)(nil)
	_ resource.ResourceWithImportState      = (*bulkJobResource)(nil)
	_ resource.ResourceWithConfigValidators = (*bulkJobResource)(nil)
)

// bulkJobResource loads one file into Zuora through one bulk job.
type bulkJobResource struct {
	pd *providerData
}

func newBulkJobResource() resource.Resource { return &bulkJobResource{} }

func (r *bulkJobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bulk_job"
}

func (r *bulkJobResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	pd, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.pd = pd
}

func (r *bulkJobResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("source"), path.MatchRoot("content"), path.MatchRoot("content_wo")),
	}
}

// ImportState takes a job id. Read then fills what Zuora knows and, once,
// hashes the source file Zuora holds, so a configuration pointing at the
// same file records its arguments instead of loading it again.
func (r *bulkJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(markImported(ctx, resp.Private)...)
}

// ready reports whether the provider is configured enough to call Zuora.
func (r *bulkJobResource) ready() bool {
	return r.pd != nil && r.pd.client != nil
}
