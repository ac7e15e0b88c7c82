package provider

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// How much of a Delete job's failure file a teardown quotes.
const (
	teardownReasons         = 3
	teardownReasonsMaxBytes = 16 << 10
	teardownReasonMaxRunes  = 400 // Zuora's delete refusals are long sentences
)

// reportTeardown says what the Delete job did, in Zuora's counts: how many
// records it deleted, how many it could not (with the first reasons from
// its failure file), and what deleting means for the object. Rows that
// failed are never called deleted; anything short of every record deleted
// is an error that keeps the resource in state.
func (r *bulkJobResource) reportTeardown(ctx context.Context, m bulkJobResourceModel, obj client.Object, done *client.Summary, diags *diag.Diagnostics) {
	importID, object := m.ID.ValueString(), cmp.Or(obj.Type, m.ObjectType.ValueString())
	head := fmt.Sprintf("Delete job %s (the %s records bulk job %s loaded)", done.ID, object, importID)
	if done.Status != client.StatusCompleted {
		diags.AddError("Records not deleted", fmt.Sprintf("%s ended %s%s. The resource stays in state; run terraform destroy again "+
			"to retry with a new Delete job.", head, done.Status, reasonSuffix(done.FailureReason)))
		return
	}
	counts := teardownCounts(done, obj)
	switch {
	case done.RowsFailed > 0:
		diags.AddError("Some records could not be deleted", fmt.Sprintf("%s: %s.%s\n\n"+
			"The resource stays in state. Fix what Zuora refused and run terraform destroy again, or set on_destroy = \"forget\" "+
			"to leave those records and remove it (zuora_bulk_job_results with job_id = %q, kind = \"errors\" lists every row).",
			head, counts, r.teardownReasons(ctx, done), done.ID))
	case done.RowsSucceeded == 0:
		// best-practices-for-delete-jobs-in-data-loader: deleting
		// accounting periods may produce no success file, and then no
		// count either. Nothing says the records are gone, nor that they stay.
		diags.AddWarning("Delete job finished without per-row counts",
			fmt.Sprintf("%s is Completed, but Zuora counted no record deleted and none failed. Zuora may not write the results of "+
				"some Delete jobs (accounting periods, per its delete-job best practices); check the records in Zuora "+
				"(Data Query with deleted = true) before loading them again. The resource leaves state.", head))
	default:
		diags.AddWarning("Records deleted", fmt.Sprintf("%s: %s.", head, counts))
	}
}

// teardownCounts is Zuora's tally of a finished Delete job in words.
func teardownCounts(done *client.Summary, obj client.Object) string {
	deleted := fmt.Sprintf("%d of %d deleted", done.RowsSucceeded, done.RowCount)
	if isAccount(obj) && done.RowsSucceeded > 0 {
		// best-practices-for-delete-jobs-in-data-loader: account deletion
		// is asynchronous and leaves the accounts Canceled.
		deleted += " (cancelled: Zuora sets the accounts to Canceled and deletes their transactions in the background)"
	}
	parts := []string{deleted}
	if done.RowsFailed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed and stay in Zuora", done.RowsFailed))
	}
	if rest := done.RowCount - done.RowsSucceeded - done.RowsFailed; rest > 0 {
		parts = append(parts, fmt.Sprintf("%d without an outcome in Zuora's counts", rest))
	}
	return strings.Join(parts, ", ")
}

// teardownReasons quotes the first rows of the Delete job's failure file,
// read with the one result-file parser; empty when it cannot be read.
func (r *bulkJobResource) teardownReasons(ctx context.Context, done *client.Summary) string {
	dl, err := r.pd.client.JobDownloads(ctx, done.ID)
	if err == nil && dl.ErrorRowsFile == "" {
		err = fmt.Errorf("no failure file")
	}
	var head []byte
	if err == nil {
		head, err = r.pd.client.FetchHead(ctx, dl.ErrorRowsFile, teardownReasonsMaxBytes)
	}
	if err != nil {
		tflog.Warn(ctx, "cannot read the teardown job's failure file", map[string]any{"job_id": done.ID, "error": err.Error()})
		return ""
	}
	// The Delete job was written as JSON lines (submitTeardown).
	rows := client.ParseResultHead(ctx, head, len(head) == teardownReasonsMaxBytes, client.ResultFormat{FileType: client.FileTypeJSONL}, teardownReasons)
	var lines []string
	for _, row := range rows {
		// The line is one of the teardown's own file, which means nothing
		// to a person: the record id says which record it was.
		text := row.Reason
		if text == "" || row.Partial {
			text = row.Summary()
		}
		if row.ID != "" && !strings.Contains(text, row.ID) {
			text = "Id " + row.ID + ": " + text
		}
		lines = append(lines, rowcheck.MaskSensitive(cutRunes(rowcheck.MaskSensitive(text), teardownReasonMaxRunes)))
	}
	if len(lines) == 0 {
		return ""
	}
	which := "Zuora's reasons"
	if int64(len(lines)) < done.RowsFailed {
		which = fmt.Sprintf("Zuora's reasons (first %d of %d)", len(lines), done.RowsFailed)
	}
	return fmt.Sprintf("\n\n%s:\n  %s", which, strings.Join(lines, "\n  "))
}

func isAccount(obj client.Object) bool {
	return strings.EqualFold(obj.Type, "Account") || strings.EqualFold(obj.Name, "accounts-and-contacts")
}

func reasonSuffix(reason string) string {
	if reason == "" {
		return ""
	}
	return ": " + reason
}
