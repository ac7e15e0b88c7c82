package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestRunningJobsCountsSubmittedAndInProgressOfEveryone(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Query().Get("status") {
		case "Submitted":
			writeRaw(w, 200, `{"data":[{"id":"1","status":"Submitted","createdBy":"someone"}]}`)
		case "In Progress":
			writeRaw(w, 200, `{"data":[{"id":"2","status":"In Progress"},{"id":"3","status":"IN_PROGRESS"},{"id":"4","status":"Completed"}]}`)
		default:
			t.Errorf("unfiltered listing %s", r.URL.RawQuery)
		}
	})
	n, err := newTestClient(t, srv.URL).RunningJobs(testCtx(t))
	if err != nil || n != 3 {
		t.Fatalf("%d %v, want 3 (a Completed entry the filter let through is not counted)", n, err)
	}
}

func TestRunningJobsOnAnEmptyTenantIsZero(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 404, `{"message":"No job summaries found"}`)
	})
	if n, err := newTestClient(t, srv.URL).RunningJobs(testCtx(t)); err != nil || n != 0 {
		t.Fatalf("%d %v", n, err)
	}
}

// running answers the job list as if `busy` jobs were In Progress.
func running(busy *atomic.Int32) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("status") != "In Progress" {
			writeRaw(w, 404, `{"message":"No job summaries found"}`)
			return
		}
		var entries []string
		for i := 0; i < int(busy.Load()); i++ {
			entries = append(entries, fmt.Sprintf(`{"id":"%d","status":"In Progress"}`, i))
		}
		writeRaw(w, 200, `{"data":[`+strings.Join(entries, ",")+`]}`)
	}
}

func TestWaitForJobSlotWaitsWhileFiveRunAndSaysSo(t *testing.T) {
	t.Parallel()
	var busy atomic.Int32
	busy.Store(5)
	lists := 0
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Query().Get("status") == "In Progress" {
			if lists++; lists == 3 {
				busy.Store(4)
			}
		}
		running(&busy)(w, r)
	})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(testCtx(t), &logs)
	if err := newTestClient(t, srv.URL).WaitForJobSlot(ctx); err != nil {
		t.Fatal(err)
	}
	if lists != 3 {
		t.Errorf("%d counts, want 3", lists)
	}
	if c := strings.Count(logs.String(), "waiting for a free Data Loader slot: 5 jobs running"); c != 1 {
		t.Errorf("said %d times:\n%s", c, logs.String())
	}
}

func TestWaitForJobSlotEndsWithItsContext(t *testing.T) {
	t.Parallel()
	var busy atomic.Int32
	busy.Store(5)
	ctx, cancel := context.WithCancel(testCtx(t))
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 6 {
			cancel()
		}
		running(&busy)(w, r)
	})
	c := newTestClient(t, srv.URL)
	if err := c.WaitForJobSlot(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("%v, want the context's end", err)
	}
}

func TestASubmissionRefusedForTheLimitIsTypedAndWaitsNeverCancels(t *testing.T) {
	t.Parallel()
	var busy atomic.Int32
	submits := 0
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/submissions"):
			if submits++; submits == 1 {
				writeRaw(w, 400, `{"reasons":[{"code":"50000041","message":"Data Loader allows a maximum of five jobs to be submitted at a time"}]}`)
				return
			}
			writeRaw(w, 200, `{"id":"j","status":"Submitted"}`)
		case strings.HasSuffix(r.URL.Path, "/cancellations"):
			t.Error("a job was cancelled")
		default:
			running(&busy)(w, r)
		}
	})
	c := newTestClient(t, srv.URL)
	_, err := c.SubmitJob(testCtx(t), "j")
	if !IsSlotLimit(err) || !strings.Contains(err.Error(), "at most 5 jobs") {
		t.Fatalf("%v: want a SlotLimitError", err)
	}
	submits = 0
	// The provider's submitJob loop: refused for the limit, it submits
	// again as attempt 2, with a key of its own.
	ctx := WithIdempotencyKey(testCtx(t), "stable")
	if _, err := c.SubmitJob(WithKeyAttempt(ctx, 1), "j"); !IsSlotLimit(err) {
		t.Fatalf("%v: want a SlotLimitError", err)
	}
	st, err := c.SubmitJob(WithKeyAttempt(ctx, 2), "j")
	if err != nil || st.Status != "Submitted" || submits != 2 {
		t.Fatalf("%+v %v after %d submissions", st, err, submits)
	}
	var keys []string
	for _, r := range srv.got() {
		if strings.HasSuffix(r.Path, "/submissions") {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
	}
	if k := keys[len(keys)-2:]; k[0] != "stable submit bulk job" || k[1] != "stable submit bulk job attempt 2" {
		t.Errorf("keys %q: a new attempt needs a key of its own", k)
	}
}

func TestOnlyLimitRefusalsAreSlotLimits(t *testing.T) {
	t.Parallel()
	for msg, want := range map[string]bool{
		"Data Loader allows a maximum of five jobs to be submitted at a time": true,
		"Maximum 5 concurrent jobs reached":                                   true,
		"Too many running jobs":                                               true,
		"Concurrent job limit exceeded":                                       true,
		"You cannot submit more than 5 jobs":                                  true,
		"Bulk job j has no uploaded file":                                     false,
		"Job cannot be submitted in status Completed":                         false,
		"name must be at most 255 characters":                                 false,
	} {
		err := asSlotLimit(&Error{Operation: "submit bulk job", StatusCode: 400, Reasons: []Reason{{Message: msg}}})
		if IsSlotLimit(err) != want {
			t.Errorf("%q: slot limit %v, want %v", msg, !want, want)
		}
	}
	if IsSlotLimit(asSlotLimit(&Error{StatusCode: 404, Reasons: []Reason{{Message: "maximum of five jobs"}}})) {
		t.Error("a 404 is not a slot limit")
	}
}
