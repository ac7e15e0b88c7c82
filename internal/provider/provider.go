package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/semaphore"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
	"github.com/zuora-tf/terraform-provider-zuora/internal/provider/functions"
)

var (
	_ provider.Provider                   = (*zuoraProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*zuoraProvider)(nil)
	_ provider.ProviderWithFunctions      = (*zuoraProvider)(nil)
)

type zuoraProvider struct {
	version string
	// tune adjusts the client configuration; tests shorten waits with it.
	tune func(*client.Config)
}

// New returns the provider factory that main serves.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return newProvider(version, nil) }
}

func newProvider(version string, tune func(*client.Config)) provider.Provider {
	return &zuoraProvider{version: version, tune: tune}
}

func (p *zuoraProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "zuora"
	resp.Version = p.version
}

func (p *zuoraProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func (p *zuoraProvider) Resources(context.Context) []func() resource.Resource { return resourceTypes }

func (p *zuoraProvider) DataSources(context.Context) []func() datasource.DataSource {
	return dataSourceTypes
}

func (p *zuoraProvider) Functions(context.Context) []func() function.Function {
	return functions.All()
}

func (p *zuoraProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := resolveSettings(cfg, os.Getenv)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(s.check(false)...)
}

func (p *zuoraProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := resolveSettings(cfg, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if s.anyUnknown() {
		// Terraform configures the provider again once the values are
		// known; until then resources and data sources get no provider
		// data and say so only if they really need to call Zuora.
		tflog.Debug(ctx, "Zuora provider configuration has values unknown until apply; not configuring yet")
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
		}
		return
	}
	resp.Diagnostics.Append(s.check(true)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if missing := s.missing(); missing.HasError() {
		// Only the functions work without Zuora. OpenTofu configures the
		// provider before calling them (before 1.11 even with no provider
		// block), so this is not an error here: every resource and data
		// source reports it when it is configured (providerDataFrom).
		tflog.Debug(ctx, "No Zuora endpoint or credentials; the provider's functions work, its resources and data sources will fail")
		pd := &providerData{missing: missing}
		resp.DataSourceData = pd
		resp.ResourceData = pd
		return
	}

	cc := s.clientConfig(userAgent(p.version, req.TerraformVersion))
	if p.tune != nil {
		p.tune(&cc)
	}
	c, err := client.New(cc)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Zuora provider configuration", err.Error())
		return
	}
	if err := c.Authenticate(ctx); err != nil {
		resp.Diagnostics.Append(authenticationFailed(s, cc.BaseURL, err))
		return
	}
	tflog.Debug(ctx, "Configured the Zuora client", map[string]interface{}{
		"base_url": cc.BaseURL, "oauth": s.accessToken == "", "max_concurrent_jobs": s.maxConcurrentJobs,
	})
	pd := &providerData{client: c, jobSlots: semaphore.NewWeighted(s.maxConcurrentJobs),
		loads: loadguard.New(c, int(s.duplicateCheckDays)), build: buildName(p.version)}
	resp.DataSourceData = pd
	resp.ResourceData = pd
}

// authenticationFailed blames the credentials when Zuora refused them and
// the endpoint otherwise, so the diagnostic points at the attribute to fix.
// The client's error carries Zuora's reason and never the secret.
func authenticationFailed(s settings, baseURL string, err error) diag.Diagnostic {
	var apiErr *client.Error
	refused := errors.As(err, &apiErr) &&
		(apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden || apiErr.StatusCode == http.StatusBadRequest)
	if refused {
		return diag.NewAttributeErrorDiagnostic(path.Root("client_id"), "Zuora refused the credentials",
			fmt.Sprintf("Authenticating at %s with client_id %q failed: %s%s", baseURL, s.clientID, err, basePathHint(baseURL)))
	}
	attr := path.Root("base_url")
	if s.environment != "" {
		attr = path.Root("environment")
	}
	return diag.NewAttributeErrorDiagnostic(attr, "Could not authenticate with Zuora",
		fmt.Sprintf("Authenticating at %s failed: %s%s", baseURL, err, basePathHint(baseURL)))
}

// basePathHint: a base_url path is kept as a prefix of every request (for
// a gateway), which is rarely what a failed authentication wanted.
func basePathHint(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		return ""
	}
	return fmt.Sprintf("\n\nbase_url has the path %s, which is put before every request path (POST %s/oauth/token). "+
		"Zuora itself serves its API from the host root: unless a gateway needs the prefix, set base_url to the scheme and host only.",
		u.Path, strings.TrimRight(u.Path, "/"))
}

// providerDataFrom unpacks what Configure handed to a resource or data
// source. It returns nil without error when the provider is not configured
// yet (some provider value is unknown until apply); callers then report
// notConfigured only if they actually need Zuora.
//
// When the endpoint or credentials are given nowhere it returns their
// errors: the framework calls a resource's or data source's Configure
// before every operation on it (validation with a configured provider,
// plan, read, apply, import) and stops at an error there, so everything
// that needs Zuora fails with the message Configure used to give, while the
// functions, which need no Zuora, keep working.
func providerDataFrom(data any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil, diags
	}
	if pd.missing.HasError() {
		for _, d := range pd.missing {
			// Without the attribute path: the attributes are the provider
			// block's, and this diagnostic belongs to a resource.
			diags.AddError(d.Summary(), d.Detail()+
				" The Zuora provider needs them (in its provider block or the environment) to call Zuora for this resource or data source; only its functions work without them.")
		}
		return nil, diags
	}
	return pd, diags
}

func providerSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The Zuora provider loads data into a Zuora tenant with Zuora's Data Loader bulk jobs. " +
			"Every attribute can also come from an environment variable; a value in the configuration wins.",
		Attributes: map[string]schema.Attribute{
			"environment": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The Zuora data center to talk to, by name (any casing). Set exactly one of `environment` " +
					"and `base_url`. Environment variable: `" + envEnvironment + "`; setting either attribute in the " +
					"configuration ignores both variables.\n\n" + environmentsMarkdown(),
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The REST base URL of the Zuora tenant, e.g. `https://rest.zuora.com`, for an endpoint " +
					"that `environment` does not name (or the local emulator). Must be `https`; plain `http` is accepted " +
					"only for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`). Environment variable: `" + envBaseURL + "`.",
			},
			"client_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The OAuth client ID, used with `client_secret`. Use either this pair or `access_token`. " +
					"Environment variable: `" + envClientID + "`.",
			},
			"client_secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The OAuth client secret, used with `client_id`. The provider fetches a token when it is " +
					"configured, so wrong credentials fail early, and fetches a new one when the token expires. " +
					"Environment variable: `" + envClientSecret + "`.",
			},
			"access_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "A bearer token to use instead of `client_id` and `client_secret`. It cannot be renewed, " +
					"so runs that outlive it fail. Environment variable: `" + envAccessToken + "`.",
			},
			"entity_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The Zuora entity to act on in a multi-entity tenant, sent as the `Zuora-Entity-Ids` " +
					"header. Environment variable: `" + envEntityID + "`.",
			},
			"org_ids": schema.ListAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Organization IDs for a tenant with Multi-Org enabled, sent as the `Zuora-Org-Ids` " +
					"header. Environment variable: `" + envOrgIDs + "` (comma-separated).",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a failed request is retried when Zuora answers "+
					"429 (honoring `Retry-After`), a 5xx status or a retryable error code, or the connection fails; "+
					"requests that create or submit jobs are retried only when that cannot load data twice. "+
					"`0` turns retries off; at most `%d`, and one request waits at most %s in all between its attempts. "+
					"Defaults to `%d`. Environment variable: `%s`.", client.MaxMaxRetries, client.DefaultMaxRetryWait, defaultMaxRetries, envMaxRetries),
			},
			"max_concurrent_jobs": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many bulk jobs this provider waits for at the same time within one "+
					"Terraform run; further jobs are created and uploaded, then wait for a free slot before they are submitted. "+
					"A slot is held from submission until apply stops waiting for the job, so a job with `wait_for_completion = false` "+
					"or whose wait timed out no longer counts, nor do jobs from other runs or tools: this is not a count of the "+
					"tenant's unfinished jobs. Zuora runs at most five submitted jobs per tenant and queues the rest, so more rarely helps. "+
					"At least `1`; defaults to `%d`. Environment variable: `%s`.",
					defaultMaxConcurrentJobs, envMaxConcurrentJobs),
			},
			"duplicate_check_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many days back the duplicate guard of `zuora_bulk_job` looks for a job that "+
					"already loaded the same rows (same object, job type and rows; line endings and blank lines do not count) before it creates "+
					"a new one. `0` turns the guard off; at most `%d`, as Zuora keeps a job's file 12 months. "+
					"Defaults to `%d`. Environment variable: `%s`.", maxDuplicateCheck, defaultDuplicateCheck, envDuplicateCheck),
			},
			"poll_interval_max": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("The longest wait between two polls of a running bulk job's status, as a "+
					"duration such as `\"30s\"`. The provider predicts a job's completion from its progress and polls just "+
					"after it, and at most 2 seconds apart near the end, so a finished job is noticed promptly; this bounds "+
					"the waits before that, for tenants that must poll less often. At least `%s`; defaults to `%s`. "+
					"Environment variable: `%s`.", minPollIntervalMax, defaultPollIntervalMax, envPollIntervalMax),
			},
		},
	}
}
