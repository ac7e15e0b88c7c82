package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const summaryJSON = `{"id":"job-1","status":"Completed","rowCount":3}`

func TestGETRetriesTransientStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{429, 500, 502, 503, 504} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n <= 2 {
					writeRaw(w, status, `{"message":"try later"}`)
					return
				}
				writeRaw(w, 200, summaryJSON)
			})
			s, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1")
			if err != nil {
				t.Fatal(err)
			}
			if s.Status != "Completed" || srv.count() != 3 {
				t.Fatalf("status %q after %d requests, want Completed after 3", s.Status, srv.count())
			}
		})
	}
}

func TestGETGivesUpAfterMaxRetries(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Zuora-Request-Id", "req-500")
		writeRaw(w, 500, `{"reasons":[{"code":"53000099","message":"boom"}]}`)
	})
	_, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 2 }).JobSummary(testCtx(t), "job-1")
	e := asError(t, err)
	if srv.count() != 3 || e.StatusCode != 500 || e.RequestID != "req-500" || e.Reasons[0].Message != "boom" {
		t.Fatalf("%d requests, error %v", srv.count(), err)
	}
}

func TestNegativeMaxRetriesMeansOneAttempt(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 503, `{}`) })
	_, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 }).JobSummary(testCtx(t), "job-1")
	if err == nil || srv.count() != 1 {
		t.Fatalf("%d requests, err %v; want 1 request and an error", srv.count(), err)
	}
}

func TestDefaultMaxRetriesIsFour(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 502, `{}`) })
	_, _ = newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1")
	if srv.count() != 5 {
		t.Fatalf("%d requests, want 1 + 4 retries", srv.count())
	}
}

func TestRetryAfterIsHonored(t *testing.T) {
	t.Parallel()
	for name, header := range map[string]func() string{
		"seconds":   func() string { return "1" },
		"http-date": func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					w.Header().Set("Retry-After", header())
					writeRaw(w, 429, `{"message":"slow down"}`)
					return
				}
				writeRaw(w, 200, summaryJSON)
			})
			start := time.Now()
			if _, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1"); err != nil {
				t.Fatal(err)
			}
			// The configured back-off is milliseconds; only Retry-After
			// explains a wait near a second. (The HTTP date has whole
			// seconds, so it may fall a little short of 2s.)
			if waited := time.Since(start); waited < 900*time.Millisecond {
				t.Fatalf("retried after %v, want Retry-After honored", waited)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 29, 3, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"7":                             7 * time.Second,
		"Wed, 29 Jan 2025 03:00:30 GMT": 30 * time.Second,
		"Wed, 29 Jan 2025 02:00:00 GMT": 0,
	} {
		if got, ok := parseRetryAfter(in, now); !ok || got != want {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "-1", "soon"} {
		if _, ok := parseRetryAfter(bad, now); ok {
			t.Errorf("parseRetryAfter(%q) accepted", bad)
		}
	}
}

func TestBackoffStaysWithinBounds(t *testing.T) {
	t.Parallel()
	lo, hi := 10*time.Millisecond, 80*time.Millisecond
	for attempt := 0; attempt < 10; attempt++ {
		ceiling := expCeiling(lo, hi, attempt)
		for i := 0; i < 50; i++ {
			if d := backoff(lo, hi, attempt, nil); d < lo || d > ceiling || d > hi {
				t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, d, lo, ceiling)
			}
		}
	}
	if expCeiling(lo, hi, 2) != 40*time.Millisecond {
		t.Fatalf("ceiling does not double")
	}
}

func TestStateChangingPOSTIsNotRetriedOnAmbiguousFailures(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 504} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, status, `{}`) })
			_, err := newTestClient(t, srv.URL).SubmitJob(testCtx(t), "job-1")
			if asError(t, err).StatusCode != status || srv.count() != 1 {
				t.Fatalf("%d requests, err %v; want exactly one", srv.count(), err)
			}
		})
	}
}

func TestStateChangingPOSTRetriesOn503And429WithOneIdempotencyKey(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 1:
			writeRaw(w, 503, `{}`)
		case 2:
			writeRaw(w, 429, `{}`)
		default:
			writeRaw(w, 200, `{"id":"job-1","status":"Submitted"}`)
		}
	})
	c := newTestClient(t, srv.URL)
	st, err := c.SubmitJob(testCtx(t), "job-1")
	if err != nil || st.Status != "Submitted" {
		t.Fatalf("%+v %v", st, err)
	}
	reqs := srv.got()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	key := reqs[0].Header.Get("Idempotency-Key")
	if key == "" || len(key) > 255 {
		t.Fatalf("bad Idempotency-Key %q", key)
	}
	for _, r := range reqs {
		if r.Header.Get("Idempotency-Key") != key {
			t.Fatalf("keys differ across retries: %q vs %q", r.Header.Get("Idempotency-Key"), key)
		}
	}
	if _, err := c.CancelJob(testCtx(t), "job-1"); err != nil {
		t.Fatal(err)
	}
	if next := srv.got()[3].Header.Get("Idempotency-Key"); next == "" || next == key {
		t.Fatalf("a new call reused key %q", next)
	}
}

// refusingDialer fails the first n dials the way a refused connection does.
func refusingDialer(n int32, dials *atomic.Int32) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= n {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
		}
		return d.DialContext(ctx, network, addr)
	}
}

func TestStateChangingPOSTRetriesWhenTheConnectionWasNeverMade(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 200, `{"id":"job-1","status":"Aborting"}`)
	})
	var dials atomic.Int32
	c := newTestClient(t, srv.URL, func(c *Config) {
		c.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: refusingDialer(2, &dials)}}
	})
	if _, err := c.AbortJob(testCtx(t), "job-1"); err != nil {
		t.Fatal(err)
	}
	if dials.Load() != 3 || srv.count() != 1 {
		t.Fatalf("%d dials, %d requests; want 3 and 1", dials.Load(), srv.count())
	}
}

// hangUpAfterReading reads the request, then drops the connection without
// an answer: the request was written, so Zuora may have acted on it.
func hangUpAfterReading(t *testing.T) *testServer {
	return newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
	})
}

func TestStateChangingPOSTIsNotRetriedAfterTheRequestWasWritten(t *testing.T) {
	t.Parallel()
	srv := hangUpAfterReading(t)
	_, err := newTestClient(t, srv.URL).CreateJob(testCtx(t), CreateJobRequest{Name: "n", ObjectType: "Account"})
	e := asError(t, err)
	if e.StatusCode != 0 || e.Err == nil || srv.count() != 1 {
		t.Fatalf("%d requests, err %v; want one request and a transport error", srv.count(), err)
	}
}

func TestGETIsRetriedAfterAConnectionDrop(t *testing.T) {
	t.Parallel()
	srv := hangUpAfterReading(t)
	_, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 2 }).JobSummary(testCtx(t), "job-1")
	if err == nil || srv.count() != 3 {
		t.Fatalf("%d requests, err %v; want 3", srv.count(), err)
	}
}

func TestGETRetriesRetryableZuoraCategories(t *testing.T) {
	t.Parallel()
	for code, wantRequests := range map[string]int{"53100050": 2, "53100061": 2, "53100070": 2, "53100099": 2, "53100020": 1} {
		t.Run(code, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					writeRaw(w, 400, `{"reasons":[{"code":"`+code+`","message":"x"}]}`)
					return
				}
				writeRaw(w, 200, summaryJSON)
			})
			_, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1")
			if srv.count() != wantRequests {
				t.Fatalf("%d requests, want %d (err %v)", srv.count(), wantRequests, err)
			}
			if wantRequests == 1 && !strings.Contains(err.Error(), code) {
				t.Fatalf("error lost the code: %v", err)
			}
		})
	}
}

func TestCanceledContextStopsRetrying(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "30")
		writeRaw(w, 503, `{}`)
	})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err := newTestClient(t, srv.URL).JobSummary(ctx, "job-1")
	if !errors.Is(err, context.DeadlineExceeded) || srv.count() != 1 {
		t.Fatalf("%d requests, err %v", srv.count(), err)
	}
}

// One call's waits are bounded in all, whatever max_retries and
// Retry-After say: a dead endpoint cannot hold a plan for ever.
func TestRetryWaitsAreBoundedPerCall(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "3600")
		writeRaw(w, 429, `{}`)
	})
	_, err := newTestClient(t, srv.URL, func(c *Config) {
		c.MaxRetries, c.MaxRetryWait = MaxMaxRetries, 30*time.Millisecond
	}).JobSummary(testCtx(t), "job-1")
	// The first wait is clamped to the whole budget; the attempt after it
	// is the last.
	if err == nil || srv.count() != 2 {
		t.Fatalf("%d requests, err %v; want 2 requests and an error", srv.count(), err)
	}
}

func TestMaxRetriesIsCapped(t *testing.T) {
	t.Parallel()
	c, err := New(Config{BaseURL: "https://rest.zuora.com", AccessToken: "t", MaxRetries: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.MaxRetries != MaxMaxRetries {
		t.Errorf("MaxRetries = %d, want %d", c.cfg.MaxRetries, MaxMaxRetries)
	}
}
