package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

// maxTimeout is the longest timeout accepted: a week is far beyond any
// bulk job, and a longer value is more likely a typo than a wish.
const maxTimeout = 7 * 24 * time.Hour

// timeoutsBlock is timeouts.Block with this provider's check of each value
// in place of the library's, which accepts "0s" and negative values (apply
// then stops waiting at once and the next plan shows an unexplained
// update) and calls an overflow a missing unit suffix (issue 16).
func timeoutsBlock(ctx context.Context, opts timeouts.Opts) schema.Block {
	block := timeouts.Block(ctx, opts)
	b, ok := block.(schema.SingleNestedBlock)
	if !ok { // another shape in a later library: its own checks stay
		return block
	}
	for name, a := range b.Attributes {
		s, ok := a.(schema.StringAttribute)
		if !ok {
			continue
		}
		s.Validators = []validator.String{timeoutValue{}}
		b.Attributes[name] = s
	}
	return b
}

// durationSyntax is what time.ParseDuration reads; a value that matches
// it and still fails to parse overflowed.
var durationSyntax = regexp.MustCompile(`^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$`)

// timeoutValue: a positive duration of at most maxTimeout.
type timeoutValue struct{}

func (timeoutValue) Description(context.Context) string {
	return `a positive duration of at most 7 days ("168h"), such as "30m" or "2h45m"`
}

func (v timeoutValue) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (timeoutValue) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(s)
	setting := fmt.Sprintf("%s = %q", req.Path, s)
	var problem string
	switch {
	case err != nil && durationSyntax.MatchString(s):
		problem = fmt.Sprintf("%s is too large: a timeout is at most 7 days (\"168h\").", setting)
	case err != nil:
		problem = fmt.Sprintf("%s is not a duration: write a number with a unit, such as \"30m\", \"2h\" or \"1h30m\" "+
			"(units: ns, us, ms, s, m, h).", setting)
	case d <= 0:
		problem = fmt.Sprintf("%s is not positive: apply would stop waiting at once. Use a positive duration such as \"30m\", "+
			"or remove it for the default (60m).", setting)
	case d > maxTimeout:
		problem = fmt.Sprintf("%s is too large: a timeout is at most 7 days (\"168h\").", setting)
	default:
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid timeout", problem)
}

// cleanupTimeout bounds the calls that tidy up after a failure, which run
// even when the apply's context has been cancelled.
const cleanupTimeout = 30 * time.Second
