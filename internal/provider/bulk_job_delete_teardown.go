package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// teardown deletes the records a Completed Import loaded, with a Delete job
// for the same object named loadguard.TeardownName(import). An interrupted or
// retried destroy finds that job in the tenant's list and waits for it
// instead of submitting a second one; the job's requests carry idempotency
// keys derived from the import and the attempt, so a repeat whose answer
// was lost is answered with the original. Errors keep the resource in state.
func (r *bulkJobResource) teardown(ctx context.Context, m bulkJobResourceModel, imported *client.Summary, diags *diag.Diagnostics) {
	importID := m.ID.ValueString()
	if imported.RowsSucceeded == 0 {
		tflog.Info(ctx, "import loaded no records; nothing to delete", map[string]any{"job_id": importID})
		return
	}
	timeout, d := m.Timeouts.Delete(ctx, defaultWaitTimeout)
	diags.Append(d...)
	if d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// The Delete job counts against max_concurrent_jobs like any other.
	release, err := r.acquireJobSlot(ctx)
	if err != nil {
		diags.AddError("Teardown interrupted", fmt.Sprintf("Waiting for a job slot to delete the records of bulk job %s: %v. Nothing was submitted.", importID, err))
		return
	}
	defer release()

	earlier, attempt, err := r.findTeardown(ctx, importID, imported.CreatedAt)
	if err != nil {
		// err names the call that failed: the listing, or the cancel of
		// an unsubmitted teardown job it found.
		diags.AddError("Cannot check for an earlier teardown", fmt.Sprintf("Checking the tenant for an earlier teardown of bulk job %s failed, "+
			"so its records are not deleted yet (a second Delete job must never run for the same rows): %v", importID, err))
		return
	}
	id := ""
	if earlier != nil {
		id = earlier.ID
		tflog.Info(ctx, "adopting the teardown job an earlier destroy started", map[string]any{"job_id": id, "import_job_id": importID, "status": earlier.Status})
	} else if id = r.submitTeardown(client.WithIdempotencyKey(ctx, fmt.Sprintf("zuora-tf teardown %s attempt %d", importID, attempt)), m, diags); id == "" {
		return
	}
	done, err := r.pd.client.WaitForJob(ctx, id, nil) // the client logs progress per poll
	if err != nil {
		diags.AddError("Teardown interrupted", fmt.Sprintf("Waiting for Delete job %s (the records of bulk job %s) failed: %v. "+
			"It may still be running; run terraform destroy again to wait for it, without submitting another.", id, importID, err))
		return
	}
	reportTeardown(m, done, diags)
}

func reportTeardown(m bulkJobResourceModel, done *client.Summary, diags *diag.Diagnostics) {
	importID, object := m.ID.ValueString(), m.ObjectType.ValueString()
	status := done.Status
	switch {
	case status != client.StatusCompleted:
		diags.AddError("Records not deleted", fmt.Sprintf("Delete job %s for the %s records of bulk job %s ended %s%s. "+
			"The resource stays in state; run terraform destroy again to retry with a new Delete job.",
			done.ID, object, importID, status, reasonSuffix(done.FailureReason)))
	case done.RowsFailed > 0:
		diags.AddError("Some records could not be deleted", fmt.Sprintf("Delete job %s deleted %d of the %d %s records bulk job %s loaded; "+
			"%d rows failed (see the zuora_bulk_job_results data source with job_id = %q, kind = \"errors\"). "+
			"The resource stays in state. To leave those records and remove it, set on_destroy = \"forget\" and destroy again.",
			done.ID, done.RowsSucceeded, done.RowCount, object, importID, done.RowsFailed, done.ID))
	default:
		diags.AddWarning("Records deleted", fmt.Sprintf("Delete job %s deleted the %d %s records bulk job %s loaded.",
			done.ID, done.RowsSucceeded, object, importID))
	}
}

func reasonSuffix(reason string) string {
	if reason == "" {
		return ""
	}
	return ": " + reason
}

// findTeardown returns the teardown job to wait for: one that Zuora took
// (submitted, running or finished Completed). attempt counts the earlier
// teardowns that ended without deleting anything for sure, so a new one
// gets a new idempotency key. A Created job was never submitted: it is
// cancelled, so only one Delete job can ever run. A teardown is younger
// than its import, so the listing stops at the import's creation time
// (the whole history when Zuora did not report it).
func (r *bulkJobResource) findTeardown(ctx context.Context, importID string, importCreated time.Time) (*client.Summary, int, error) {
	jobs, err := r.pd.client.ListRecentJobSummaries(ctx, importCreated, nil)
	if err != nil {
		return nil, 0, err
	}
	name, attempt := loadguard.TeardownName(importID), 0
	for i := range jobs {
		j := &jobs[i]
		if j.Name != name || (j.JobType != "" && j.JobType != "Delete") {
			continue
		}
		switch j.Status {
		case client.StatusCreated:
			if status, err := r.pd.client.CancelOrAbort(ctx, j.ID, false); status != client.StatusCancelled {
				if err == nil {
					err = fmt.Errorf("it is now %s; run terraform destroy again", status)
				}
				return nil, 0, fmt.Errorf("cancelling the unsubmitted teardown job %s: %w", j.ID, err)
			}
			attempt++
		case client.StatusFailed, client.StatusAborted, client.StatusCancelled:
			attempt++
		default:
			return j, attempt, nil
		}
	}
	return nil, attempt, nil
}

// submitTeardown creates, uploads and submits the Delete job; "" when it
// did not get as far as a submission Zuora took.
func (r *bulkJobResource) submitTeardown(ctx context.Context, m bulkJobResourceModel, diags *diag.Diagnostics) string {
	importID := m.ID.ValueString()
	obj, rows, ok := r.teardownRows(ctx, m, diags)
	if !ok {
		return ""
	}
	job, err := r.pd.client.CreateJob(ctx, client.CreateJobRequest{
		Name:        loadguard.TeardownName(importID),
		Description: "terraform destroy with on_destroy = delete_records",
		ObjectType:  obj.Type, JobType: "Delete", FileType: "jsonl",
	})
	if err != nil {
		diags.AddError("Cannot create the teardown job", fmt.Sprintf("Deleting the records of bulk job %s: %v", importID, err))
		return ""
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(rows)), nil }
	if err := r.pd.client.Upload(ctx, job.Upload, "teardown.jsonl", int64(len(rows)), open); err != nil {
		diags.AddError("Cannot upload the teardown job's ids", fmt.Sprintf("Delete job %s for bulk job %s: %v. Run terraform destroy again.", job.ID, importID, err))
		return ""
	}
	if outcome, err := r.pd.client.SubmitAndConfirm(ctx, job.ID); outcome != client.SubmitAccepted {
		diags.AddError("Cannot submit the teardown job", fmt.Sprintf("Delete job %s for bulk job %s: %v. Run terraform destroy again; "+
			"a Delete job Zuora did take is waited for, never submitted twice.", job.ID, importID, errors.Unwrap(err)))
		return ""
	}
	tflog.Info(ctx, "teardown job submitted", map[string]any{"job_id": job.ID, "import_job_id": importID})
	return job.ID
}

// teardownRows reads the import's success rows and writes one Delete row
// per record, in the shape the object's Delete metadata asks for.
func (r *bulkJobResource) teardownRows(ctx context.Context, m bulkJobResourceModel, diags *diag.Diagnostics) (client.Object, []byte, bool) {
	importID := m.ID.ValueString()
	obj, d := r.pd.resolveObject(ctx, path.Root("object_type"), m.ObjectType.ValueString(), "Delete")
	diags.Append(d...)
	if d.HasError() {
		return obj, nil, false
	}
	idField, err := r.deleteIDField(ctx, obj)
	if err != nil {
		diags.AddAttributeError(path.Root("on_destroy"), "Cannot delete these records", err.Error())
		return obj, nil, false
	}
	dl, err := r.pd.client.JobDownloads(ctx, importID)
	if err != nil || dl.SuccessRowsFile == "" {
		diags.AddError("Cannot read the loaded records' ids", fmt.Sprintf("Bulk job %s's success rows file is not available: %v", importID, err))
		return obj, nil, false
	}
	var rows bytes.Buffer
	missing := 0
	err = r.pd.client.StreamResultRows(ctx, dl.SuccessRowsFile, m.FileType.ValueString(), dl.Delimiter, func(row client.ResultRow) error {
		if row.ID == "" {
			missing++
			return nil
		}
		fmt.Fprintf(&rows, "{%q:%q}\n", idField, row.ID)
		return nil
	})
	switch {
	case err != nil:
		diags.AddError("Cannot read the loaded records' ids", fmt.Sprintf("Bulk job %s's success rows: %v", importID, err))
	case missing > 0:
		diags.AddError("Cannot read the loaded records' ids", fmt.Sprintf("%d of bulk job %s's success rows carry no record id, "+
			"so their records cannot be deleted. Nothing was deleted.", missing, importID))
	default:
		return obj, rows.Bytes(), true
	}
	return obj, nil, false
}

// deleteIDField is the name the object's Delete metadata gives the record
// id ("Id" or "id"). Metadata that needs more than the id cannot be
// satisfied from the success rows.
func (r *bulkJobResource) deleteIDField(ctx context.Context, obj client.Object) (string, error) {
	meta, err := r.pd.client.ObjectFields(ctx, obj.Name, "Delete")
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
