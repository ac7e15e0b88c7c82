package provider

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Environment variables, one per provider attribute.
const (
	envEnvironment       = "ZUORA_ENVIRONMENT"
	envBaseURL           = "ZUORA_BASE_URL"
	envClientID          = "ZUORA_CLIENT_ID"
	envClientSecret      = "ZUORA_CLIENT_SECRET"
	envAccessToken       = "ZUORA_ACCESS_TOKEN"
	envEntityID          = "ZUORA_ENTITY_ID"
	envOrgIDs            = "ZUORA_ORG_IDS"
	envMaxRetries        = "ZUORA_MAX_RETRIES"
	envMaxConcurrentJobs = "ZUORA_MAX_CONCURRENT_JOBS"
	envDuplicateCheck    = "ZUORA_DUPLICATE_CHECK_DAYS"
	envPollIntervalMax   = "ZUORA_POLL_INTERVAL_MAX"
)

const (
	defaultMaxRetries        = client.DefaultMaxRetries
	defaultMaxConcurrentJobs = 5 // Zuora runs at most five submitted jobs per tenant
	defaultDuplicateCheck    = 30
	// maxDuplicateCheck: Zuora keeps a job's uploaded file 12 months
	// (known behaviour), so a longer window could not confirm what it
	// finds by the file's hash.
	maxDuplicateCheck      = 365
	defaultPollIntervalMax = client.DefaultPollMax
	minPollIntervalMax     = time.Second
)

// providerModel is the provider block.
type providerModel struct {
	Environment       types.String `tfsdk:"environment"`
	BaseURL           types.String `tfsdk:"base_url"`
	ClientID          types.String `tfsdk:"client_id"`
	ClientSecret      types.String `tfsdk:"client_secret"`
	AccessToken       types.String `tfsdk:"access_token"`
	EntityID          types.String `tfsdk:"entity_id"`
	OrgIDs            types.List   `tfsdk:"org_ids"`
	MaxRetries        types.Int64  `tfsdk:"max_retries"`
	MaxConcurrentJobs types.Int64  `tfsdk:"max_concurrent_jobs"`
	DuplicateCheck    types.Int64  `tfsdk:"duplicate_check_days"`
	PollIntervalMax   types.String `tfsdk:"poll_interval_max"`
}

// settings are the provider block merged with the environment.
type settings struct {
	environment, baseURL                string
	clientID, clientSecret, accessToken string
	entityID                            string
	orgIDs                              []string
	maxRetries, maxConcurrentJobs       int64
	duplicateCheckDays                  int64
	pollIntervalMax                     time.Duration

	// unknown holds the attributes whose value is not known until apply
	// (e.g. a secret produced by another resource). Checks that involve
	// them are skipped rather than guessed.
	unknown map[string]bool
}

// resolveSettings merges the configuration with environment variables.
// The configuration wins, and it wins for a whole group: setting either
// environment or base_url in the block ignores both variables, and
// choosing one kind of credentials in the block ignores the variables of
// the other kind, so a stray variable in a shell never conflicts with
// what the configuration says.
func resolveSettings(m providerModel, getenv func(string) string) (settings, diag.Diagnostics) {
	s := settings{unknown: map[string]bool{}}
	var diags diag.Diagnostics

	endpointInConfig := !m.Environment.IsNull() || !m.BaseURL.IsNull()
	s.environment = s.str("environment", m.Environment, getenv, envEnvironment, !endpointInConfig)
	s.baseURL = s.str("base_url", m.BaseURL, getenv, envBaseURL, !endpointInConfig)

	oauthInConfig := !m.ClientID.IsNull() || !m.ClientSecret.IsNull()
	tokenInConfig := !m.AccessToken.IsNull()
	s.clientID = s.str("client_id", m.ClientID, getenv, envClientID, !tokenInConfig)
	s.clientSecret = s.str("client_secret", m.ClientSecret, getenv, envClientSecret, !tokenInConfig)
	s.accessToken = s.str("access_token", m.AccessToken, getenv, envAccessToken, !oauthInConfig)
	s.entityID = s.str("entity_id", m.EntityID, getenv, envEntityID, true)

	s.orgIDs = s.list("org_ids", m.OrgIDs, getenv, envOrgIDs)

	var d diag.Diagnostics
	s.maxRetries, d = s.int("max_retries", m.MaxRetries, getenv, envMaxRetries, defaultMaxRetries)
	diags.Append(d...)
	s.maxConcurrentJobs, d = s.int("max_concurrent_jobs", m.MaxConcurrentJobs, getenv, envMaxConcurrentJobs, defaultMaxConcurrentJobs)
	diags.Append(d...)
	s.duplicateCheckDays, d = s.int("duplicate_check_days", m.DuplicateCheck, getenv, envDuplicateCheck, defaultDuplicateCheck)
	diags.Append(d...)
	s.pollIntervalMax, d = s.duration("poll_interval_max", m.PollIntervalMax, getenv, envPollIntervalMax, defaultPollIntervalMax)
	diags.Append(d...)
	return s, diags
}

func (s *settings) str(attr string, v types.String, getenv func(string) string, envVar string, useEnv bool) string {
	switch {
	case v.IsUnknown():
		s.unknown[attr] = true
		return ""
	case !v.IsNull():
		return strings.TrimSpace(v.ValueString())
	case useEnv:
		return strings.TrimSpace(getenv(envVar))
	}
	return ""
}

func (s *settings) list(attr string, v types.List, getenv func(string) string, envVar string) []string {
	if v.IsUnknown() {
		s.unknown[attr] = true
		return nil
	}
	if v.IsNull() {
		return splitList(getenv(envVar))
	}
	var out []string
	for _, e := range v.Elements() {
		str, ok := e.(types.String)
		switch {
		case !ok || str.IsNull():
			continue
		case str.IsUnknown():
			s.unknown[attr] = true
			return nil
		}
		if id := strings.TrimSpace(str.ValueString()); id != "" {
			out = append(out, id)
		}
	}
	return out
}

func (s *settings) int(attr string, v types.Int64, getenv func(string) string, envVar string, def int64) (int64, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case v.IsUnknown():
		s.unknown[attr] = true
		return def, nil
	case !v.IsNull():
		return v.ValueInt64(), nil
	}
	raw := strings.TrimSpace(getenv(envVar))
	if raw == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Invalid "+envVar,
			fmt.Sprintf("%s is %q, which is not a whole number; it sets %s.", envVar, raw, attr))
	}
	return n, diags
}

// duration reads a Go duration such as "10s" or "1m30s".
func (s *settings) duration(attr string, v types.String, getenv func(string) string, envVar string, def time.Duration) (time.Duration, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw := s.str(attr, v, getenv, envVar, true)
	if raw == "" {
		return def, nil
	}
	d, err := time.ParseDuration(raw)
	if err != nil {
		source := attr
		if v.IsNull() {
			source = envVar
		}
		diags.AddAttributeError(path.Root(attr), "Invalid "+attr,
			fmt.Sprintf("%s is %q, which is not a duration such as \"10s\" or \"1m\".", source, raw))
		return def, diags
	}
	return d, diags
}

func splitList(raw string) []string {
	var out []string
	for _, part := range strings.Split(raw, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func (s settings) anyUnknown() bool { return len(s.unknown) > 0 }

// check finds what is wrong with the settings. ValidateConfig passes
// complete=false: `terraform validate` must work without credentials in
// the environment, so only contradictions and bad values are reported
// there. Configure passes complete=true and also reports half-given
// credentials. An endpoint or credentials given nowhere at all is not
// wrong but missing: see missing.
func (s settings) check(complete bool) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.Append(s.checkEndpoint()...)
	diags.Append(s.checkCredentials(complete)...)
	if s.maxRetries < 0 || s.maxRetries > client.MaxMaxRetries {
		diags.AddAttributeError(path.Root("max_retries"), "Invalid max_retries",
			fmt.Sprintf("max_retries is %d; it must be between 0 (no retries) and %d.", s.maxRetries, client.MaxMaxRetries))
	}
	if s.maxConcurrentJobs < 1 {
		diags.AddAttributeError(path.Root("max_concurrent_jobs"), "Invalid max_concurrent_jobs",
			fmt.Sprintf("max_concurrent_jobs is %d; it must be at least 1.", s.maxConcurrentJobs))
	}
	switch d := s.duplicateCheckDays; {
	case d < 0:
		diags.AddAttributeError(path.Root("duplicate_check_days"), "Invalid duplicate_check_days",
			fmt.Sprintf("duplicate_check_days is %d; it must be 0 (no duplicate check) or more.", d))
	case d > maxDuplicateCheck:
		diags.AddAttributeError(path.Root("duplicate_check_days"), "Invalid duplicate_check_days",
			fmt.Sprintf("duplicate_check_days is %d; it must be at most %d. Zuora keeps a job's uploaded file 12 months, "+
				"so the guard cannot confirm by its hash a load older than that. Set duplicate_check_days = %d or less.",
				d, maxDuplicateCheck, maxDuplicateCheck))
	}
	if s.pollIntervalMax < minPollIntervalMax {
		diags.AddAttributeError(path.Root("poll_interval_max"), "Invalid poll_interval_max",
			fmt.Sprintf("poll_interval_max is %s; it must be at least %s.", s.pollIntervalMax, minPollIntervalMax))
	}
	return diags
}

func (s settings) checkEndpoint() diag.Diagnostics {
	var diags diag.Diagnostics
	names := strings.Join(environmentNames(), ", ")
	switch {
	case s.environment != "" && s.baseURL != "":
		diags.AddAttributeError(path.Root("base_url"), "Conflicting Zuora endpoint",
			"Both environment and base_url are set; set exactly one of them.")
	case s.environment != "":
		if _, ok := lookupEnvironment(s.environment); !ok {
			diags.AddAttributeError(path.Root("environment"), "Unknown Zuora environment",
				fmt.Sprintf("%q is not a Zuora environment. Valid environments: %s. For any other endpoint set base_url instead.", s.environment, names))
		}
	case s.baseURL != "":
		if err := checkBaseURL(s.baseURL); err != nil {
			diags.AddAttributeError(path.Root("base_url"), "Invalid base_url", err.Error())
		}
	}
	return diags
}

// missing reports an endpoint or credentials given nowhere, neither in the
// provider block nor in the environment. Configure does not fail on it:
// OpenTofu may configure the provider just to call its functions, which
// never talk to Zuora. Resources and data sources report it instead.
func (s settings) missing() diag.Diagnostics {
	var diags diag.Diagnostics
	if s.environment == "" && s.baseURL == "" && !s.unknown["environment"] && !s.unknown["base_url"] {
		diags.AddAttributeError(path.Root("environment"), "No Zuora endpoint",
			fmt.Sprintf("Set environment (or %s) to one of: %s; or set base_url (or %s) to a REST base URL.",
				envEnvironment, strings.Join(environmentNames(), ", "), envBaseURL))
	}
	if s.clientID == "" && s.clientSecret == "" && s.accessToken == "" &&
		!s.unknown["client_id"] && !s.unknown["client_secret"] && !s.unknown["access_token"] {
		diags.AddAttributeError(path.Root("client_id"), "No Zuora credentials",
			fmt.Sprintf("Set client_id and client_secret (or %s and %s) for OAuth, or access_token (or %s).",
				envClientID, envClientSecret, envAccessToken))
	}
	return diags
}

// checkBaseURL refuses anything that would send credentials in clear text
// over a network: plain http is only accepted for a loopback host.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("base_url %q must be an absolute https URL, e.g. https://rest.zuora.com", client.MaskUserInfo(raw))
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("base_url %q must not carry user info, a query or a fragment", client.MaskUserInfo(raw))
	}
	if err := client.CheckBaseURLPath(u); err != nil {
		return fmt.Errorf("base_url %w", err)
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return fmt.Errorf("base_url %q uses plain http to a remote host, which would send credentials unencrypted; use https (plain http is accepted only for loopback hosts such as localhost or 127.0.0.1)", client.MaskUserInfo(raw))
	}
	return nil
}

func (s settings) checkCredentials(complete bool) diag.Diagnostics {
	var diags diag.Diagnostics
	has := func(attr, v string) bool { return v != "" || s.unknown[attr] }
	id, secret := has("client_id", s.clientID), has("client_secret", s.clientSecret)
	token := has("access_token", s.accessToken)
	switch {
	case token && (id || secret):
		diags.AddAttributeError(path.Root("access_token"), "Conflicting Zuora credentials",
			"Set either client_id and client_secret (OAuth), or access_token, not both.")
	case !complete:
	case id && !secret:
		diags.AddAttributeError(path.Root("client_secret"), "Missing client_secret",
			fmt.Sprintf("client_id is set, so client_secret (or %s) is required too.", envClientSecret))
	case secret && !id:
		diags.AddAttributeError(path.Root("client_id"), "Missing client_id",
			fmt.Sprintf("client_secret is set, so client_id (or %s) is required too.", envClientID))
	}
	return diags
}

// clientConfig turns checked, fully known settings into the client's
// configuration.
func (s settings) clientConfig(ua string) client.Config {
	base := s.baseURL
	if env, ok := lookupEnvironment(s.environment); ok {
		base = env.BaseURL
	}
	retries := int(s.maxRetries)
	if retries == 0 {
		retries = -1 // the client reads 0 as "default"
	}
	return client.Config{
		BaseURL:      base,
		ClientID:     s.clientID,
		ClientSecret: s.clientSecret,
		AccessToken:  s.accessToken,
		EntityID:     s.entityID,
		OrgIDs:       s.orgIDs,
		MaxRetries:   retries,
		PollMax:      s.pollIntervalMax,
		UserAgent:    ua,
	}
}
