package client

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// confirmTimeout bounds the summary read that settles a submission or a
// cancel whose answer was an error. It runs even when the caller's context
// was cancelled: a lost answer is often the cancellation itself.
const confirmTimeout = 30 * time.Second

// SubmitOutcome says whether Zuora took a job's submission.
type SubmitOutcome int

const (
	SubmitAccepted    SubmitOutcome = iota // answered, or the summary shows the job past Created (and not Cancelled)
	SubmitRefused                          // the summary shows the job still Created, or Cancelled: it was not submitted
	SubmitUnconfirmed                      // the summary could not be read: nobody can tell
)

// SubmitError is why a submission was refused or is unconfirmed: the
// submission's own error and, when the summary could not be read, why.
type SubmitError struct {
	Err     error
	ReadErr error
}

func (e *SubmitError) Error() string {
	if e.ReadErr != nil {
		return fmt.Sprintf("%v (and its status could not be read: %v)", e.Err, e.ReadErr)
	}
	return e.Err.Error()
}

func (e *SubmitError) Unwrap() error { return e.Err }

// SubmitAndConfirm submits job id. When the answer is an error, the job's
// summary decides whether the submission happened: a job past Created was
// submitted, whatever the error said (the answer was lost). The error is
// a *SubmitError unless the outcome is SubmitAccepted.
func (c *Client) SubmitAndConfirm(ctx context.Context, id string) (SubmitOutcome, error) {
	_, err := c.SubmitJob(ctx, id)
	if err == nil {
		return SubmitAccepted, nil
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), confirmTimeout)
	defer cancel()
	s, serr := c.JobSummary(cctx, id)
	switch {
	case serr != nil:
		return SubmitUnconfirmed, &SubmitError{Err: err, ReadErr: serr}
	case NormalizeStatus(s.Status) == StatusCancelled:
		// Cancelled before Zuora took it (by a person, or by another run
		// that judged it an orphan): never submitted.
		return SubmitRefused, &SubmitError{Err: fmt.Errorf("%w; the job is Cancelled", err)}
	case s.Status != StatusCreated:
		tflog.Warn(ctx, "submission answered with an error, but Zuora shows the job submitted", map[string]any{
			"job_id": id, "status": s.Status, "error": err.Error()})
		return SubmitAccepted, nil
	default:
		return SubmitRefused, &SubmitError{Err: err}
	}
}

// CancelOrAbort stops a job that has not finished. It cancels it; when the
// cancel fails (its answer lost, or refused because the job moved on) the
// summary decides: a job In Progress is aborted when abort is true, and a
// job that stopped or is stopping by itself needs nothing. It returns the
// status the job is known to be in (StatusCancelled after a cancel that
// was answered; "" when the summary could not be read) and the cancel's or
// abort's error when the job was not stopped.
func (c *Client) CancelOrAbort(ctx context.Context, id string, abort bool) (string, error) {
	_, err := c.CancelJob(ctx, id)
	if err == nil {
		return StatusCancelled, nil
	}
	s, serr := c.JobSummary(ctx, id)
	switch {
	case serr != nil:
		return "", err
	case s.Status == StatusInProgress && abort:
		if _, aerr := c.AbortJob(ctx, id); aerr != nil {
			return s.Status, aerr
		}
		return StatusAborting, nil
	case IsTerminal(s.Status) || s.Status == StatusAborting:
		return s.Status, nil // it stopped by itself, or the cancel's answer was lost
	default:
		return s.Status, err
	}
}
