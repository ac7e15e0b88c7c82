package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// The duplicate guard's Terraform half: the rule and the registry are in
// internal/loadguard; here a Finding becomes plan warnings, refusals, the
// wait for a running job, the cleanup of orphans and adoption into state.

// if_already_loaded values.
const (
	alreadyLoadedAdopt = "adopt"
	alreadyLoadedError = "error"
	alreadyLoadedAgain = "load_again"
)

var alreadyLoadedModes = []string{alreadyLoadedAdopt, alreadyLoadedError, alreadyLoadedAgain}

const loadAgainHint = `set if_already_loaded = "load_again" to load it again`

// guarded reports whether the duplicate guard applies to m.
func (r *bulkJobResource) guarded(m bulkJobResourceModel) bool {
	return r.ready() && r.pd.loads.Enabled() && m.IfAlreadyLoaded.ValueString() != alreadyLoadedAgain &&
		!m.SourceSHA256.IsUnknown() && !m.SourceSizeBytes.IsUnknown()
}

// loadIdentity is what makes this resource's load the same as another:
// its object and job type, and its rows (their identity ignores line
// endings and blank lines) as the check of the file noted them by the raw
// SHA-256 that source_sha256 holds.
func (r *bulkJobResource) loadIdentity(m bulkJobResourceModel, obj client.Object) loadguard.Identity {
	objectType := obj.Type
	if objectType == "" {
		objectType = m.ObjectType.ValueString()
	}
	sha := m.SourceSHA256.ValueString()
	file := r.pd.loads.FileOf(sha)
	return loadguard.Identity{
		ObjectType: objectType, JobType: m.JobType.ValueString(),
		SHA256: sha, RowsSHA256: file.RowsSHA256, FileType: m.FileType.ValueString(), HasHeaders: m.csvHasHeaders(),
		Size: m.SourceSizeBytes.ValueInt64(), Rows: file.Rows, Name: m.Name.ValueString(),
	}
}

// guardPlan tells, when a new job is planned, what the tenant already
// holds of this file: what apply will adopt, wait for or cancel, or why
// it refuses.
func (r *bulkJobResource) guardPlan(ctx context.Context, plan bulkJobResourceModel, obj client.Object, diags *diag.Diagnostics) {
	if !r.guarded(plan) {
		return
	}
	f, err := r.pd.loads.Find(ctx, r.loadIdentity(plan, obj), false)
	if err != nil {
		diags.Append(guardFailed(err))
		return
	}
	src := sourceAttr(plan)
	if f.Match != nil {
		verdict := judgeMatch(*f.Match, plan.IfAlreadyLoaded.ValueString(), src)
		diags.Append(verdict)
		if verdict.Severity() == diag.SeverityWarning {
			r.notePlannedHolder(f.Match.ID, plannedAdoption, plan, diags) // a destroy in this plan may tear it down
		}
	}
	diags.Append(refuseUnconfirmed(f.Unconfirmed, src)...)
	for _, s := range f.Running {
		diags.AddAttributeWarning(src, "A job that may hold this file is still running",
			fmt.Sprintf("%s loads the same object with the same job type and has not finished, so Zuora cannot show its file yet. "+
				"Apply waits for it (within the create timeout) and compares its file's SHA-256 with this one before loading anything; "+
				"%s.", describeJob(s), loadAgainHint))
	}
	if f.Match == nil {
		for _, s := range f.Orphans {
			diags.AddAttributeWarning(src, "An unsubmitted job of this file may be cancelled",
				fmt.Sprintf("%s carries this file's marker and was never submitted, so it holds no data. If this provider's Zuora "+
					"user created it, an earlier apply left it behind and apply cancels it; otherwise apply leaves it alone.", describeJob(s)))
		}
		for _, s := range f.Unsubmitted {
			diags.AddAttributeWarning(src, "An unsubmitted job with this name is left alone",
				fmt.Sprintf("%s has this resource's name but not this file's marker and was never submitted: a person may be "+
					"preparing it, so apply leaves it alone.", describeJob(s)))
		}
	}
}

// judgeMatch says what becomes of a job that already holds the file.
func judgeMatch(s client.Summary, mode string, src path.Path) diag.Diagnostic {
	status := s.Status
	switch {
	case status == client.StatusAborted || status == client.StatusFailed:
		return diag.NewAttributeErrorDiagnostic(src, "This file was partly loaded already",
			fmt.Sprintf("%s holds this file (same object, job type and rows) and stopped after loading %d rows. "+
				"Loading the file again would load those rows twice. Load only the remaining rows in a new resource, or %s.",
				describeJob(s), s.RowsSucceeded, loadAgainHint))
	case mode == alreadyLoadedError:
		return diag.NewAttributeErrorDiagnostic(src, "This file was loaded already",
			fmt.Sprintf("%s holds this file (same object, job type and rows), and if_already_loaded is \"error\". "+
				"Set if_already_loaded = \"adopt\" to record that job in this resource, or %s.", describeJob(s), loadAgainHint))
	default:
		return diag.NewAttributeWarningDiagnostic(src, "This file was loaded already",
			fmt.Sprintf("%s holds this file (same object, job type and rows): apply adopts it instead of loading the file again; %s.",
				describeJob(s), loadAgainHint))
	}
}

// refuseUnconfirmed: a job with this object, job type and row count that
// loaded rows may hold this file, and Zuora does not provide its file, so
// loading again could load those rows twice.
func refuseUnconfirmed(jobs []client.Summary, src path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, s := range jobs {
		if s.Status == client.StatusCompleted {
			// Zuora keeps uploaded, success and failure files 12 months
			// (known behaviour), longer than duplicate_check_days may look.
			diags.AddAttributeError(src, "A job that may hold this file has no file in Zuora",
				fmt.Sprintf("%s loads the same object with the same job type and row count, and Zuora does not provide the file it "+
					"loaded, although Zuora keeps loaded files 12 months. Whether it holds this file cannot be told; loading the "+
					"file again could load its %d rows twice. Check that job in Zuora's Data Loader, then %s.",
					describeJob(s), s.RowsSucceeded, loadAgainHint))
			continue
		}
		diags.AddAttributeError(src, "A job that may hold this file stopped after loading rows",
			fmt.Sprintf("%s loads the same object with the same job type and row count, and stopped after loading %d rows. "+
				"Zuora does not provide its file, so whether it holds this one cannot be told; loading the file again could load "+
				"those rows twice. Load only the remaining rows in a new resource, or %s.", describeJob(s), s.RowsSucceeded, loadAgainHint))
	}
	return diags
}

func guardFailed(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("if_already_loaded"), "Cannot check for an earlier load of this file",
		err.Error()+"\n\nNothing was loaded. Try again, or set if_already_loaded = \"load_again\" (or the provider's duplicate_check_days = 0) to skip the check.")
}

// guardCreate runs the guard right before a job is created, against a
// fresh listing, within ctx (which the create timeout bounds). It returns
// true when it settled the resource: adopted a job, or refused. Jobs still
// running are waited for first, since only a finished job shows its file;
// so is a job of this file another run created and may still be
// uploading to. Otherwise it returns the unsubmitted jobs it left for
// cancelOrphans, which can tell this provider's only once it has created
// a job of its own.
func (r *bulkJobResource) guardCreate(ctx context.Context, timeout time.Duration, m *bulkJobResourceModel, obj client.Object, diags *diag.Diagnostics) (bool, loadguard.Finding) {
	if !r.guarded(*m) {
		return false, loadguard.Finding{}
	}
	id := r.loadIdentity(*m, obj)
	f, err := r.pd.loads.Find(ctx, id, true)
	for err == nil && f.Match == nil && len(f.Running) > 0 {
		s := f.Running[0]
		tflog.Info(ctx, "a job that may hold this file is still running; waiting for it", map[string]any{"job_id": s.ID, "status": s.Status})
		last, werr := r.pd.waitForCandidate(ctx, s)
		if werr != nil || last == nil {
			diags.Append(stillRunning(s, waitEndedSaid(werr, timeout), sourceAttr(*m)))
			return true, f
		}
		seen := *last
		seen.ID = s.ID // so the list holds it as it is now, and it is not waited for again
		r.pd.loads.Seen(seen)
		f, err = r.pd.loads.Find(ctx, id, false)
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w (the %s create timeout ran out)", err, timeout)
		}
		diags.Append(guardFailed(err))
		return true, f
	}
	if refusal := refuseUnconfirmed(f.Unconfirmed, sourceAttr(*m)); refusal.HasError() {
		diags.Append(refusal...)
		return true, f
	}
	if f.Match == nil {
		return false, f
	}
	verdict := judgeMatch(*f.Match, m.IfAlreadyLoaded.ValueString(), sourceAttr(*m))
	if verdict.Severity() == diag.SeverityError {
		diags.Append(verdict)
		return true, f
	}
	r.adopt(ctx, timeout, m, *f.Match, diags)
	return true, f
}

// waitForCandidate waits for a job that may hold this file to finish. A
// job another run created and has not submitted is waited for only while
// that run may still be uploading (loadguard.InFlightWindow): once older,
// the wait ends with the job still Created, and the guard judges it an
// orphan. It returns the job as last seen, or an error when the wait
// ended another way.
func (pd *providerData) waitForCandidate(ctx context.Context, s client.Summary) (*client.Summary, error) {
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	abandoned := false
	last, err := pd.client.WaitForJob(wctx, s.ID, func(now client.Summary) { // the client logs progress per poll
		if now.Status == client.StatusCreated && !loadguard.InFlight(now, time.Now()) {
			abandoned = true
			stop()
		}
	})
	switch {
	case abandoned && last != nil:
		tflog.Info(ctx, "the job was never submitted within the time an upload can take; it is no run's in flight",
			map[string]any{"job_id": s.ID})
		return last, nil
	case err == nil && last != nil && client.IsTerminal(last.Status):
		return last, nil
	case err == nil:
		err = errors.New("the job did not finish")
	}
	return nil, err
}

// stillRunning: the guard stopped waiting for a job that may hold this
// file, or that another run may still be uploading this file to.
func stillRunning(s client.Summary, why string, src path.Path) diag.Diagnostic {
	if s.Status == client.StatusCreated {
		return diag.NewAttributeErrorDiagnostic(src, "Another run may be loading this file",
			fmt.Sprintf("%s carries this file's marker and was created %s ago by a run that may still be uploading to it; "+
				"it was waited for, never cancelled, and was not submitted (%s). Nothing was loaded. Apply again: once it is "+
				"older than %s without being submitted, it counts as left behind, and apply cancels it if this provider's "+
				"Zuora user created it. Or %s.", describeJob(s), time.Since(s.CreatedAt).Round(time.Second), why,
				loadguard.InFlightWindow, loadAgainHint))
	}
	return diag.NewAttributeErrorDiagnostic(src, "A job that may hold this file is still running",
		fmt.Sprintf("%s has not finished (%s), so whether it holds this file cannot be told yet. Nothing was loaded. "+
			"Apply again once it has finished, or %s.", describeJob(s), why, loadAgainHint))
}

func waitEndedSaid(err error, timeout time.Duration) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("the %s create timeout ran out", timeout)
	case err == nil || errors.Is(err, context.Canceled):
		return "the wait was interrupted"
	}
	return err.Error()
}

// adopt makes an earlier job holding the same file this resource's job,
// filling state as import does and waiting for it if it still runs.
func (r *bulkJobResource) adopt(ctx context.Context, timeout time.Duration, m *bulkJobResourceModel, s client.Summary, diags *diag.Diagnostics) {
	m.ID = types.StringValue(s.ID)
	if fresh, err := r.pd.client.JobSummary(ctx, s.ID); err == nil {
		s = *fresh
	}
	tflog.Info(ctx, "adopting the bulk job that already holds this file", map[string]any{"job_id": s.ID, "status": s.Status})
	diags.AddAttributeWarning(sourceAttr(*m), "Adopted an earlier load of this file",
		fmt.Sprintf("%s already holds this file (same object, job type and rows). This resource now records that job; "+
			"nothing was loaded again. To load the file again, %s.", describeJob(s), `set if_already_loaded = "load_again"`))
	m.setSummary(&s)
	r.claimJob(*m, diags) // no destroy in this run deletes its records now
	var outcome diag.Diagnostics
	switch {
	case !client.IsTerminal(m.Status.ValueString()) && m.WaitForCompletion.ValueBool():
		r.waitAndSettle(ctx, timeout, m, &outcome)
	case !client.IsTerminal(m.Status.ValueString()):
		r.recordCurrent(ctx, m, &outcome)
	default:
		r.settle(ctx, m, &outcome)
	}
	diags.Append(withNote(outcome, fmt.Sprintf("Bulk job %s was adopted: it is the load of this file, and its outcome is final. "+
		"Applying again reports the same outcome and loads nothing. To move on, fix the failed rows and load only them "+
		"in a new resource, or accept the result by raising max_failed_rows.", s.ID))...)
}

// cancelOrphans deals with the never-submitted jobs Find left, once this
// run has created a job and so knows the provider's Zuora user: an
// orphan of this provider (loadguard's IsOrphan: this file's marker, the
// same createdBy, older than an upload can take) holds no data and is
// cancelled; any other may be a person's, and is left alone and named.
// One that cannot be cancelled stops the create (false), so that the
// next apply tries again rather than leave it behind.
func (r *bulkJobResource) cancelOrphans(ctx context.Context, ownID string, id loadguard.Identity, f loadguard.Finding, diags *diag.Diagnostics) bool {
	if len(f.Orphans) > 0 {
		r.learnUser(ctx, ownID)
	}
	for _, s := range f.Orphans {
		if s.CreatedBy == "" { // lean list entries do not say who made a job
			if full, err := r.pd.client.JobSummary(ctx, s.ID); err == nil {
				s.CreatedBy, s.Status = full.CreatedBy, full.Status
			}
		}
		if !r.pd.loads.IsOrphan(s, id, time.Now()) {
			noteLeftAlone(ctx, s, orphanDoubt(s, r.pd.loads.User()), diags)
			continue
		}
		// Only a job Zuora shows cancelled is gone: one that moved on may
		// hold this file, and the next apply's guard judges it.
		if status, err := r.pd.client.CancelOrAbort(ctx, s.ID, false); status != client.StatusCancelled {
			if err == nil {
				err = fmt.Errorf("it is now %s", status)
			}
			diags.AddAttributeError(path.Root("name"), "Cannot cancel an unsubmitted bulk job",
				fmt.Sprintf("%s carries this file's marker, was created by this provider's Zuora user and never submitted; "+
					"an earlier apply left it behind. Cancelling it failed: %v. Nothing was loaded; apply again.", describeJob(s), err))
			return false
		}
		tflog.Info(ctx, "cancelled an unsubmitted bulk job an earlier apply left behind", map[string]any{"job_id": s.ID})
		s.Status = client.StatusCancelled
		r.pd.loads.Seen(s)
	}
	for _, s := range f.Unsubmitted {
		noteLeftAlone(ctx, s, "has this resource's name but not the marker of this file", diags)
	}
	return true
}

// orphanDoubt says why an old unsubmitted job of this file is not known
// to be this provider's.
func orphanDoubt(s client.Summary, user string) string {
	switch {
	case s.Status != client.StatusCreated:
		return "is now " + s.Status
	case user == "" || s.CreatedBy == "":
		return "Zuora did not say who created it, or which user this provider is"
	default:
		return fmt.Sprintf("was created by another Zuora user (%s)", s.CreatedBy)
	}
}

// describeJob names a job with the facts a user needs to recognise it.
func describeJob(s client.Summary) string {
	created := "at an unknown time"
	if !s.CreatedAt.IsZero() {
		created = s.CreatedAt.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("bulk job %s (%q, %s, %d rows loaded of %d, created %s)",
		s.ID, s.Name, s.Status, s.RowsSucceeded, s.RowCount, created)
}
