package client

import (
	"net/http"
	"net/url"
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
