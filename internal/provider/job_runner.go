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
// was never submitted and is cancelled; one submitted, running or finished
// and not yet accounted for by the caller is adopted instead of sending
// the rows again. The duplicate guard (loadguard) is asked as well, so a
// job of the same identity under another name is adopted too. Requests
// carry idempotency keys derived from the name and the newest earlier
// job of that name, so a repeat whose answer was lost is answered with the
// original, and a deliberate new attempt gets a key of its own.
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
	Accounted func(id string) bool
	// Undone reports an earlier job whose effect a later job in jobs
	// undid (a dataset destroyed with its records): it is not adopted,
	// whether found by its name or by the duplicate guard. nil: none is.
	Undone func(s client.Summary, jobs []client.Summary) bool
}

func (g generatedJob) undone(s client.Summary, jobs []client.Summary) bool {
	return g.Undone != nil && g.Undone(s, jobs)
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
	earlier, after, jobs, err := pd.findGenerated(ctx, g, name)
	if err != nil {
		return ranJob{}, err
	}
	if earlier == nil && pd.loads.Enabled() {
		f, err := pd.loads.Find(ctx, id, true)
		if err != nil {
			return ranJob{}, err
		}
		if f.Match != nil && !g.Accounted(f.Match.ID) && !g.undone(*f.Match, jobs) {
			earlier = f.Match
		}
	}
	jobID := ""
	if earlier != nil {
		jobID = earlier.ID
		tflog.Info(ctx, "adopting an earlier job with the same file", map[string]any{"job_id": jobID, "name": name, "status": earlier.Status})
	} else if jobID, err = pd.createGenerated(client.WithIdempotencyKey(ctx, "zuora-tf "+name+" after "+after), g, name, sha); err != nil {
		return ranJob{}, err
	}
	done, err := pd.client.WaitForJob(ctx, jobID, nil)
	if err != nil {
		return ranJob{}, fmt.Errorf("waiting for %s job %s failed: %w. It may still be running; "+
			"apply again to wait for it (it is found by its name, %q, and never submitted twice)", g.JobType, jobID, err, name)
	}
	pd.loads.Seen(*done)
	return ranJob{Summary: done, Adopted: earlier != nil}, nil
}

// findGenerated lists the jobs named name: it returns the one to adopt
// (submitted, running or finished, not accounted for and not undone), the
// newest of the others' ids (for the next idempotency key) and the list.
// One still Created was never submitted: it is cancelled, so only one job
// ever runs.
func (pd *providerData) findGenerated(ctx context.Context, g generatedJob, name string) (*client.Summary, string, []client.Summary, error) {
	days := pd.loads.Days()
	if days == 0 {
		days = defaultGeneratedJobWindowDays
	}
	jobs, err := pd.client.ListRecentJobSummaries(ctx, time.Now().Add(-time.Duration(days)*24*time.Hour), nil)
	if err != nil {
		return nil, "", nil, fmt.Errorf("listing the tenant's bulk jobs to find an earlier %q: %w. Nothing was sent", name, err)
	}
	after, newest := "none", time.Time{}
	var adopt *client.Summary
	for i := range jobs {
		j := &jobs[i]
		// The name carries the job type and the file's hash; a lean list
		// entry may lack the job type itself.
		if j.Name != name {
			continue
		}
		if !j.CreatedAt.Before(newest) {
			after, newest = j.ID, j.CreatedAt
		}
		switch {
		case j.Status == client.StatusCreated:
			if status, err := pd.client.CancelOrAbort(ctx, j.ID, false); status != client.StatusCancelled {
				return nil, "", nil, fmt.Errorf("cancelling the unsubmitted job %s an earlier apply left: %v (it is %s); apply again", j.ID, err, status)
			}
		case j.Status == client.StatusCancelled, g.Accounted(j.ID), g.undone(*j, jobs):
		case client.IsTerminal(j.Status) && j.Status != client.StatusCompleted && j.RowsSucceeded == 0:
		case adopt == nil:
			adopt = j
		}
	}
	return adopt, after, jobs, nil
}

// defaultGeneratedJobWindowDays is how far back an earlier job is looked
// for when duplicate_check_days turned the guard off: the generated
// job's own safety does not depend on the guard.
const defaultGeneratedJobWindowDays = 30

// createGenerated creates, uploads and submits the job; on any failure
// before Zuora took the submission the job is cancelled. Zuora's five-job
// limit is no failure: the job waits Created for a slot (submitJob).
func (pd *providerData) createGenerated(ctx context.Context, g generatedJob, name, sha string) (string, error) {
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
		return "", fmt.Errorf("creating the %s job: %w. Nothing was sent", g.JobType, err)
	}
	own := client.Summary{ID: job.ID, Name: name, Status: client.StatusCreated, ObjectType: g.ObjectType, JobType: g.JobType, CreatedAt: time.Now()}
	pd.loads.Created(own, sha)
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(g.File)), nil }
	if err := pd.client.Upload(ctx, job.Upload, upload, int64(len(g.File)), open); err != nil {
		return "", pd.abandon(ctx, job.ID, fmt.Errorf("uploading the %s job's file: %w", g.JobType, err))
	}
	release, err := pd.acquireJobSlot(ctx)
	if err != nil {
		return "", pd.abandon(ctx, job.ID, fmt.Errorf("waiting for a job slot: %w", err))
	}
	defer release()
	// The slot-waiting submission zuora_bulk_job uses: Zuora's five-job
	// limit keeps the job Created and waiting, never cancels it.
	outcome, err := pd.submitJob(ctx, job.ID)
	var failed *client.SubmitError
	if errors.As(err, &failed) {
		err = failed.Err
	}
	switch outcome {
	case client.SubmitRefused:
		return "", pd.abandon(ctx, job.ID, fmt.Errorf("submitting the %s job: %w", g.JobType, err))
	case client.SubmitUnconfirmed:
		return "", fmt.Errorf("submitting %s job %s: %w. Zuora may or may not have taken it; apply again: "+
			"it is found by its name and submitted only if Zuora did not take it", g.JobType, job.ID, err)
	}
	own.Status = client.StatusSubmitted
	pd.loads.Created(own, sha)
	tflog.Info(ctx, "generated job submitted", map[string]any{"job_id": job.ID, "name": name, "rows": g.Rows})
	return job.ID, nil
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
