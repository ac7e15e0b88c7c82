package client

import (
	"testing"
	"time"
)

// simulatedJob is a job on a fake clock: queued until start, then
// processing rows at a piecewise rate, then finishing finalize later.
type simulatedJob struct {
	start    time.Duration
	rows     int64
	rate     func(elapsed time.Duration) float64 // rows per second at that point
	finalize time.Duration
}

// run polls the job with a pollPlan on a fake clock, as WaitForJob does,
// and returns how late the completion was noticed, the polls made and
// the longest wait between them.
func (j simulatedJob) run(t *testing.T, minWait, maxWait time.Duration) (late time.Duration, polls int, longest time.Duration) {
	t.Helper()
	epoch := time.Unix(1_700_000_000, 0)
	plan := newPollPlan(minWait, maxWait)
	var now, doneAt time.Duration
	var processed float64
	const tick = 10 * time.Millisecond
	advance := func(to time.Duration) {
		for ; now < to; now += tick {
			if now >= j.start && processed < float64(j.rows) {
				processed += j.rate(now-j.start) * tick.Seconds()
				if processed >= float64(j.rows) {
					doneAt = now + tick
				}
			}
		}
	}
	for polls = 1; polls < 100_000; polls++ {
		s := Summary{Status: "Submitted"}
		if now >= j.start {
			s = Summary{Status: "In Progress", RowCount: j.rows, RowsSucceeded: min(int64(processed), j.rows)}
		}
		if doneAt > 0 && now >= doneAt+j.finalize {
			return now - (doneAt + j.finalize), polls, longest
		}
		wait := plan.observe(epoch.Add(now), s)
		if wait <= 0 {
			t.Fatalf("poll %d at %v: wait %v", polls, now, wait)
		}
		longest = max(longest, wait)
		advance(now + wait)
	}
	t.Fatalf("the job never completed")
	return
}

func constantRate(r float64) func(time.Duration) float64 {
	return func(time.Duration) float64 { return r }
}

func TestPollPlanNoticesCompletionWithinTwoSeconds(t *testing.T) {
	t.Parallel()
	for name, job := range map[string]simulatedJob{
		"steady 10 minutes": {start: 5 * time.Second, rows: 600_000, rate: constantRate(1000)},
		"steady 40 seconds": {start: time.Second, rows: 4000, rate: constantRate(100)},
		"short":             {rows: 50, rate: constantRate(100)},
		"slows down in the second half": {rows: 100_000, rate: func(e time.Duration) float64 {
			if e > 50*time.Second {
				return 300
			}
			return 1000
		}},
		"speeds up": {rows: 100_000, rate: func(e time.Duration) float64 {
			if e > 30*time.Second {
				return 3000
			}
			return 500
		}},
		"finalizes after the last row": {rows: 10_000, rate: constantRate(500), finalize: 25 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			late, polls, longest := job.run(t, time.Second, 10*time.Second)
			if late > pollNearEnd {
				t.Errorf("completion noticed %v late (after %d polls); want at most %v", late, polls, pollNearEnd)
			}
			if longest > 10*time.Second {
				t.Errorf("waited %v between polls; poll_interval_max is 10s", longest)
			}
		})
	}
}

func TestPollPlanPollsLittleWhenItCanPredict(t *testing.T) {
	t.Parallel()
	// 10 minutes of steady work: the plan may not poll more than the
	// 10-second cap requires, plus a few polls near the end.
	job := simulatedJob{rows: 60_000, rate: constantRate(100)}
	_, polls, _ := job.run(t, time.Second, 10*time.Second)
	if polls > 600/10+8 {
		t.Errorf("%d polls for a 10-minute job with a 10s cap", polls)
	}
	// With a long cap the plan aims at the predicted end directly.
	_, polls, _ = job.run(t, time.Second, 10*time.Minute)
	if polls > 12 {
		t.Errorf("%d polls for a steady 10-minute job with a 10-minute cap", polls)
	}
}

func TestPollPlanBacksOffWithoutProgress(t *testing.T) {
	t.Parallel()
	plan := newPollPlan(time.Second, 10*time.Second)
	now := time.Unix(0, 0)
	prev := time.Duration(0)
	for i := 0; i < 12; i++ {
		wait := plan.observe(now, Summary{Status: "Submitted"})
		if wait < prev || wait > 10*time.Second {
			t.Fatalf("wait %d: %v after %v", i, wait, prev)
		}
		if _, ok := plan.estimate(); ok {
			t.Fatalf("an estimate without any progress")
		}
		prev = wait
		now = now.Add(wait)
	}
	if prev != 10*time.Second {
		t.Errorf("never reached the cap: %v", prev)
	}
}

// A job whose rows stopped moving long past its predicted end is polled
// less and less often, up to the cap, not every two seconds for ever.
func TestPollPlanBacksOffWhenAJobStalls(t *testing.T) {
	t.Parallel()
	plan := newPollPlan(time.Second, 10*time.Second)
	now := time.Unix(0, 0)
	stuck := Summary{Status: "In Progress", RowCount: 1000, RowsSucceeded: 1000}
	plan.observe(now, Summary{Status: "In Progress", RowCount: 1000, RowsSucceeded: 500})
	now = now.Add(5 * time.Second)
	var wait time.Duration
	for now.Before(time.Unix(0, 0).Add(10 * time.Minute)) {
		wait = plan.observe(now, stuck)
		if wait > 10*time.Second {
			t.Fatalf("waited %v; the cap is 10s", wait)
		}
		now = now.Add(wait)
	}
	if wait != 10*time.Second {
		t.Errorf("still polling every %v after ten stalled minutes; want the 10s cap", wait)
	}
}

func TestPollPlanEstimatesTimeLeft(t *testing.T) {
	t.Parallel()
	plan := newPollPlan(time.Second, time.Hour)
	now := time.Unix(0, 0)
	plan.observe(now, Summary{RowCount: 1000, RowsSucceeded: 100})
	wait := plan.observe(now.Add(10*time.Second), Summary{RowCount: 1000, RowsSucceeded: 150, RowsFailed: 50})
	// 100 rows in 10s; 800 left: 80s.
	if left, ok := plan.estimate(); !ok || left != 80*time.Second {
		t.Fatalf("estimate %v %v; want 80s", left, ok)
	}
	if wait != 80*time.Second+pollMargin {
		t.Errorf("next poll in %v; want just after the predicted end", wait)
	}
}
