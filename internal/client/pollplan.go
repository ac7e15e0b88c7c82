package client

import (
	"math/rand/v2"
	"time"
)

// pollNearEnd is the longest gap between polls once a job is predicted to
// be about to finish, so that its completion is noticed within it.
const pollNearEnd = 2 * time.Second

// pollMargin is how long after the predicted completion the poll lands:
// late enough that a job on schedule is done, early enough to be prompt.
const pollMargin = 250 * time.Millisecond

// pollStalledAfter: a job whose row count has not moved for this long,
// past its predicted end, is stuck or slow to finish rather than about to;
// polling it every pollNearEnd would only spend the tenant's rate limit,
// so the plan backs off towards max again.
const pollStalledAfter = 2 * time.Minute

// pollPlan decides when WaitForJob polls next. Without progress to go on
// it backs off from min towards max. Once summaries show rows being
// processed against a known rowCount, it estimates the rate between polls
// and aims the next poll just after the predicted completion, never more
// than max ahead and never more than pollNearEnd apart once the predicted
// time is near or past.
type pollPlan struct {
	min, max time.Duration
	backoff  time.Duration // the next wait while nothing can be predicted

	seen      bool // a previous progress sample exists
	lastAt    time.Time
	lastRows  int64
	rate      float64 // rows per second, smoothed; 0 until measured
	remaining time.Duration
	estimated bool          // remaining holds a prediction
	overdue   time.Duration // the next wait once the predicted time has passed

	started time.Time // the first poll
	polls   int
}

// The call budget of one job's polling. API Sandbox tenants allow 5,000
// API calls an hour for the whole tenant, shared with every integration
// (docs_guides_rate-limits.md), so one job may not take more than a small
// share however its progress looks: at most pollBurst polls plus one per
// pollBudgetInterval, which is 570 in the first hour, under the 600 the
// provider promises.
const (
	pollBurst          = 30
	pollBudgetInterval = time.Hour / 540
)

// paced stretches wait so that the polls made so far, and the next one,
// stay within the call budget.
func (p *pollPlan) paced(now time.Time, wait time.Duration) time.Duration {
	if p.polls == 0 {
		p.started = now
	}
	p.polls++
	if p.polls < pollBurst {
		return wait
	}
	earliest := p.started.Add(time.Duration(p.polls+1-pollBurst) * pollBudgetInterval)
	return max(wait, earliest.Sub(now))
}

func newPollPlan(minWait, maxWait time.Duration) *pollPlan {
	return &pollPlan{min: minWait, max: max(maxWait, minWait), backoff: minWait}
}

// observe takes a summary seen at now and returns how long to wait
// before the next poll, within the call budget (see paced).
func (p *pollPlan) observe(now time.Time, s Summary) time.Duration {
	return p.paced(now, p.next(now, s))
}

// next is the wait the job's progress asks for.
func (p *pollPlan) next(now time.Time, s Summary) time.Duration {
	done := s.RowsSucceeded + s.RowsFailed
	p.estimated = false
	if s.RowCount <= 0 || done <= 0 {
		return p.backOff()
	}
	if p.seen && done > p.lastRows {
		if dt := now.Sub(p.lastAt).Seconds(); dt > 0 {
			p.measure(float64(done-p.lastRows) / dt)
		}
	}
	if !p.seen || done != p.lastRows {
		// The sample is kept until the count moves, so a poll that sees
		// no new rows stretches the interval the next rate is measured over.
		p.seen, p.lastAt, p.lastRows = true, now, done
	}
	if p.rate <= 0 {
		return p.backOff()
	}
	left := float64(max(s.RowCount-done, 0)) / p.rate
	// Rows processed since the sample was taken count towards the wait.
	p.remaining = max(time.Duration(left*float64(time.Second))-now.Sub(p.lastAt), 0)
	p.estimated = true
	nearEnd := min(pollNearEnd, p.max)
	if p.remaining == 0 {
		if now.Sub(p.lastAt) > pollStalledAfter {
			return p.backOff()
		}
		// Every row is (predicted to be) done but the job is not: Zuora
		// may still be writing result files. Poll from min up to nearEnd.
		wait := max(p.overdue, min(p.min, nearEnd))
		p.overdue = min(nextPollInterval(wait, nearEnd), nearEnd)
		return wait
	}
	p.overdue = 0
	wait := p.remaining + pollMargin
	if p.remaining < nearEnd {
		wait = min(wait, nearEnd)
	}
	return min(wait, p.max)
}

// measure smooths the rate so one uneven interval does not swing the
// prediction, while a lasting change of pace is followed within a few polls.
func (p *pollPlan) measure(rate float64) {
	if p.rate == 0 {
		p.rate = rate
		return
	}
	p.rate = 0.5*p.rate + 0.5*rate
}

// backOff grows the wait by a random factor between 1.5 and 2, up to max,
// so that many jobs do not poll in step.
func (p *pollPlan) backOff() time.Duration {
	wait := p.backoff
	p.backoff = nextPollInterval(p.backoff, p.max)
	return wait
}

// estimate is the predicted time left, when there is one.
func (p *pollPlan) estimate() (time.Duration, bool) { return p.remaining, p.estimated }

func nextPollInterval(current, limit time.Duration) time.Duration {
	grown := time.Duration(float64(current) * (1.5 + rand.Float64()/2))
	return min(grown, limit)
}
