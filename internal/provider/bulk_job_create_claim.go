package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// Between create and submit: learn who this provider is in Zuora, settle
// which of several racing runs loads the file, and submit when Data
// Loader has a free slot.

// learnUser reads a job this run created, once per run: its createdBy is
// the provider's Zuora user, what tells an orphan of this provider from a
// person's job. A failed read costs only that knowledge.
func (r *bulkJobResource) learnUser(ctx context.Context, ownID string) {
	if r.pd.loads.User() != "" {
		return
	}
	s, err := r.pd.client.JobSummary(ctx, ownID)
	if err != nil {
		tflog.Debug(ctx, "cannot read the job just created; the provider's Zuora user stays unknown", map[string]any{"job_id": ownID, "error": err.Error()})
		return
	}
	r.pd.loads.SetUser(s.CreatedBy)
}

// claimLost runs the claim after the upload: when another run's job is
// the load of this file, this run's job is cancelled and the winner
// adopted (waited for as import would). It returns true when it settled
// the resource, which m then describes; false when this run submits.
func (r *bulkJobResource) claimLost(ctx context.Context, timeout time.Duration, m *bulkJobResourceModel, obj client.Object,
	own client.Summary, createdLocally time.Time, diags *diag.Diagnostics) bool {
	if !r.guarded(*m) {
		return false
	}
	winner, err := r.pd.loads.Claim(ctx, r.loadIdentity(*m, obj), own, createdLocally)
	if err != nil {
		r.pd.cancelUnsubmitted(ctx, own.ID, diags)
		diags.AddError("Cannot tell whether another run is loading this file",
			fmt.Sprintf("Bulk job %s was created and its file uploaded, but %v. It has been cancelled so that the file is not "+
				"loaded twice; nothing was loaded. Apply again.", own.ID, timeoutSaid(err, timeout)))
		return true
	}
	if winner.ID == own.ID {
		return false
	}
	r.yieldTo(ctx, timeout, m, own, winner, diags)
	return true
}

// yieldTo gives the load to winner and adopts it (waited for as import
// would).
func (r *bulkJobResource) yieldTo(ctx context.Context, timeout time.Duration, m *bulkJobResourceModel, own, winner client.Summary, diags *diag.Diagnostics) {
	r.pd.yieldLoad(ctx, own, winner, diags)
	r.adopt(ctx, timeout, m, winner, diags)
}

// submit submits the job through providerData.submitJob and reports
// what did not happen as diagnostics. ifRefused says what becomes of a
// job that was not submitted. reclaim is submitJob's (claimAgain); the
// winner it found, if any, is returned with SubmitRefused and no
// diagnostic: the caller cancels the job and adopts the winner.
func (r *bulkJobResource) submit(ctx context.Context, id, ifRefused string, reclaim func(context.Context) (*client.Summary, error),
	diags *diag.Diagnostics) (client.SubmitOutcome, *client.Summary) {
	outcome, err := r.pd.submitJob(ctx, id, reclaim)
	var failed *client.SubmitError
	var slot *slotWaitError
	var lost *claimLostError
	switch {
	case errors.As(err, &lost):
		return outcome, &lost.Winner
	case errors.As(err, &slot):
		diags.AddError("Bulk job not submitted", fmt.Sprintf("Bulk job %s %v. %s", id, slot, ifRefused))
	case !errors.As(err, &failed):
		if err != nil { // the client's contract says SubmitError; never drop an error
			diags.AddError("Cannot submit bulk job", fmt.Sprintf("Bulk job %s: %v. %s", id, err, ifRefused))
		}
	case outcome == client.SubmitRefused:
		diags.AddError("Cannot submit bulk job", fmt.Sprintf("Bulk job %s was not submitted: %v. %s", id, failed.Err, ifRefused))
	case outcome == client.SubmitUnconfirmed:
		diags.AddWarning("Bulk job submission unconfirmed",
			fmt.Sprintf("Submitting bulk job %s failed (%v) and its status could not be read (%v). "+
				"Zuora may or may not have accepted it. The job is saved in state so that it is never submitted twice: "+
				"the next apply checks its status and submits it only if Zuora did not take it.", id, failed.Err, failed.ReadErr))
	}
	return outcome, nil
}

// timeoutSaid words an error that may be the create timeout running out.
func timeoutSaid(err error, timeout time.Duration) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("the %s create timeout ran out", timeout)
	}
	return err.Error()
}

// noteLeftAlone says that a Created job that may be a person's was left
// alone, at INFO and as a warning naming it.
func noteLeftAlone(ctx context.Context, s client.Summary, why string, diags *diag.Diagnostics) {
	tflog.Info(ctx, "left an unsubmitted bulk job alone: "+why, map[string]any{"job_id": s.ID, "name": s.Name})
	diags.AddWarning("An unsubmitted bulk job was left alone",
		fmt.Sprintf("%s was never submitted and %s, so it may be a person's or another run's: the provider leaves it alone. "+
			"It holds no data; cancel it in Zuora if nobody needs it.", describeJob(s), why))
}

// cancelLostCreate: a create whose answer never came (a timeout, a reset)
// may have made the job all the same, which other runs would take for a
// run in flight and wait for. Its name carries this attempt's marker, so
// the job list shows it, and only it, among the jobs of runs loading the
// same file at the same moment; a Created one is cancelled.
func (pd *providerData) cancelLostCreate(ctx context.Context, name string, diags *diag.Diagnostics) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	jobs, err := pd.client.ListRecentJobSummaries(cctx, time.Now().Add(-loadguard.InFlightWindow), nil)
	if err != nil {
		tflog.Debug(ctx, "cannot list the jobs to find one a failed create may have made", map[string]any{"error": err.Error()})
		return
	}
	for _, s := range jobs {
		if s.Name == name && s.Status == client.StatusCreated {
			tflog.Info(ctx, "the create's answer was lost, but Zuora made the job: cancelling it", map[string]any{"job_id": s.ID})
			pd.cancelUnsubmitted(ctx, s.ID, diags)
		}
	}
}
