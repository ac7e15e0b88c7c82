package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// nullModel is a provider block with nothing set.
func nullModel() providerModel {
	return providerModel{
		Environment: types.StringNull(), BaseURL: types.StringNull(),
		ClientID: types.StringNull(), ClientSecret: types.StringNull(), AccessToken: types.StringNull(),
		EntityID: types.StringNull(), OrgIDs: types.ListNull(types.StringType),
		MaxRetries: types.Int64Null(), MaxConcurrentJobs: types.Int64Null(), DuplicateCheck: types.Int64Null(),
	}
}

func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// errorAt returns the first error summary attached to attribute name.
func errorAt(diags diag.Diagnostics, name string) string {
	for _, d := range diags.Errors() {
		if withPath, ok := d.(diag.DiagnosticWithPath); ok && withPath.Path().Equal(path.Root(name)) {
			return d.Summary() + ": " + d.Detail()
		}
	}
	return ""
}

func TestResolveSettings_environmentVariables(t *testing.T) {
	s, diags := resolveSettings(nullModel(), envOf(map[string]string{
		envEnvironment: "EU-Production", envClientID: "id", envClientSecret: "secret\n",
		envOrgIDs: " a, ,b ", envMaxRetries: "2", envMaxConcurrentJobs: "3", envEntityID: "e",
	}))
	if diags.HasError() {
		t.Fatal(diags)
	}
	if errs := s.check(true); errs.HasError() {
		t.Fatal(errs)
	}
	cfg := s.clientConfig("ua")
	if cfg.BaseURL != "https://rest.eu.zuora.com" || cfg.ClientID != "id" || cfg.ClientSecret != "secret" ||
		cfg.EntityID != "e" || strings.Join(cfg.OrgIDs, "|") != "a|b" || cfg.MaxRetries != 2 || s.maxConcurrentJobs != 3 {
		t.Errorf("client config from the environment = %+v, jobs %d", cfg, s.maxConcurrentJobs)
	}
}

func TestResolveSettings_configurationWins(t *testing.T) {
	m := nullModel()
	m.BaseURL = types.StringValue("http://127.0.0.1:9")
	m.AccessToken = types.StringValue("token")
	m.MaxRetries = types.Int64Value(0)
	s, _ := resolveSettings(m, envOf(map[string]string{
		// Both would conflict with the block if they were not ignored.
		envEnvironment: "eu-production", envClientID: "id", envClientSecret: "secret", envMaxRetries: "7",
	}))
	if errs := s.check(true); errs.HasError() {
		t.Fatal(errs)
	}
	cfg := s.clientConfig("ua")
	if cfg.BaseURL != "http://127.0.0.1:9" || cfg.ClientID != "" || cfg.AccessToken != "token" {
		t.Errorf("client config = %+v", cfg)
	}
	if cfg.MaxRetries != -1 {
		t.Errorf("max_retries = 0 became client MaxRetries %d; want -1 (none)", cfg.MaxRetries)
	}
}

func TestSettingsCheck(t *testing.T) {
	for _, tc := range []struct {
		name      string
		set       func(*providerModel)
		env       map[string]string
		complete  bool
		attr, msg string // "" attr: no error expected
	}{
		{name: "nothing set validates", complete: false},
		{name: "both endpoints", set: func(m *providerModel) {
			m.Environment, m.BaseURL = types.StringValue("eu-production"), types.StringValue("https://x.example")
		}, attr: "base_url", msg: "Conflicting"},
		{name: "both endpoints from the environment", env: map[string]string{envEnvironment: "eu-production", envBaseURL: "https://x.example"},
			attr: "base_url", msg: "Conflicting"},
		{name: "unknown environment", set: func(m *providerModel) { m.Environment = types.StringValue("moon") },
			attr: "environment", msg: "apac-production"},
		{name: "plain http", set: func(m *providerModel) { m.BaseURL = types.StringValue("http://rest.zuora.com") },
			attr: "base_url", msg: "plain http"},
		{name: "base_url with an API path", set: func(m *providerModel) { m.BaseURL = types.StringValue("https://rest.zuora.com/v1") },
			attr: "base_url", msg: "part of Zuora's API"},
		{name: "both credential kinds", set: func(m *providerModel) {
			m.ClientID, m.AccessToken = types.StringValue("id"), types.StringValue("token")
		}, attr: "access_token", msg: "Conflicting"},
		{name: "id without secret validates", set: func(m *providerModel) { m.ClientID = types.StringValue("id") }},
		{name: "id without secret", set: func(m *providerModel) { m.ClientID = types.StringValue("id") },
			complete: true, attr: "client_secret", msg: "Missing client_secret"},
		{name: "secret without id", set: func(m *providerModel) { m.ClientSecret = types.StringValue("s") },
			complete: true, attr: "client_id", msg: "Missing client_id"},
		{name: "secret unknown until apply", set: func(m *providerModel) {
			m.Environment, m.ClientID, m.ClientSecret = types.StringValue("eu-production"), types.StringValue("id"), types.StringUnknown()
		}, complete: true},
		{name: "endpoint unknown until apply", set: func(m *providerModel) {
			m.BaseURL, m.AccessToken = types.StringUnknown(), types.StringValue("t")
		}, complete: true},
		{name: "negative retries", set: func(m *providerModel) { m.MaxRetries = types.Int64Value(-1) },
			attr: "max_retries", msg: "between 0 (no retries) and 20"},
		{name: "endless retries", set: func(m *providerModel) { m.MaxRetries = types.Int64Value(1_000_000) },
			attr: "max_retries", msg: "between 0 (no retries) and 20"},
		{name: "no job slots", set: func(m *providerModel) { m.MaxConcurrentJobs = types.Int64Value(0) },
			attr: "max_concurrent_jobs", msg: "at least 1"},
		{name: "polling too often", set: func(m *providerModel) { m.PollIntervalMax = types.StringValue("500ms") },
			attr: "poll_interval_max", msg: "at least 1s"},
		{name: "poll interval not a duration", env: map[string]string{envPollIntervalMax: "10"},
			attr: "poll_interval_max", msg: envPollIntervalMax},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			if tc.set != nil {
				tc.set(&m)
			}
			s, diags := resolveSettings(m, envOf(tc.env))
			diags.Append(s.check(tc.complete)...)
			if tc.attr == "" {
				if diags.HasError() {
					t.Fatalf("unexpected errors: %v", diags)
				}
				return
			}
			got := errorAt(diags, tc.attr)
			if !strings.Contains(got, tc.msg) {
				t.Errorf("error at %s = %q; want it to mention %q (all: %v)", tc.attr, got, tc.msg, diags)
			}
		})
	}
}

// An endpoint or credentials given nowhere is no error in check, which
// Configure runs: only missing reports it, for resources and data sources.
// Half-given credentials are wrong, and check reports them.
func TestSettingsMissing(t *testing.T) {
	for _, tc := range []struct {
		name            string
		set             func(*providerModel)
		env             map[string]string
		endpoint, creds bool // missing() reports "No Zuora endpoint", "No Zuora credentials"
	}{
		{name: "nothing set", endpoint: true, creds: true},
		{name: "no credentials", set: func(m *providerModel) { m.Environment = types.StringValue("eu-production") }, creds: true},
		{name: "no endpoint", set: func(m *providerModel) { m.AccessToken = types.StringValue("t") }, endpoint: true},
		{name: "both from the environment", env: map[string]string{envBaseURL: "https://x.example", envAccessToken: "t"}},
		{name: "id without secret is not missing", set: func(m *providerModel) {
			m.Environment, m.ClientID = types.StringValue("eu-production"), types.StringValue("id")
		}},
		{name: "unknown until apply is not missing", set: func(m *providerModel) {
			m.BaseURL, m.ClientID, m.ClientSecret = types.StringUnknown(), types.StringValue("id"), types.StringUnknown()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			if tc.set != nil {
				tc.set(&m)
			}
			s, diags := resolveSettings(m, envOf(tc.env))
			for _, d := range s.check(true) {
				if strings.HasPrefix(d.Summary(), "No Zuora") {
					t.Errorf("check reported %q; a missing setting must not fail Configure", d.Summary())
				}
			}
			diags.Append(s.missing()...)
			endpoint := errorAt(diags, "environment")
			if got := strings.Contains(endpoint, "No Zuora endpoint") && strings.Contains(endpoint, "us-cloud2-production"); got != tc.endpoint {
				t.Errorf("endpoint reported missing: %v, want %v (%v)", got, tc.endpoint, diags)
			}
			if got := strings.Contains(errorAt(diags, "client_id"), "No Zuora credentials"); got != tc.creds {
				t.Errorf("credentials reported missing: %v, want %v (%v)", got, tc.creds, diags)
			}
		})
	}
}

func TestResolveSettings_unknownValues(t *testing.T) {
	m := nullModel()
	m.OrgIDs = types.ListValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringUnknown()})
	s, _ := resolveSettings(m, envOf(nil))
	if !s.anyUnknown() || !s.unknown["org_ids"] {
		t.Errorf("an unknown org id was not noticed: %+v", s.unknown)
	}
}

func TestResolveSettings_badNumberInEnvironment(t *testing.T) {
	_, diags := resolveSettings(nullModel(), envOf(map[string]string{envMaxRetries: "many"}))
	if got := errorAt(diags, "max_retries"); !strings.Contains(got, envMaxRetries) {
		t.Errorf("error at max_retries = %q; want it to name %s", got, envMaxRetries)
	}
}

func TestResolveSettings_duplicateCheckDays(t *testing.T) {
	s, _ := resolveSettings(nullModel(), envOf(nil))
	if s.duplicateCheckDays != 30 {
		t.Errorf("default = %d, want 30", s.duplicateCheckDays)
	}
	s, _ = resolveSettings(nullModel(), envOf(map[string]string{envDuplicateCheck: "0"}))
	if s.duplicateCheckDays != 0 || loadguard.New(nil, int(s.duplicateCheckDays)).Enabled() {
		t.Errorf("ZUORA_DUPLICATE_CHECK_DAYS=0 gives %d days; the guard must be off", s.duplicateCheckDays)
	}
	m := nullModel()
	m.DuplicateCheck = types.Int64Value(-1)
	s, _ = resolveSettings(m, envOf(map[string]string{envDuplicateCheck: "7"}))
	if got := errorAt(s.check(false), "duplicate_check_days"); !strings.Contains(got, "-1") {
		t.Errorf("a negative window: %q", got)
	}
	// Zuora keeps a job's file 12 months: a longer window cannot confirm.
	for days, refused := range map[int64]bool{365: false, 366: true} {
		m.DuplicateCheck = types.Int64Value(days)
		s, _ = resolveSettings(m, envOf(nil))
		got := errorAt(s.check(false), "duplicate_check_days")
		if refused != (got != "") || (refused && !strings.Contains(got, "12 months")) {
			t.Errorf("%d days: error %q", days, got)
		}
	}
}

func TestResolveSettings_pollIntervalMax(t *testing.T) {
	for _, tc := range []struct {
		name string
		conf types.String
		env  string
		want time.Duration
	}{
		{name: "default", conf: types.StringNull(), want: 10 * time.Second},
		{name: "environment", conf: types.StringNull(), env: "1m", want: time.Minute},
		{name: "configuration wins", conf: types.StringValue("45s"), env: "1m", want: 45 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			m.PollIntervalMax = tc.conf
			s, diags := resolveSettings(m, envOf(map[string]string{envPollIntervalMax: tc.env}))
			if diags.HasError() {
				t.Fatal(diags)
			}
			if got := s.clientConfig("ua").PollMax; got != tc.want {
				t.Errorf("client PollMax = %v; want %v", got, tc.want)
			}
		})
	}
}

func TestBaseURLUserInfoIsMasked(t *testing.T) {
	for _, raw := range []string{"https://user:pw@rest.zuora.com", "http://user:pw@example.com", "https://user:pw@host:notaport"} {
		err := checkBaseURL(raw)
		if err == nil || strings.Contains(err.Error(), "user:pw") || !strings.Contains(err.Error(), "***@") {
			t.Errorf("checkBaseURL(%q) = %v, want an error with the user info masked", raw, err)
		}
	}
}
