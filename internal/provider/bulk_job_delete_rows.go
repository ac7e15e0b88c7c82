package provider

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// The rows of a teardown's Delete job: the ids an import's success rows
// give, less those earlier teardowns deleted, in the shape the object's
// Delete metadata asks for.

// teardownRows reads the import's success rows and writes one Delete row
// per record, in the shape the object's Delete metadata asks for.
func (r *bulkJobResource) teardownRows(ctx context.Context, m bulkJobResourceModel, obj client.Object, stopped []client.Summary, diags *diag.Diagnostics) ([]byte, int, bool) {
	importID := m.ID.ValueString()
	idField, err := r.pd.deleteIDField(ctx, obj)
	if err != nil {
		diags.AddAttributeError(path.Root("on_destroy"), "Cannot delete these records", err.Error())
		return nil, 0, false
	}
	dl, err := r.pd.client.JobDownloads(ctx, importID)
	if err != nil || dl.SuccessRowsFile == "" {
		diags.AddError("Cannot read the loaded records' ids", fmt.Sprintf("Bulk job %s's success rows file is not available: %v", importID, err))
		return nil, 0, false
	}
	deleted := r.deletedBy(ctx, stopped)
	var records []loadedRecord
	missing := 0
	err = r.pd.client.StreamResultRows(ctx, dl.SuccessRowsFile, m.FileType.ValueString(), dl.Delimiter, func(row client.ResultRow) error {
		if row.ID == "" {
			missing++
			return nil
		}
		if deleted[row.ID] {
			return nil
		}
		end, _ := row.Value("endDate")
		records = append(records, loadedRecord{id: row.ID, endDate: end})
		return nil
	})
	switch {
	case err != nil:
		diags.AddError("Cannot read the loaded records' ids", fmt.Sprintf("Bulk job %s's success rows: %v", importID, err))
	case missing > 0:
		diags.AddError("Cannot read the loaded records' ids", fmt.Sprintf("%d of bulk job %s's success rows carry no record id, "+
			"so their records cannot be deleted. Nothing was deleted.", missing, importID))
	default:
		if isAccountingPeriod(obj) {
			latestPeriodsFirst(records)
		}
		var rows bytes.Buffer
		for _, rec := range records {
			fmt.Fprintf(&rows, "{%q:%q}\n", idField, rec.id)
		}
		return rows.Bytes(), len(records), true
	}
	return nil, 0, false
}

// deletedBy is the records earlier teardowns deleted (their success rows),
// so a retry deletes only what they left. A teardown whose success file
// Zuora does not give (accounting periods may have none) excludes nothing:
// its records fail again as not found, and the report says so.
func (r *bulkJobResource) deletedBy(ctx context.Context, stopped []client.Summary) map[string]bool {
	deleted := map[string]bool{}
	for _, j := range stopped {
		if j.RowsSucceeded == 0 {
			continue
		}
		dl, err := r.pd.client.JobDownloads(ctx, j.ID)
		if err == nil && dl.SuccessRowsFile == "" {
			err = fmt.Errorf("no success file")
		}
		if err == nil {
			err = r.pd.client.StreamResultRows(ctx, dl.SuccessRowsFile, client.FileTypeJSONL, dl.Delimiter, func(row client.ResultRow) error {
				deleted[row.ID] = row.ID != ""
				return nil
			})
		}
		if err != nil {
			tflog.Warn(ctx, "cannot read what an earlier teardown deleted", map[string]any{"job_id": j.ID, "error": err.Error()})
		}
	}
	return deleted
}

// loadedRecord is a record an import created, as its success row shows it.
type loadedRecord struct{ id, endDate string }

// latestPeriodsFirst follows best-practices-for-delete-jobs-in-data-loader:
// "when deleting Accounting Periods, a successful records file may not be
// generated. As a workaround, place the most recent accounting period IDs
// first." Dates are ISO 8601, so they sort as text; rows without one keep
// their order after the dated ones.
func latestPeriodsFirst(records []loadedRecord) {
	sort.SliceStable(records, func(i, j int) bool { return records[i].endDate > records[j].endDate })
}

func isAccountingPeriod(obj client.Object) bool {
	return strings.EqualFold(obj.Type, "AccountingPeriod") || strings.EqualFold(obj.Name, "accounting-period")
}
