package client

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Issue 9: protocol details the documents allow and the emulator did not
// exercise.

func TestFractionalExpiresIn(t *testing.T) {
	t.Parallel()
	for _, v := range []string{`3599.5`, `"3599.5"`, `0.5`} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeRaw(w, 200, `{"access_token":"tok","token_type":"bearer","expires_in":`+v+`}`)
		})
		c := newTestClient(t, srv.URL, func(cfg *Config) {
			cfg.AccessToken, cfg.ClientID, cfg.ClientSecret = "", testClientID, testClientSecret
		})
		if err := c.Authenticate(testCtx(t)); err != nil {
			t.Errorf("expires_in %s: %v", v, err)
			continue
		}
		c.auth.mu.Lock()
		life := time.Until(c.auth.expiresAt)
		c.auth.mu.Unlock()
		if want := strings.Trim(v, `"`); want == "3599.5" && (life < 3598*time.Second || life > 3600*time.Second) {
			t.Errorf("expires_in %s: token expires in %s", v, life)
		}
	}
}

func TestRateLimitHeadersWithoutRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	for _, tc := range []struct {
		name   string
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{"RateLimit-Reset seconds", http.Header{"Ratelimit-Reset": {"7"}}, 7 * time.Second, true},
		{"RateLimit-Reset fraction", http.Header{"Ratelimit-Reset": {"1.5"}}, 1500 * time.Millisecond, true},
		{"RateLimit-Reset epoch", http.Header{"Ratelimit-Reset": {"1800000030"}}, 30 * time.Second, true},
		{"token endpoint minute exhausted", http.Header{"X-Ratelimit-Remaining-Minute": {"0"}, "X-Ratelimit-Limit-Minute": {"1000"}}, time.Minute, true},
		{"minute not exhausted", http.Header{"X-Ratelimit-Remaining-Minute": {"12"}}, 0, false},
		{"nothing", http.Header{}, 0, false},
	} {
		got, ok := rateLimitWait(http.StatusTooManyRequests, tc.header, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %s %v, want %s %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	// A 503 with quota left is an outage: RateLimit-Reset does not apply.
	outage := http.Header{"Ratelimit-Reset": {"60"}, "Ratelimit-Remaining": {"999"}}
	if _, ok := rateLimitWait(http.StatusServiceUnavailable, outage, now); ok {
		t.Error("RateLimit-Reset honoured on a 503 with quota left")
	}
	outage.Set("RateLimit-Remaining", "0")
	if got, ok := rateLimitWait(http.StatusServiceUnavailable, outage, now); !ok || got != time.Minute {
		t.Errorf("503 with the quota spent: %s %v, want 1m", got, ok)
	}
	// Retry-After wins when both are sent.
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"2"}, "Ratelimit-Reset": {"9"}}}
	if got := backoff(time.Millisecond, time.Millisecond, 0, resp); got != 2*time.Second {
		t.Errorf("backoff with both headers = %s, want Retry-After's 2s", got)
	}
	resp.Header.Del("Retry-After")
	if got := backoff(time.Millisecond, time.Millisecond, 0, resp); got != 9*time.Second {
		t.Errorf("backoff with RateLimit-Reset only = %s, want 9s", got)
	}
}

// {"success":false} under HTTP 200 is retried when its code's category is
// transient, and returned at once otherwise.
func TestSuccessFalseUnder200(t *testing.T) {
	t.Parallel()
	for code, wantRequests := range map[string]int{"53000050": 2, "53000099": 2, "53000020": 1} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				writeRaw(w, 200, `{"success":false,"processId":"p1","reasons":[{"code":"`+code+`","message":"busy"}]}`)
				return
			}
			writeRaw(w, 200, summaryJSON)
		})
		s, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1")
		if srv.count() != wantRequests {
			t.Errorf("code %s: %d requests, want %d", code, srv.count(), wantRequests)
		}
		if wantRequests == 2 && (err != nil || s.Status != "Completed") {
			t.Errorf("code %s: %v %+v", code, err, s)
		}
		if wantRequests == 1 && err == nil {
			t.Errorf("code %s: no error", code)
		}
	}
}

func TestBaseURLWithAnAPIPathIsRefused(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"https://rest.zuora.com/v1", "https://rest.zuora.com/v1/", "https://rest.zuora.com/oauth/token", "https://rest.zuora.com/bulk-data/bulk-jobs"} {
		_, err := New(Config{BaseURL: base, AccessToken: "t"})
		if err == nil || !strings.Contains(err.Error(), "part of Zuora's API") || !strings.Contains(err.Error(), "https://rest.zuora.com") {
			t.Errorf("%s: %v", base, err)
		}
	}
	for _, gateway := range []string{"https://gateway.example.com/zuora", "https://gateway.example.com/api/zuora", "https://gateway.example.com/apps"} {
		if _, err := New(Config{BaseURL: gateway, AccessToken: "t"}); err != nil {
			t.Errorf("a gateway prefix is refused: %v", err)
		}
	}
}

// Creating a job is retried on a transient {"success":false} too: the
// answer says nothing was done. Zuora answers a replayed Idempotency-Key
// with the stored answer, the refusal, so the retry carries a new key
// derived from the first.
func TestCreateRetriesTransientSuccessFalse(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeRaw(w, 200, `{"success":false,"reasons":[{"code":"53000050","message":"locked"}]}`)
			return
		}
		writeRaw(w, 200, `{"id":"job-1","uploadUrl":"https://s3.example/put","status":"Created"}`)
	})
	job, err := newTestClient(t, srv.URL).CreateJob(testCtx(t), CreateJobRequest{Name: "n", ObjectType: "Account", JobType: "Import", FileType: "jsonl"})
	if err != nil || job.ID != "job-1" || srv.count() != 2 {
		t.Fatalf("%d requests, job %+v, err %v", srv.count(), job, err)
	}
	if a, b := srv.got()[0].Header.Get("Idempotency-Key"), srv.got()[1].Header.Get("Idempotency-Key"); a == "" || b != a+" retry 2" {
		t.Errorf("Idempotency-Key %q then %q, want the first key and then one derived from it", a, b)
	}
}

// A success answer larger than an error document, gzip-compressed to a
// few kilobytes, reaches the caller whole: the check for {"success":false}
// must not cut it.
func TestLargeGzipAnswerIsReadWhole(t *testing.T) {
	t.Parallel()
	name := strings.Repeat("n", 2<<20)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		_, _ = io.WriteString(zw, `{"id":"job-1","status":"Completed","name":"`+name+`"}`)
		_ = zw.Close()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", strconv.Itoa(gz.Len())) // as Zuora sends it: the compressed length
		_, _ = w.Write(gz.Bytes())
	})
	s, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != name {
		t.Fatalf("name of %d bytes; want the whole 2 MiB name", len(s.Name))
	}
}

// Throttling that outlasts the retries still tells the caller (WaitForJob
// between polls) how long the rate-limit headers ask it to wait.
func TestThrottleErrorCarriesRateLimitReset(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("RateLimit-Reset", "7")
		writeRaw(w, http.StatusTooManyRequests, `{"reasons":[{"code":"50000070","message":"slow down"}]}`)
	})
	_, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 }).JobSummary(testCtx(t), "job-1")
	if got := throttleWait(err); got != 7*time.Second {
		t.Errorf("throttleWait = %v (err %v), want the 7s RateLimit-Reset", got, err)
	}
}
