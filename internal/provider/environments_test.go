package provider

import (
	"net/url"
	"strings"
	"testing"
)

func TestLookupEnvironment(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		ok         bool
	}{
		{"us-cloud2-production", "https://rest.zuora.com", true},
		{"US-Cloud1-Production", "https://rest.na.zuora.com", true},
		{"  eu-api-sandbox ", "https://rest.sandbox.eu.zuora.com", true},
		{"us-central-sandbox", "https://rest.test.zuora.com", true},
		{"apac-central-sandbox", "https://rest.test.ap.zuora.com", true},
		{"production", "", false},
		{"", "", false},
	} {
		env, ok := lookupEnvironment(tc.name)
		if ok != tc.ok || env.BaseURL != tc.want {
			t.Errorf("lookupEnvironment(%q) = %q, %v; want %q, %v", tc.name, env.BaseURL, ok, tc.want, tc.ok)
		}
	}
}

func TestEnvironmentsTable(t *testing.T) {
	names, urls := map[string]bool{}, map[string]bool{}
	doc := environmentsMarkdown()
	for _, env := range zuoraEnvironments {
		if names[strings.ToLower(env.Name)] || urls[env.BaseURL] {
			t.Errorf("%s (%s) is listed twice", env.Name, env.BaseURL)
		}
		names[strings.ToLower(env.Name)], urls[env.BaseURL] = true, true
		if err := checkBaseURL(env.BaseURL); err != nil || !strings.HasPrefix(env.BaseURL, "https://") {
			t.Errorf("%s: base URL %q is not a plain https URL: %v", env.Name, env.BaseURL, err)
		}
		if u, _ := url.Parse(env.BaseURL); u.Path != "" {
			t.Errorf("%s: base URL %q has a path", env.Name, env.BaseURL)
		}
		if !strings.Contains(doc, "`"+env.Name+"`") || !strings.Contains(doc, env.BaseURL) {
			t.Errorf("the documented table lacks %s", env.Name)
		}
	}
	// One data center per entry of the servers list in Zuora's OpenAPI
	// description.
	if len(zuoraEnvironments) != 10 {
		t.Errorf("%d environments; Zuora's OpenAPI description lists 10 servers", len(zuoraEnvironments))
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":         true,
		"LOCALHOST":         true,
		"localhost.":        true,
		"127.0.0.1":         true,
		"127.8.9.10":        true,
		"::1":               true,
		"example.com":       false,
		"localhost.example": false,
		"10.0.0.1":          false,
		"0.0.0.0":           false,
		"::":                false,
		"":                  false,
	} {
		if got := isLoopbackHost(host); got != want {
			t.Errorf("isLoopbackHost(%q) = %v; want %v", host, got, want)
		}
	}
}

func TestCheckBaseURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://rest.zuora.com":     true,
		"https://rest.zuora.com/":    true,
		"http://127.0.0.1:8080":      true,
		"http://[::1]:8080":          true,
		"http://localhost:1234":      true,
		"http://example.com":         false,
		"http://rest.zuora.com":      false,
		"ftp://rest.zuora.com":       false,
		"rest.zuora.com":             false,
		"https://u:p@rest.zuora.com": false,
		"https://rest.zuora.com?x=1": false,
	} {
		if err := checkBaseURL(raw); (err == nil) != ok {
			t.Errorf("checkBaseURL(%q) = %v; want ok=%v", raw, err, ok)
		}
	}
}
