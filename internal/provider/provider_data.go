package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"golang.org/x/sync/semaphore"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *client.Client

	// jobSlots caps submitted-but-unfinished jobs across all resources in
	// this provider process (max_concurrent_jobs): Zuora runs at most five
	// per tenant and queues or refuses the rest.
	jobSlots *semaphore.Weighted

	// validators compiles each object's field metadata once per run, however
	// many resources load that object; the client caches the metadata.
	validators rowcheck.Cache

	// loads is the duplicate guard's knowledge of the tenant's jobs for
	// this run; nil or a zero window turns the guard off.
	loads *loadguard.Registry

	// jobSources says which jobs this run knows were loaded from
	// content_wo, for zuora_bulk_job_results to mask their values.
	jobSources jobSources

	// claims is which resource holds which import job in this run, so one
	// resource's destroy never deletes records another holds, and a
	// teardown shared by several resources runs once.
	claims jobClaims

	// datasets serialises the datasets of one label and says which
	// records a dataset holds in this run (bulk_dataset_claims.go).
	datasets datasetClaims

	// build names this provider binary (version and VCS revision), so
	// facts a different build cached are never reused.
	build string

	// missing is set, and nothing else, when the endpoint or credentials
	// are given nowhere: the errors every resource and data source
	// reports in its Configure (see providerDataFrom).
	missing diag.Diagnostics
}

// dataSourceBase gives a data source the provider's data; embed it.
type dataSourceBase struct {
	pd *providerData
}

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	pd, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	b.pd = pd
}

// configured reports whether Zuora can be called yet, saying why not when
// the provider configuration is still unknown.
func (b *dataSourceBase) configured(diags *diag.Diagnostics) bool {
	if b.pd == nil || b.pd.client == nil {
		diags.Append(notConfigured())
		return false
	}
	return true
}
