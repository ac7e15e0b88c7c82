package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// Running a job whose file the provider writes itself, exactly once.
//
// The file is generated deterministically from what the caller knows
// (rows and state), so a run killed at any point generates the same bytes
// on the next apply. The job's name carries the file's SHA-256, so the
// tenant's job list says which jobs hold these bytes: one still Created
// and older than an upload can take (loadguard.InFlightWindow) was never
// submitted and is cancelled; a younger one belongs to a run in flight
// (another workspace or state applying the same rows) and is waited for,
// never cancelled; one submitted, running or finished, not yet
// accounted for by the caller and not older than a job the caller had
// recorded before (generatedJob.superseded) is adopted instead of sending
// the rows again. The duplicate guard (loadguard) is asked as well, so a job of the
// same identity under another name is adopted too.
//
// Two runs that both find nothing both create a job: the name ends in the
// load's marker (loadguard.MarkedName, read back with UnmarkedName), and
// after the upload, before the submission, loadguard's Claim ranks the
// jobs that carry it. The earliest claim submits; every other run cancels
// its own job and adopts the winner. This holds with duplicate_check_days
// = 0 too: the claim lists the jobs of the last InFlightWindow at least.
// Requests carry idempotency keys derived from the marked name (so its
// attempt) and the newest earlier job of that name, so a repeat whose
// answer was lost is answered with the original, and a deliberate new
// attempt, or another run's, gets a key of its own.
//
// zuora_bulk_dataset runs its Delete, Update and Import jobs here. The
// zuora_bulk_job teardown (bulk_job_delete_teardown.go) follows the same
// rule with its own code; it, and the job resource's create flow, should
// move onto this runner. Both already share the job slots, the submission
// and the cancelling of an unsubmitted job (job_shared.go).

// generatedJob is one job to run with a generated file: JSON lines, or
// CSV with a header row when FileType says so.
type generatedJob struct {
	ObjectType  string // as create-job takes it
	JobType     string // Import, Update, Delete
	Label       string // who runs it and why, e.g. "dataset Account/accountNumber update"
	Description string
	File        []byte
	Rows        int64
	FileType    string                 // "" for JSON lines, or client.FileTypeCSV
	Delimiter   string                 // CSV: as create-job takes it; "" for a comma
	Mappings    []client.ColumnMapping // create-job's mappings, if any
	// Accounted reports a job whose outcome the caller has recorded
	// already: it is not adopted again (its failed rows may be sent anew).
	// nil: none is.
	Accounted func(id string) bool
	// RecordedBefore reports a job the caller had recorded before this
	// run began (superseded). nil: none.
	RecordedBefore func(id string) bool
	// Undone reports an earlier job whose effect a later job in jobs
	// undid (a dataset destroyed with its records): it is not adopted,
	// whether found by its name or by the duplicate guard. nil: none is.
	Undone func(s client.Summary, jobs []client.Summary) bool
}

func (g generatedJob) accounted(id string) bool { return g.Accounted != nil && g.Accounted(id) }

func (g generatedJob) undone(s client.Summary, jobs []client.Summary) bool {
	return g.Undone != nil && g.Undone(s, jobs)
}

// superseded: s was created before a job in jobs that the caller had
// recorded before this run began, so it is no interrupted run of this one
// (that would be newer) but an earlier load of the same bytes, whose
// effect later jobs may have changed: an Update that set a value back,
// say, before a dataset rebuilt by terraform import sets it again.
// Adopting it would skip rows that must be sent. Jobs this run recorded
// do not count: another run's job of the same rows, racing with this
// one, may be older than they are, and is adopted rather than sent twice.
func (g generatedJob) superseded(s client.Summary, jobs []client.Summary) bool {
	if g.RecordedBefore == nil || s.CreatedAt.IsZero() { // a time Zuora did not give is no age: kept, as loadguard.InFlight keeps it
		return false
	}
	for _, j := range jobs {
		if g.RecordedBefore(j.ID) && s.CreatedAt.Before(j.CreatedAt) {
			return true
		}
	}
	return false
}

// name is the job's name: the label and the file's SHA-256 prefix.
func (g generatedJob) name(sha string) string { return g.Label + " " + sha[:16] }

// ranJob is what runGeneratedJob did: the finished job and whether it was
// an earlier one, adopted.
type ranJob struct {
	*client.Summary
	Adopted bool
}

// runGeneratedJob finds or runs the job and waits for it to finish. An
// error says what was (not) sent; the caller reads the job's result files.
func (pd *providerData) runGeneratedJob(ctx context.Context, g generatedJob) (ranJob, error) {
	sum := sha256.Sum256(g.File)
	sha := hex.EncodeToString(sum[:])
	name := g.name(sha)
	id := loadguard.Identity{ObjectType: g.ObjectType, JobType: g.JobType, SHA256: sha, Size: int64(len(g.File)), Rows: g.Rows, Name: name}
	if pd.loads.Enabled() {
		defer pd.loads.Lock(id)()
	}
	earlier, after, err := pd.findEarlier(ctx, g, name, id)
	if err != nil {
		return ranJob{}, err
	}
	jobID := ""
	if earlier != nil {
		jobID = earlier.ID
		tflog.Info(ctx, "adopting an earlier job with the same file", map[string]any{"job_id": jobID, "name": name, "status": earlier.Status})
	} else {
		// The attempt is in the marked name, and so in the key: a retry
		// within this run is answered with the original create, while
		// another run racing on the same file makes a job of its own,
		// which the claim then settles.
		marked := loadguard.MarkedName(name, sha, loadguard.NewAttempt(), false)
		var won *client.Summary
		if jobID, won, err = pd.createGenerated(client.WithIdempotencyKey(ctx, "zuora-tf "+marked+" after "+after), g, marked, id); err != nil {
			return ranJob{}, err
		}
		if won != nil {
			jobID, earlier = won.ID, won
		}
	}
	done, err := pd.waitForCandidate(ctx, client.Summary{ID: jobID})
	if err == nil && done.Status == client.StatusCreated {
		err = fmt.Errorf("the run that created it has not submitted it within %s", loadguard.InFlightWindow)
	}
	if err != nil {
		return ranJob{}, fmt.Errorf("waiting for %s job %s failed: %w. It may still be running; "+
			"apply again to wait for it (it is found by its name, %q, and never submitted twice)", g.JobType, jobID, err, name)
	}
	pd.loads.Seen(*done)
	return ranJob{Summary: done, Adopted: earlier != nil}, nil
}

// findEarlier is the job that already loads this file, if any: one named
// for it (findGenerated), else one the duplicate guard finds. A Created
// job named for it and younger than an upload can take belongs to a run
// in flight (another workspace or state applying the same dataset): it is
// waited for, never cancelled, and looked at again once it was submitted
// or grew old. It also returns the newest earlier job's id, for the
// idempotency key.
func (pd *providerData) findEarlier(ctx context.Context, g generatedJob, name string, id loadguard.Identity) (*client.Summary, string, error) {
	for {
		earlier, after, young, jobs, err := pd.findGenerated(ctx, g, name)
		if err != nil {
			return nil, "", err
		}
		// Jobs seen now, before this run creates its own, are judged
		// here: once finished they are no claims (loadguard/claim.go).
		pd.loads.NoteJudged(id, jobs)
		if earlier == nil && len(young) == 0 && pd.loads.Enabled() {
			f, err := pd.loads.Find(ctx, id, true)
			if err != nil {
				return nil, "", err
			}
			if f.Match != nil && !g.accounted(f.Match.ID) && !g.undone(*f.Match, jobs) && !g.superseded(*f.Match, jobs) {
				earlier = f.Match
			}
		}
		if earlier != nil || len(young) == 0 {
			return earlier, after, nil
		}
		tflog.Info(ctx, "another run is creating the job of this file; waiting for it", map[string]any{"job_id": young[0].ID, "name": name})
		if _, err := pd.waitForCandidate(ctx, young[0]); err != nil {
			return nil, "", fmt.Errorf("waiting for %s job %s, which another run created for the same rows and has not submitted yet: %w. "+
				"Nothing was sent; apply again", g.JobType, young[0].ID, err)
		}
	}
}

// findGenerated lists the jobs named name (with or without the claim's
// marker): it returns the one to adopt (submitted, running or finished,
// not accounted for, not undone and not superseded), the newest of the others' ids (for
// the next idempotency key), the young Created ones (a run in flight
// uploads to them: loadguard.InFlight) and the list. An older Created
// one was never submitted and its run is gone: it is cancelled, so only
// one job ever runs.
func (pd *providerData) findGenerated(ctx context.Context, g generatedJob, name string) (*client.Summary, string, []client.Summary, []client.Summary, error) {
	jobs, err := pd.client.ListRecentJobSummaries(ctx, pd.generatedJobsSince(), nil)
	if err != nil {
		return nil, "", nil, nil, fmt.Errorf("listing the tenant's bulk jobs to find an earlier %q: %w. Nothing was sent", name, err)
	}
	after, newest := "none", time.Time{}
	var adopt *client.Summary
	var young []client.Summary
	now := time.Now()
	for i := range jobs {
		j := &jobs[i]
		// The name carries the job type and the file's hash; a lean list
		// entry may lack the job type itself.
		if loadguard.UnmarkedName(j.Name) != name {
			continue
		}
		if !j.CreatedAt.Before(newest) {
			after, newest = j.ID, j.CreatedAt
		}
		if j.Status == client.StatusCreated && !loadguard.InFlight(*j, now) {
			status, err := pd.client.CancelOrAbort(ctx, j.ID, false)
			if status == "" || status == client.StatusCreated {
				return nil, "", nil, nil, fmt.Errorf("cancelling the unsubmitted job %s an earlier apply left failed (%v); nothing was sent: apply again", j.ID, err)
			}
			// Cancelled; or submitted meanwhile by the run that made it
			// (it waited for a slot): judged below like any other.
			j.Status = status
		}
		switch {
		case j.Status == client.StatusCreated:
			young = append(young, *j)
		case j.Status == client.StatusCancelled, g.accounted(j.ID), g.undone(*j, jobs), g.superseded(*j, jobs):
		case client.IsTerminal(j.Status) && j.Status != client.StatusCompleted && j.RowsSucceeded == 0:
		case adopt == nil:
			adopt = j
		}
	}
	return adopt, after, young, jobs, nil
}

// defaultGeneratedJobWindowDays is the least time back an earlier job is
// looked for (generatedJobsSince), whatever duplicate_check_days says:
// the generated job's own safety does not depend on the guard.
const defaultGeneratedJobWindowDays = 30

// createGenerated creates, uploads and submits the job; on any failure
// before Zuora took the submission the job is cancelled. Zuora's five-job
// limit is no failure: the job waits Created for a slot (submitJob).
// Between upload and submit the claim (loadguard.Claim) settles a race
// with another run that found no earlier job either: when that run's job
// claimed the load first, this run's is cancelled and the winner is
// returned, to be adopted.
func (pd *providerData) createGenerated(ctx context.Context, g generatedJob, name string, id loadguard.Identity) (string, *client.Summary, error) {
	sha := id.SHA256
	req := client.CreateJobRequest{
		Name: name, Description: g.Description, ObjectType: g.ObjectType, JobType: g.JobType, FileType: client.FileTypeJSONL,
		Mappings: g.Mappings,
	}
	upload := "rows.jsonl"
	if g.FileType == client.FileTypeCSV {
		hasHeaders := true
		req.FileType, req.Delimiter, req.HasHeaders, upload = client.FileTypeCSV, g.Delimiter, &hasHeaders, "rows.csv"
	}
	job, err := pd.client.CreateJob(ctx, req)
	if err != nil {
		// A create whose answer was lost may have made the job: other
		// runs would wait for it as one in flight (bulk_job_create_claim.go).
		var d diag.Diagnostics
		pd.cancelLostCreate(ctx, name, &d)
		return "", nil, fmt.Errorf("creating the %s job: %w. Nothing was sent", g.JobType, err)
	}
	createdLocally := time.Now()
	own := client.Summary{ID: job.ID, Name: name, Status: client.StatusCreated, ObjectType: g.ObjectType, JobType: g.JobType, CreatedAt: time.Now()}
	pd.loads.Created(own, sha)
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(g.File)), nil }
	if err := pd.client.Upload(ctx, job.Upload, upload, int64(len(g.File)), open); err != nil {
		return "", nil, pd.abandon(ctx, job.ID, fmt.Errorf("uploading the %s job's file: %w", g.JobType, err))
	}
	if winner, err := pd.claimGenerated(ctx, id, own, createdLocally); err != nil || winner != nil {
		return "", winner, err
	}
	release, err := pd.acquireJobSlot(ctx)
	if err != nil {
		return "", nil, pd.abandon(ctx, job.ID, fmt.Errorf("waiting for a job slot: %w", err))
	}
	defer release()
	// The slot-waiting submission zuora_bulk_job uses: Zuora's five-job
	// limit keeps the job Created and waiting, never cancels it.
	outcome, err := pd.submitJob(ctx, job.ID, pd.claimAgain(id, own, createdLocally))
	var lost *claimLostError
	if errors.As(err, &lost) {
		pd.yieldLoad(ctx, own, lost.Winner, &diag.Diagnostics{})
		return "", &lost.Winner, nil
	}
	var failed *client.SubmitError
	if errors.As(err, &failed) {
		err = failed.Err
	}
	switch outcome {
	case client.SubmitRefused:
		return "", nil, pd.abandon(ctx, job.ID, fmt.Errorf("submitting the %s job: %w", g.JobType, err))
	case client.SubmitUnconfirmed:
		return "", nil, fmt.Errorf("submitting %s job %s: %w. Zuora may or may not have taken it; apply again: "+
			"the job is found by its name and waited for if Zuora took it; if not, it is cancelled once %s old and the rows go in a new job, never in both",
			g.JobType, job.ID, err, loadguard.InFlightWindow)
	}
	own.Status = client.StatusSubmitted
	pd.loads.Created(own, sha)
	tflog.Info(ctx, "generated job submitted", map[string]any{"job_id": job.ID, "name": name, "rows": g.Rows})
	return job.ID, nil, nil
}

// claimGenerated runs the claim on own, uploaded and not submitted: nil
// when this run is to submit; the winner when another run's job claimed
// the load first (own is then cancelled). A claim that cannot be settled
// cancels own and is an error: nothing was sent.
func (pd *providerData) claimGenerated(ctx context.Context, id loadguard.Identity, own client.Summary, createdLocally time.Time) (*client.Summary, error) {
	if pd.loads == nil { // a providerData built by a test without a guard
		return nil, nil
	}
	winner, err := pd.loads.Claim(ctx, id, own, createdLocally)
	if err != nil {
		return nil, pd.abandon(ctx, own.ID, fmt.Errorf("cannot tell whether another run is loading the same rows: %w", err))
	}
	if winner.ID == own.ID {
		return nil, nil
	}
	pd.yieldLoad(ctx, own, winner, &diag.Diagnostics{})
	return &winner, nil
}

// abandon cancels a job that was never submitted and returns err.
func (pd *providerData) abandon(ctx context.Context, id string, err error) error {
	var d diag.Diagnostics
	pd.cancelUnsubmitted(ctx, id, &d)
	note := " and was cancelled"
	if d.WarningsCount() > 0 {
		note = "; cancelling it failed too (it holds no data, and Zuora discards it)"
	}
	return fmt.Errorf("%w. Job %s was not submitted%s", err, id, note)
}
