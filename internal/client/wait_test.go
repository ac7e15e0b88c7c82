package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestWaitForJobPollsUntilTerminal(t *testing.T) {
	t.Parallel()
	statuses := []string{"Submitted", "In Progress", "In Progress", "completed"}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, map[string]interface{}{"id": "job-1", "status": statuses[min(n, len(statuses))-1], "rowsSucceeded": n})
	})
	var seen []string
	// "completed" is decoded as Zuora documents it (normalize.go).
	s, err := newTestClient(t, srv.URL).WaitForJob(testCtx(t), "job-1", func(s Summary) { seen = append(seen, s.Status) })
	if err != nil || s.Status != StatusCompleted || s.RowsSucceeded != 4 {
		t.Fatalf("%+v %v", s, err)
	}
	if len(seen) != 4 || srv.count() != 4 {
		t.Fatalf("progress saw %v after %d requests", seen, srv.count())
	}
}

func TestWaitForJobReturnsTheLastSummaryWhenCtxEnds(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, map[string]interface{}{"id": "job-1", "status": "In Progress", "rowsSucceeded": n})
	})
	ctx, cancel := context.WithCancel(t.Context())
	var mu sync.Mutex
	polls := 0
	s, err := newTestClient(t, srv.URL).WaitForJob(ctx, "job-1", func(Summary) {
		mu.Lock()
		defer mu.Unlock()
		if polls++; polls == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || s == nil || s.RowsSucceeded != 3 || s.Status != "In Progress" {
		t.Fatalf("%+v %v", s, err)
	}
}

func TestWaitForJobWaitsOutThrottling(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			writeRaw(w, 429, `{"message":"slow down"}`)
			return
		}
		writeJSON(w, map[string]interface{}{"id": "job-1", "status": "Failed"})
	})
	start := time.Now()
	// No request retries, so the 429 reaches WaitForJob itself.
	s, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 }).WaitForJob(testCtx(t), "job-1", nil)
	if err != nil || s.Status != "Failed" || time.Since(start) < 900*time.Millisecond {
		t.Fatalf("%+v %v after %v", s, err, time.Since(start))
	}
}

func TestWaitForJobStopsOnAHardError(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 404, `{"message":"no such job"}`) })
	_, err := newTestClient(t, srv.URL).WaitForJob(testCtx(t), "job-1", nil)
	if !IsNotFound(err) || srv.count() != 1 {
		t.Fatalf("%v after %d requests", err, srv.count())
	}
}

func TestPollIntervalGrowsWithinBounds(t *testing.T) {
	t.Parallel()
	interval := time.Second
	for i := 0; i < 20; i++ {
		next := nextPollInterval(interval, 30*time.Second)
		if next > 30*time.Second || (interval < 15*time.Second && (next < interval*3/2 || next > interval*2)) {
			t.Fatalf("%v -> %v", interval, next)
		}
		interval = next
	}
	if interval != 30*time.Second {
		t.Fatalf("never reached the cap: %v", interval)
	}
}

func TestIsTerminal(t *testing.T) {
	t.Parallel()
	for status, want := range map[string]bool{
		"Completed": true, "FAILED": true, "aborted": true, StatusCancelled: true,
		"Created": false, "Submitted": false, "In Progress": false, "Aborting": false, "Downloading": false, "": false,
	} {
		if IsTerminal(status) != want {
			t.Errorf("IsTerminal(%q) != %v", status, want)
		}
	}
}

// A summary that arrives as the wait's context ends still counts: a job
// that finished is reported finished, not as still running.
func TestWaitReportsAFinishedJobWhoseSummaryArrivesAsTheWaitEnds(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 200, `{"id":"job-1","status":"Completed","rowCount":1,"rowsSucceeded":1}`)
	})
	ctx, cancel := context.WithCancel(testCtx(t))
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Transport: cancelAfterAnswer{next: http.DefaultTransport, cancel: cancel}}
	})
	s, err := c.WaitForJob(ctx, "job-1", nil)
	if ctx.Err() == nil {
		t.Fatal("the wait's context did not end while the summary was read")
	}
	if err != nil || s == nil || s.Status != StatusCompleted {
		t.Fatalf("WaitForJob = %+v, %v; want the Completed summary and no error", s, err)
	}
}

// cancelAfterAnswer ends a context once an answer has been read whole, as
// a timeout running out during a slow summary does.
type cancelAfterAnswer struct {
	next   http.RoundTripper
	cancel context.CancelFunc
}

func (c cancelAfterAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(&cancelAtEOF{Reader: bytes.NewReader(b), cancel: c.cancel})
	return resp, nil
}

type cancelAtEOF struct {
	*bytes.Reader
	cancel context.CancelFunc
}

func (r *cancelAtEOF) Read(p []byte) (int, error) {
	n, err := r.Reader.Read(p)
	if err == io.EOF {
		r.cancel()
	}
	return n, err
}
