package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var (
	_ resource.ResourceWithConfigure        = (*bulkDatasetResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*bulkDatasetResource)(nil)
	_ resource.ResourceWithImportState      = (*bulkDatasetResource)(nil)
	_ resource.ResourceWithConfigValidators = (*bulkDatasetResource)(nil)
)

// bulkDatasetResource keeps one object's records in line with a file:
// the verbs are in bulk_dataset_plan.go (the row diff),
// bulk_dataset_apply.go (Create and Update: the jobs), bulk_dataset_read.go
// (Read, Delete, ImportState); the rows in bulk_dataset_rows.go (CSV files
// in bulk_dataset_csv.go), state in bulk_dataset_model.go, and the jobs
// run through job_runner.go. bulk_dataset_claims.go keeps a destroy from
// deleting records another dataset holds in the same apply, and
// bulk_dataset_ids_server.go keeps the ids out of the framework's
// per-value conversion.
type bulkDatasetResource struct {
	pd *providerData
}

func newBulkDatasetResource() resource.Resource { return &bulkDatasetResource{} }

func (r *bulkDatasetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bulk_dataset"
}

func (r *bulkDatasetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	pd, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.pd = pd
}

func (r *bulkDatasetResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("source"), path.MatchRoot("content")),
	}
}

func (r *bulkDatasetResource) ready() bool { return r.pd != nil && r.pd.client != nil }
