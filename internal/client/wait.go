package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// IsTerminal reports whether a status is final: StatusCompleted,
// StatusFailed, StatusAborted or StatusCancelled, in any spelling
// NormalizeStatus reads.
func IsTerminal(status string) bool {
	switch NormalizeStatus(status) {
	case StatusCompleted, StatusFailed, StatusAborted, StatusCancelled:
		return true
	}
	return false
}

// WaitForJob polls the summary until a terminal status. When it follows
// rows being processed it polls just after the predicted completion, and
// at most pollNearEnd apart near it; otherwise it backs off from PollMin
// to PollMax (see pollPlan). A 429 that outlasts the request retries is
// waited out (its Retry-After when given) and polling goes on. Each poll
// is logged at INFO with the progress and the estimated time left.
// progress, when not nil, sees every summary. On ctx's end it returns the
// last summary it saw together with ctx.Err().
func (c *Client) WaitForJob(ctx context.Context, id string, progress func(Summary)) (*Summary, error) {
	var last *Summary
	plan := newPollPlan(c.cfg.PollMin, c.cfg.PollMax)
	wait := c.cfg.PollMin
	for {
		summary, err := c.JobSummary(ctx, id)
		if err == nil {
			// Kept even when ctx ended meanwhile: a job that finished is
			// reported as finished, not as still running.
			last = summary
			if progress != nil {
				progress(*summary)
			}
			if IsTerminal(summary.Status) {
				logProgress(ctx, id, summary, plan, 0)
				return summary, nil
			}
		}
		switch {
		case ctx.Err() != nil:
			return last, ctx.Err()
		case err == nil:
			wait = c.politeWait(ctx, plan.observe(c.now(), *summary))
			logProgress(ctx, id, summary, plan, wait)
		case isThrottled(err):
			wait = c.politeWait(ctx, max(wait, throttleWait(err)))
			tflog.Info(ctx, "Zuora is throttling job polling", map[string]interface{}{"job_id": id, "wait_ms": wait.Milliseconds()})
		default:
			return last, err
		}
		if !sleep(ctx, wait) {
			return last, ctx.Err()
		}
	}
}

// logProgress writes one INFO line per poll, so TF_LOG=INFO shows a long
// job moving. The line is built in a fixed order with rounded values, so
// CI logs read and grep alike:
//
//	bulk job progress: job=… status="In Progress" rows=1200/2000 (60%) eta=8s
func logProgress(ctx context.Context, id string, s *Summary, plan *pollPlan, next time.Duration) {
	tflog.Info(ctx, progressLine(id, s, plan, next))
}

func progressLine(id string, s *Summary, plan *pollPlan, next time.Duration) string {
	processed := s.RowsSucceeded + s.RowsFailed
	var b strings.Builder
	fmt.Fprintf(&b, "bulk job progress: job=%s status=%q rows=%d", id, s.Status, processed)
	if s.RowCount > 0 {
		fmt.Fprintf(&b, "/%d (%d%%)", s.RowCount, min(processed*100/s.RowCount, 100))
	}
	if s.RowsFailed > 0 {
		fmt.Fprintf(&b, " failed=%d", s.RowsFailed)
	}
	if left, ok := plan.estimate(); ok && !IsTerminal(s.Status) {
		fmt.Fprintf(&b, " eta=%s", roundedSeconds(left))
	}
	if next > 0 {
		fmt.Fprintf(&b, " next_poll=%s", roundedSeconds(next))
	}
	return b.String()
}

// roundedSeconds shows a duration in whole seconds, at least 1s.
func roundedSeconds(d time.Duration) time.Duration {
	return max(d.Round(time.Second), time.Second)
}

func isThrottled(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusTooManyRequests
}

func throttleWait(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// sleep waits d or until ctx ends; it reports whether the full wait passed.
func sleep(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
