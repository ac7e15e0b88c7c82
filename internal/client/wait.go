package client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// IsTerminal reports whether a status is final: StatusCompleted,
// StatusFailed, StatusAborted or StatusCancelled, in any casing.
func IsTerminal(status string) bool {
	status = strings.TrimSpace(status)
	for _, final := range []string{StatusCompleted, StatusFailed, StatusAborted, StatusCancelled, "Canceled"} {
		if strings.EqualFold(status, final) {
			return true
		}
	}
	return false
}

// WaitForJob polls the summary until a terminal status. The first wait is
// PollMin; each next one grows by a random factor between 1.5 and 2, up to
// PollMax, so that many jobs do not poll in step. A 429 that outlasts the
// request retries is waited out (its Retry-After when given) and polling
// goes on. progress, when not nil, sees every summary. On ctx's end it
// returns the last summary it saw together with ctx.Err().
func (c *Client) WaitForJob(ctx context.Context, id string, progress func(Summary)) (*Summary, error) {
	var last *Summary
	interval := c.cfg.PollMin
	for {
		wait := interval
		summary, err := c.JobSummary(ctx, id)
		switch {
		case ctx.Err() != nil:
			return last, ctx.Err()
		case err == nil:
			last = summary
			if progress != nil {
				progress(*summary)
			}
			if IsTerminal(summary.Status) {
				return summary, nil
			}
		case isThrottled(err):
			wait = max(wait, throttleWait(err))
			tflog.Debug(ctx, "Zuora is throttling job polling", map[string]interface{}{"job_id": id, "wait_ms": wait.Milliseconds()})
		default:
			return last, err
		}
		if !sleep(ctx, wait) {
			return last, ctx.Err()
		}
		interval = nextPollInterval(interval, c.cfg.PollMax)
	}
}

func nextPollInterval(current, limit time.Duration) time.Duration {
	grown := time.Duration(float64(current) * (1.5 + rand.Float64()/2))
	return min(grown, limit)
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
