package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

var pathOnRemove = path.Root("on_remove")

// Read keeps state as it is: the dataset's records are what its jobs
// reported, and Zuora has no cheap way to list them by key. (Records
// changed outside Terraform are not detected.) The framework starts the
// response with the current state, so Read leaves it untouched: reading
// and writing back 100,000 ids would cost more than the plan's row diff.
func (r *bulkDatasetResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Delete follows on_destroy: forget leaves the records; delete_records
// deletes every record the dataset holds with one Delete job (through
// the job runner, so an interrupted destroy never sends it twice).
func (r *bulkDatasetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m bulkDatasetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.OnDestroy.ValueString() != onDestroyDeleteRecords {
		return
	}
	if !r.ready() {
		resp.Diagnostics.Append(notConfigured())
		return
	}
	timeout, d := m.Timeouts.Delete(ctx, defaultWaitTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s, d := loadDatasetState(ctx, m.JobIDs, modelRows(m.IDs), req.Private)
	resp.Diagnostics.Append(d...)
	obj, d := r.datasetObjectFor(ctx, m)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() || len(s.Rows) == 0 {
		return
	}
	defer r.pd.datasets.lock(datasetLockKey(obj, m))()
	keys, others := r.pd.datasets.heldElsewhere(s, s.keys())
	for holder, n := range others {
		resp.Diagnostics.AddWarning("Records kept: another dataset holds them", fmt.Sprintf("%d of the %d records this dataset would delete "+
			"are held by %s, which recorded them earlier in this apply (a rename without a moved block, or a replacement created before "+
			"this destroy). They are forgotten here, not deleted. Use a moved block to rename a dataset.", n, len(s.Rows), holder))
	}
	if len(keys) < len(s.Rows) {
		forgotten := newDatasetState()
		forgotten.Jobs, forgotten.Held = s.Jobs, s.Held
		for _, k := range keys {
			forgotten.Rows[k] = s.Rows[k]
		}
		s = forgotten
	}
	jobs := slices.Clone(s.Jobs) // as recorded before the destroy's own Delete job
	run := &datasetRun{r: r, m: &m, obj: obj, f: &datasetFile{byKey: map[string]int{}}, s: s, diags: &resp.Diagnostics, destroy: true, before: jobs}
	deleted := run.deleteKeys(ctx, keys)
	if len(keys) > 0 {
		r.pd.datasets.undo(jobs) // its Delete job, once Completed, undoes them in the tenant's eyes too (datasetJobUndone)
	}
	if !deleted || len(s.Rows) > 0 {
		// The resource stays, holding the records not deleted.
		resp.Diagnostics.Append(s.save(ctx, &m, resp.Private)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		resp.Diagnostics.AddError("Records not deleted", fmt.Sprintf("%d records of the %s dataset are still there; it stays in state. "+
			"Run terraform destroy again to retry, or set on_destroy = \"forget\" to leave them.", len(s.Rows), obj.Type))
	}
}

// ImportState takes the ids of completed Import jobs, comma-separated:
// the next plan reads their success rows with the configuration's
// key_field and builds the dataset from them, loading nothing.
func (r *bulkDatasetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var jobs []string
	for _, id := range strings.Split(req.ID, ",") {
		if id = strings.TrimSpace(id); id != "" {
			jobs = append(jobs, id)
		}
	}
	if len(jobs) == 0 {
		resp.Diagnostics.AddError("Invalid import id", "Give the ids of the completed Import jobs that loaded the dataset, separated by commas: "+
			"terraform import zuora_bulk_dataset.NAME JOB_ID[,JOB_ID…]")
		return
	}
	list, d := types.ListValueFrom(ctx, types.StringType, jobs)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strings.Join(jobs, ","))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("job_ids"), list)...)
}

// importedJobs are the jobs terraform import named.
func (m bulkDatasetModel) importedJobs(ctx context.Context) []string {
	var jobs []string
	_ = m.JobIDs.ElementsAs(ctx, &jobs, false) // a list of strings; null or unknown gives none
	return jobs
}

// datasetFromJobs builds a dataset from completed Import jobs' success
// rows: the key from each row's key field (a CSV job's key column, as
// mappings name it), the record id, and the hashes of the row as loaded
// (the result file's own members left out).
func (r *bulkDatasetResource) datasetFromJobs(ctx context.Context, jobs []string, m bulkDatasetModel, obj datasetObject) (*datasetState, diag.Diagnostics) {
	var diags diag.Diagnostics
	keyField, format := m.KeyField.ValueString(), m.csvFormat(ctx)
	s := newDatasetState()
	from, h, csvHasher := map[string]string{}, newRowHasher(obj.Updatable), newRowHasher(obj.Updatable)
	csvHasher.paths = true
	for _, id := range jobs {
		sum, err := r.pd.client.JobSummary(ctx, id)
		if err == nil {
			err = importableJob(ctx, r.pd.client, sum, obj)
		}
		if err == nil {
			csvJob := strings.EqualFold(sum.FileType, client.FileTypeCSV)
			keyName := keyField
			if csvJob {
				keyName = format.keyColumn(keyField)
			}
			_, err = r.pd.readJobResults(ctx, sum, format.Delimiter, func(row client.ResultRow) error {
				key, ok := row.Value(keyName)
				if !ok || key == "" || row.ID == "" {
					return fmt.Errorf("success row %d has no %s or no record id", row.Line, keyName)
				}
				if earlier, dup := from[key]; dup {
					return fmt.Errorf("%s %q was loaded by job %s too; a key must be unique", keyField, key, earlier)
				}
				hs, err := loadedRowHashes(h, row)
				if csvJob {
					hs, err = loadedCSVRowHashes(csvHasher, row, format)
				}
				if err != nil {
					return fmt.Errorf("success row %d: %w", row.Line, err)
				}
				from[key], s.Rows[key] = id, loadedRow{ID: row.ID, hashes: hs}
				return nil
			})
		}
		if err != nil {
			diags.AddAttributeError(path.Root("job_ids"), "Cannot build the dataset from job "+id, err.Error())
			return s, diags
		}
		s.Jobs = append(s.Jobs, id)
	}
	return s, diags
}

// loadedRowHashes hashes a success row as the file row it echoes: without
// the record id, line and reason members the result file added.
func loadedRowHashes(h *rowHasher, row client.ResultRow) (hashes, error) {
	added := func(name string) bool { return name == row.IDKey || name == row.LineKey || name == row.ReasonKey }
	return h.hash([]byte(row.JSON), added)
}

// loadedCSVRowHashes hashes a CSV job's success row as the CSV file row
// it echoes (csvResultRowJSON).
func loadedCSVRowHashes(h *rowHasher, row client.ResultRow, format csvFormat) (hashes, error) {
	raw, err := csvResultRowJSON(row, format)
	if err != nil {
		return hashes{}, err
	}
	return h.hash(raw, nil)
}

// importableJob: only a completed Import of the dataset's object can
// build it.
func importableJob(ctx context.Context, c *client.Client, sum *client.Summary, obj datasetObject) error {
	if sum.JobType != "Import" || sum.Status != client.StatusCompleted {
		return fmt.Errorf("it is a %s job, %s; only completed Import jobs can build a dataset", sum.JobType, sum.Status)
	}
	if same, known := c.SameObject(ctx, sum.ObjectType, obj.Type); known && !same {
		return fmt.Errorf("it loaded %s, not %s", sum.ObjectType, obj.Type)
	}
	return nil
}
