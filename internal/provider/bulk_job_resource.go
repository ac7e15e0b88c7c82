package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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

// ready reports whether the provider is configured enough to call Zuora.
func (r *bulkJobResource) ready() bool {
	return r.pd != nil && r.pd.client != nil
}

// defaultWaitTimeout is each verb's timeout when the timeouts block sets none.
const defaultWaitTimeout = 60 * time.Minute

// cleanupTimeout bounds the calls that tidy up after a failure, which run
// even when the apply's context has been cancelled.
const cleanupTimeout = 30 * time.Second

// acquireJobSlot waits for one of the provider's max_concurrent_jobs.
func (r *bulkJobResource) acquireJobSlot(ctx context.Context) (release func(), err error) {
	slots := r.pd.jobSlots
	if slots == nil {
		return func() {}, nil
	}
	if !slots.TryAcquire(1) {
		tflog.Info(ctx, "waiting for a free job slot (max_concurrent_jobs)")
		if err := slots.Acquire(ctx, 1); err != nil {
			return nil, err
		}
		tflog.Info(ctx, "got a job slot")
	}
	return func() { slots.Release(1) }, nil
}
