package client

import (
	"testing"
	"time"
)

// A one-hour job must cost fewer than 600 summary calls whatever its
// progress looks like and whatever the poll intervals: API Sandbox
// tenants allow 5,000 API calls an hour, shared by the whole tenant.
func TestPollingAOneHourJobStaysUnder600Calls(t *testing.T) {
	t.Parallel()
	hour := time.Hour
	profiles := map[string]simulatedJob{
		"steady":         {rows: 36_000, rate: constantRate(10)},
		"queued an hour": {start: hour, rows: 10, rate: constantRate(1000)},
		"bursts every other minute": {rows: 18_000, rate: func(e time.Duration) float64 {
			if int(e/time.Minute)%2 == 0 {
				return 10
			}
			return 0
		}},
		"fast start, slow tail": {rows: 6_000 + 354, rate: func(e time.Duration) float64 {
			if e < time.Minute {
				return 100
			}
			return 0.1
		}},
		"rows done, results written for an hour": {rows: 600, rate: constantRate(100), finalize: hour},
	}
	for name, job := range profiles {
		for _, waits := range [][2]time.Duration{{time.Second, 10 * time.Second}, {time.Second, time.Second}, {100 * time.Millisecond, time.Minute}} {
			late, polls, _ := job.run(t, waits[0], waits[1])
			t.Logf("%s, poll interval %v..%v: %d polls", name, waits[0], waits[1], polls)
			if polls >= 600 {
				t.Errorf("%s with poll interval %v..%v: %d polls", name, waits[0], waits[1], polls)
			}
			if polls < 2 || late > 2*time.Minute {
				t.Errorf("%s with poll interval %v..%v: %d polls, completion noticed %v late", name, waits[0], waits[1], polls, late)
			}
		}
	}
}

func TestPollBudgetLetsTheFirstPollsThroughThenPaces(t *testing.T) {
	t.Parallel()
	p := newPollPlan(time.Second, time.Second)
	now := time.Unix(1_700_000_000, 0)
	start := now
	unstretched := 0
	for i := 0; i < 600; i++ {
		w := p.paced(now, time.Second)
		if w == time.Second && unstretched == i {
			unstretched++
		}
		now = now.Add(w)
	}
	if unstretched < pollBurst || unstretched > pollBurst+10 {
		t.Errorf("%d polls a second apart before pacing, want a burst of about %d", unstretched, pollBurst)
	}
	if rate := 600 / now.Sub(start).Hours(); rate > 600 {
		t.Errorf("600 polls took %v: %.0f an hour", now.Sub(start), rate)
	}
}
