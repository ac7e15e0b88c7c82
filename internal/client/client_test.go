package client

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestEndpointKeepsABasePathPrefix(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, "https://rest.example.com/zuora/")
	got := c.endpoint("/bulk-data/bulk-jobs/a%2Fb/summary", url.Values{"x": {"1 2"}})
	if got != "https://rest.example.com/zuora/bulk-data/bulk-jobs/a%2Fb/summary?x=1+2" {
		t.Fatalf("got %s", got)
	}
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	c, err := New(Config{BaseURL: "https://rest.zuora.com", AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.cfg
	if cfg.MaxRetries != 4 || cfg.RetryWaitMin != time.Second || cfg.RetryWaitMax != 30*time.Second ||
		cfg.PollMin != time.Second || cfg.PollMax != 10*time.Second || cfg.UserAgent != DefaultUserAgent {
		t.Fatalf("defaults %+v", cfg)
	}
	none, _ := New(Config{BaseURL: "https://rest.zuora.com", AccessToken: "t", MaxRetries: -1})
	if none.cfg.MaxRetries != 0 {
		t.Fatalf("MaxRetries -1 became %d retries", none.cfg.MaxRetries)
	}
}

func TestBackoffUsesRetryAfterOn429And503Only(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]bool{429: true, 503: true, 500: false} {
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {"120"}}}
		got := backoff(time.Millisecond, 2*time.Millisecond, 0, resp) == 2*time.Minute
		if got != want {
			t.Errorf("status %d: Retry-After used = %v", status, got)
		}
	}
}

// User info in a base URL is masked in every message, whether or not the
// URL parses.
func TestBaseURLUserInfoIsMaskedInErrors(t *testing.T) {
	for _, raw := range []string{
		"https://user:pw@rest.zuora.com",
		"https://user:pw@rest.zuora.com/v1",
		"https://user:pw@rest.zuora.com:notaport",
		"https://user:p/w@rest.zuora.com",
		"https://user:p@w@rest.zuora.com?x=1",
		"ftp://user:pw@rest.zuora.com",
	} {
		_, err := New(Config{BaseURL: raw, AccessToken: "t"})
		if err == nil {
			t.Errorf("%s: no error", raw)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "user:") || strings.Contains(msg, "pw") || strings.Contains(msg, "p/w") ||
			!strings.Contains(msg, "***@") {
			t.Errorf("%s: %s", raw, msg)
		}
	}
}

func TestMaskUserInfo(t *testing.T) {
	for raw, want := range map[string]string{
		"https://user:pw@rest.zuora.com/api":  "https://***@rest.zuora.com/api",
		"https://user@rest.zuora.com":         "https://***@rest.zuora.com",
		"user:pw@rest.zuora.com":              "***@rest.zuora.com",
		"https://rest.zuora.com/path?to=a@b":  "https://rest.zuora.com/path?to=a@b",
		"https://rest.zuora.com":              "https://rest.zuora.com",
		"https://u:p@w@rest.zuora.com#a@b":    "https://***@rest.zuora.com#a@b",
		"http://user:pw@127.0.0.1:8080/proxy": "http://***@127.0.0.1:8080/proxy",
	} {
		if got := MaskUserInfo(raw); got != want {
			t.Errorf("MaskUserInfo(%q) = %q, want %q", raw, got, want)
		}
	}
	// Transport errors and retry logs show URLs through redactURL.
	if got := redactURL("https://user:pw@host:bad/x?X-Amz-Signature=s"); strings.Contains(got, "pw") || strings.Contains(got, "user:") {
		t.Errorf("redactURL = %q", got)
	}
}
