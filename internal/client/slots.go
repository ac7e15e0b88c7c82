package client

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// MaxRunningJobs is Data Loader's tenant-wide limit: "Data Loader allows
// a maximum of five jobs to be submitted at a time"
// (known-behavior-of-data-loader.md). The slots are shared with people
// using the Data Loader UI and with every other workspace and integration
// on the tenant, so a provider run cannot count only its own jobs.
const MaxRunningJobs = 5

// MaxFileBytes is Data Loader's file limit: "The maximum supported file
// size is 300 MB. Files larger than 300 MB are not accepted"
// (known-behavior-of-data-loader.md). The page does not say whether a
// megabyte is 10^6 or 2^20 bytes; the smaller reading is taken, so that no
// file the provider accepts is one Zuora refuses.
const MaxFileBytes int64 = 300 * 1000 * 1000

// slotStatuses are the statuses that hold one of the five slots.
var slotStatuses = []string{StatusSubmitted, StatusInProgress}

// RunningJobs counts the tenant's Submitted and In Progress jobs, by
// anyone, from the job list (one filtered listing per status; a 404 is
// none).
func (c *Client) RunningJobs(ctx context.Context) (int, error) {
	n := 0
	for _, status := range slotStatuses {
		err := c.EachJobSummary(ctx, status, func(s Summary) bool {
			// A server that ignores the filter must not inflate the count.
			// Summaries come with their status spelled once (NormalizeStatus).
			if slices.Contains(slotStatuses, s.Status) {
				n++
			}
			return true
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// WaitForJobSlot returns once fewer than MaxRunningJobs of the tenant's
// jobs are Submitted or In Progress, checking with back-off from PollMin
// to PollMax (longer while the rate limit is low) and saying at INFO why
// it waits. It gives up only when ctx ends (the create timeout) or the
// list cannot be read.
func (c *Client) WaitForJobSlot(ctx context.Context) error {
	wait := c.cfg.PollMin
	said := -1
	for {
		running, err := c.RunningJobs(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return fmt.Errorf("counting the tenant's running bulk jobs (Data Loader runs at most %d at a time): %w", MaxRunningJobs, err)
		}
		if running < MaxRunningJobs {
			return nil
		}
		if running != said {
			tflog.Info(ctx, fmt.Sprintf("waiting for a free Data Loader slot: %d jobs running", running),
				map[string]interface{}{"limit": MaxRunningJobs})
			said = running
		}
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
		wait = c.politeWait(ctx, nextPollInterval(wait, c.cfg.PollMax))
	}
}

// SlotLimitError is a submission Zuora refused because five jobs were
// already running. The job is still Created and must not be cancelled
// for it: submit it again once a slot is free.
type SlotLimitError struct{ Err *Error }

func (e *SlotLimitError) Error() string {
	return fmt.Sprintf("Data Loader runs at most %d jobs at a time and refused the submission: %v", MaxRunningJobs, e.Err)
}

func (e *SlotLimitError) Unwrap() error { return e.Err }

// IsSlotLimit reports whether err is a submission refused for the
// five-job limit.
func IsSlotLimit(err error) bool {
	var e *SlotLimitError
	return errors.As(err, &e)
}

// slotLimitMessage recognises a refusal for the five-job limit. The pages
// do not document its form, so any refusal whose message speaks of a
// limit of five (or of concurrent or running jobs) counts.
var slotLimitMessage = regexp.MustCompile(`(?i)(max(imum)?|limit|at most|only|more than|exceed\w*)\W+(\w+\W+){0,4}?(five|5)\b|concurren\w*\s+(bulk\s+)?(jobs?|submissions?)|too many\s+(\w+\s+)?(jobs|submissions)`)

// asSlotLimit wraps a submission refusal that is about the limit.
func asSlotLimit(err error) error {
	var e *Error
	if !errors.As(err, &e) || e.StatusCode == 0 || e.StatusCode == 401 || e.StatusCode == 403 || e.StatusCode == 404 {
		return err
	}
	for _, r := range e.Reasons {
		if slotLimitMessage.MatchString(r.Message) {
			return &SlotLimitError{Err: e}
		}
	}
	return err
}
