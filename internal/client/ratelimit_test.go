package client

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestEveryAnswerUpdatesTheRateLimitFigures(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		// The rate-limits guide's sample form.
		w.Header().Set("RateLimit-Limit", "5000, 2500;w=60, 5000;w=3600, 10000;w=86400")
		w.Header().Set("RateLimit-Remaining", []string{"4000", "499"}[min(n, 2)-1])
		writeRaw(w, 200, `{"id":"j","status":"In Progress"}`)
	})
	c := newTestClient(t, srv.URL)
	if _, _, ok := c.RateLimit(); ok {
		t.Fatal("figures before any answer")
	}
	if _, err := c.JobSummary(testCtx(t), "j"); err != nil {
		t.Fatal(err)
	}
	if rem, lim, ok := c.RateLimit(); !ok || rem != 4000 || lim != 5000 || c.RateLimitLow() {
		t.Fatalf("%d of %d (%v), low %v", rem, lim, ok, c.RateLimitLow())
	}
	if _, err := c.JobSummary(testCtx(t), "j"); err != nil {
		t.Fatal(err)
	}
	if rem, _, _ := c.RateLimit(); rem != 499 || !c.RateLimitLow() {
		t.Fatalf("remaining %d, low %v; want 499 and low (under 10%%)", rem, c.RateLimitLow())
	}
}

func TestALowRateLimitStretchesPollingToPollMaxAndSaysSoOnce(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("RateLimit-Limit", "1000")
		w.Header().Set("RateLimit-Remaining", "50")
		status := "In Progress"
		if n == 4 {
			status = "Completed"
		}
		writeJSON(w, map[string]interface{}{"id": "j", "status": status})
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.PollMin, cfg.PollMax = time.Millisecond, 40*time.Millisecond })
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(testCtx(t), &logs)
	start := time.Now()
	if _, err := c.WaitForJob(ctx, "j", nil); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 3*40*time.Millisecond {
		t.Errorf("3 waits took %v, want each stretched to poll_interval_max (40ms)", took)
	}
	if n := strings.Count(logs.String(), "rate limit is low"); n != 1 {
		t.Errorf("said %d times, want once:\n%s", n, logs.String())
	}
}

func TestProgressLineHasAStableOrderAndRoundedValues(t *testing.T) {
	t.Parallel()
	plan := newPollPlan(time.Second, 10*time.Second)
	plan.remaining, plan.estimated = 7600*time.Millisecond, true
	s := &Summary{Status: "In Progress", RowCount: 2000, RowsSucceeded: 1150, RowsFailed: 50}
	got := progressLine("job-1", s, plan, 2300*time.Millisecond)
	want := `bulk job progress: job=job-1 status="In Progress" rows=1200/2000 (60%) failed=50 eta=8s next_poll=2s`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	done := progressLine("job-1", &Summary{Status: "Completed", RowCount: 2000, RowsSucceeded: 2000}, plan, 0)
	if done != `bulk job progress: job=job-1 status="Completed" rows=2000/2000 (100%)` {
		t.Errorf("terminal line %s", done)
	}
	if l := progressLine("j", &Summary{Status: "Submitted"}, newPollPlan(time.Second, time.Second), 1); l != `bulk job progress: job=j status="Submitted" rows=0 next_poll=1s` {
		t.Errorf("queued line %s", l)
	}
}
