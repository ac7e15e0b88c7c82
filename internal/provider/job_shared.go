package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// What every resource that runs jobs shares (zuora_bulk_job, and
// zuora_bulk_dataset through job_runner.go): the provider's job slots,
// the submission that waits for one of Zuora's five, cancelling a job
// that was never submitted, and the id field Delete jobs take.

// acquireJobSlot waits for one of the provider's max_concurrent_jobs.
func (pd *providerData) acquireJobSlot(ctx context.Context) (release func(), err error) {
	slots := pd.jobSlots
	if slots == nil {
		return func() {}, nil
	}
	if !slots.TryAcquire(1) {
		tflog.Info(ctx, "waiting for a free job slot (max_concurrent_jobs)")
		if err := slots.Acquire(ctx, 1); err != nil {
			return nil, err
		}
		tflog.Info(ctx, "got a job slot")
	}
	return func() { slots.Release(1) }, nil
}

// submitJob submits a job once Data Loader has a free slot: five jobs
// run at a time across the tenant (client.MaxRunningJobs), shared with
// people and other workspaces. While five run, the job stays Created and
// the client waits with back-off and says so at INFO. A submission refused
// for the limit sends the job back to waiting, never to a cancellation.
// The error of SubmitRefused is a *slotWaitError when no slot came free
// before ctx ended, else a *client.SubmitError, as is SubmitUnconfirmed's.
//
// reclaim, when not nil, is asked before each attempt whether the job is
// still the load (claimAgain); a winner it names ends the submission with
// a *claimLostError, the job unsubmitted.
func (pd *providerData) submitJob(ctx context.Context, id string, reclaim func(context.Context) (*client.Summary, error)) (client.SubmitOutcome, error) {
	for attempt := 1; ; attempt++ {
		if err := pd.client.WaitForJobSlot(ctx); err != nil {
			return client.SubmitRefused, &slotWaitError{err}
		}
		if reclaim != nil {
			winner, err := reclaim(ctx)
			if err != nil {
				return client.SubmitRefused, fmt.Errorf("cannot tell whether another run is loading the same rows: %w", err)
			}
			if winner != nil {
				return client.SubmitRefused, &claimLostError{Winner: *winner}
			}
		}
		outcome, err := pd.client.SubmitAndConfirm(client.WithKeyAttempt(ctx, attempt), id)
		if outcome != client.SubmitRefused || !client.IsSlotLimit(err) {
			if err == nil {
				tflog.Info(ctx, "bulk job submitted", map[string]any{"job_id": id})
			}
			return outcome, err
		}
		tflog.Info(ctx, "Zuora refused the submission for the five-job limit; the job stays Created and waits for a free slot",
			map[string]any{"job_id": id, "attempt": attempt})
		select { // an ended context is reported by WaitForJobSlot
		case <-ctx.Done():
		case <-time.After(slotRetryDelay(attempt)):
		}
	}
}

// claimAgain is submitJob's reclaim for a job that won the claim on
// identity id (loadguard.Claim): once the job has waited Created so long
// that other runs take it for an orphan (loadguard.InFlightWindow, less a
// minute), the claim is made again before each submission, and a job
// another run submitted meanwhile is the load (nil: this one still is).
func (pd *providerData) claimAgain(id loadguard.Identity, own client.Summary, createdLocally time.Time) func(context.Context) (*client.Summary, error) {
	if pd.loads == nil {
		return nil
	}
	return func(ctx context.Context) (*client.Summary, error) {
		if time.Since(createdLocally) < loadguard.InFlightWindow-time.Minute {
			return nil, nil
		}
		winner, err := pd.loads.Claim(ctx, id, own, createdLocally)
		if err != nil || winner.ID == own.ID {
			return nil, err
		}
		return &winner, nil
	}
}

// yieldLoad cancels this run's job own, which another run's job winner
// beat to the load (loadguard.Claim); the caller adopts winner.
func (pd *providerData) yieldLoad(ctx context.Context, own, winner client.Summary, diags *diag.Diagnostics) {
	tflog.Info(ctx, "another run claimed this load first: cancelling this run's job and adopting that run's",
		map[string]any{"job_id": own.ID, "winner": winner.ID})
	pd.cancelUnsubmitted(ctx, own.ID, diags)
	own.Status = client.StatusCancelled
	pd.loads.Seen(own)
}

// claimLostError: while this run's job waited for a slot, another run's
// job of the same rows was submitted; that one is the load, and this
// run's job was not submitted.
type claimLostError struct{ Winner client.Summary }

func (e *claimLostError) Error() string {
	return fmt.Sprintf("while this job waited for a free slot, another run submitted bulk job %s with the same rows", e.Winner.ID)
}

// slotWaitError: no Data Loader slot came free before the context ended.
type slotWaitError struct{ err error }

func (e *slotWaitError) Error() string {
	said := e.err.Error()
	if errors.Is(e.err, context.DeadlineExceeded) {
		said = "none came free before the timeout (timeouts.create, or timeouts.update for a resumed wait) ran out"
	}
	return fmt.Sprintf("waited for a free Data Loader slot (Zuora runs at most %d jobs at a time across the tenant) and %s",
		client.MaxRunningJobs, said)
}

func (e *slotWaitError) Unwrap() error { return e.err }

// slotRetryDelay spaces submissions that Zuora refused for the limit
// while the list showed a free slot: 1 s, 2 s, 4 s … up to 30 s.
func slotRetryDelay(attempt int) time.Duration {
	return min(time.Second<<min(attempt-1, 5), 30*time.Second)
}

// cancelUnsubmitted cancels a job that was never submitted, so a failed
// apply leaves no orphan behind. It runs even after ctx was cancelled.
func (pd *providerData) cancelUnsubmitted(ctx context.Context, id string, diags *diag.Diagnostics) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if _, err := pd.client.CancelOrAbort(cctx, id, false); err != nil {
		// Logged too: some callers have no diagnostics to show it in.
		tflog.Warn(ctx, "cannot cancel the unsubmitted bulk job", map[string]any{"job_id": id, "error": err.Error()})
		diags.AddWarning("Cannot cancel the unsubmitted bulk job",
			fmt.Sprintf("Bulk job %s was created but not submitted, and cancelling it failed: %v. It holds no data; Zuora discards it.", id, err))
		return
	}
	tflog.Info(ctx, "unsubmitted bulk job cancelled", map[string]any{"job_id": id})
}

// deleteIDField is the name the object's Delete metadata gives the record
// id ("Id" or "id"). Metadata that needs more than the id cannot be
// satisfied from the success rows.
func (pd *providerData) deleteIDField(ctx context.Context, obj client.Object) (string, error) {
	meta, err := pd.client.ObjectFields(ctx, obj.Name, "Delete")
	if err != nil {
		return "", fmt.Errorf("reading %s's Delete field metadata: %w", obj.Type, err)
	}
	idField := ""
	var others []string
	for _, f := range meta.Fields {
		switch {
		case strings.EqualFold(f.Name, "id"):
			idField = f.Name
		case f.Node.Kind == fieldmeta.KindLeaf && f.Node.Required:
			others = append(others, f.Name)
		}
	}
	switch {
	case idField == "":
		return "", fmt.Errorf("%s's Delete field metadata has no Id field, so its records cannot be deleted by id", obj.Type)
	case len(others) > 0:
		return "", fmt.Errorf("%s's Delete jobs also require %s, which the import's success rows cannot supply", obj.Type, strings.Join(others, ", "))
	}
	return idField, nil
}
