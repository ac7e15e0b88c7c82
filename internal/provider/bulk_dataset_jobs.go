package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// datasetRun is one apply's jobs: each action's rows become one generated
// job (job_runner.go), and only the rows Zuora reports as succeeded are
// recorded in s.
type datasetRun struct {
	r       *bulkDatasetResource
	m       *bulkDatasetModel
	obj     datasetObject
	f       *datasetFile
	s       *datasetState
	diags   *diag.Diagnostics
	create  bool
	destroy bool // on_destroy = "delete_records": the Delete job is named for it
	failed  int64
	// before are the jobs s recorded when the run began (generatedJob's
	// RecordedBefore).
	before []string
}

// datasetDestroyAction names the Delete job of a destroy.
const datasetDestroyAction = "destroy"

// datasetJobUndone: a job of a dataset later destroyed with its records
// (a Completed destroy job of the same dataset, not older: Zuora's times
// are in seconds, and a replacement destroys and creates within one)
// loaded records that are gone. A new dataset with the same rows (created
// again, or replaced by a key_field change) loads them anew. Names are
// read without the claim's marker (job_runner.go).
func datasetJobUndone(s client.Summary, jobs []client.Summary) bool {
	fields := strings.Fields(loadguard.UnmarkedName(s.Name))
	if len(fields) < 4 || fields[0] != datasetTypeName || fields[len(fields)-2] == datasetDestroyAction {
		return false
	}
	destroy := strings.Join(fields[:len(fields)-2], " ") + " " + datasetDestroyAction + " "
	for _, j := range jobs {
		if strings.HasPrefix(loadguard.UnmarkedName(j.Name), destroy) && j.Status == client.StatusCompleted && j.RowsFailed == 0 && !j.CreatedAt.Before(s.CreatedAt) {
			return true
		}
	}
	return false
}

// label starts the name of the dataset's jobs: the dataset and the action.
func datasetJobLabel(objectType, keyField, action string) string {
	return fmt.Sprintf("%s %s/%s %s", datasetTypeName, objectType, keyField, action)
}

func (run *datasetRun) deleteKeys(ctx context.Context, keys []string) bool {
	if len(keys) == 0 {
		return true
	}
	idField, err := run.r.pd.deleteIDField(ctx, run.obj.Object)
	if err != nil {
		attr := pathOnRemove
		if run.destroy {
			attr = path.Root("on_destroy")
		}
		run.diags.AddAttributeError(attr, "Cannot delete these records", err.Error())
		return false
	}
	sent := make([]datasetRow, len(keys))
	for i, k := range keys {
		sent[i] = datasetRow{Key: k}
	}
	return run.job(ctx, "Delete", deleteFile(keys, run.s, idField), nil, sent, func(key, _ string) {
		delete(run.s.Rows, key)
	})
}

func (run *datasetRun) updateRows(ctx context.Context, rows []int) bool {
	if len(rows) == 0 {
		return true
	}
	sent := make([]datasetRow, len(rows))
	for i, n := range rows {
		sent[i] = run.f.Rows[n]
	}
	file, columns, err := run.updateFile(sent)
	if err != nil {
		run.diags.AddAttributeError(run.m.sourceAttr(), "Cannot write the Update job's rows", err.Error())
		return false
	}
	return run.job(ctx, "Update", file, columns, sent, func(key, _ string) {
		run.s.rehash(key, run.f.Rows[run.f.byKey[key]].hashes)
	})
}

// updateFile is the Update job's file: each row's record id and the
// fields Update takes; for CSV also its header.
func (run *datasetRun) updateFile(sent []datasetRow) ([]byte, []string, error) {
	if l := run.f.CSV; l != nil {
		cols := l.updateColumns(run.obj.UpdateID, run.obj.Updatable)
		records := make([][]string, len(sent))
		for i, row := range sent {
			records[i] = updateRecord(row, run.s.id(row.Key), cols)
		}
		columns := l.updateHeader(run.obj.UpdateID, cols, false)
		file, err := writeCSV(l.Delimiter, columns, records)
		return file, columns, err
	}
	var file []byte
	for _, row := range sent {
		b, err := updateRow(row, run.obj.UpdateID, run.s.id(row.Key), run.obj.Updatable)
		if err != nil {
			return nil, nil, err
		}
		file = append(append(file, b...), '\n')
	}
	return file, nil, nil
}

func (run *datasetRun) importRows(ctx context.Context, rows []int) bool {
	if len(rows) == 0 {
		return true
	}
	var file []byte
	var columns []string
	var err error
	if l := run.f.CSV; l != nil {
		file, err = csvImportFile(run.f, rows)
		columns = l.Columns
	} else {
		file, err = importFile(run.f, rows)
	}
	if err != nil {
		run.diags.AddAttributeError(run.m.sourceAttr(), "Cannot write the Import job's rows", err.Error())
		return false
	}
	sent := make([]datasetRow, len(rows))
	for i, n := range rows {
		sent[i] = run.f.Rows[n]
	}
	return run.job(ctx, "Import", file, columns, sent, func(key, id string) {
		run.s.Rows[key] = loadedRow{ID: id, hashes: run.f.Rows[run.f.byKey[key]].hashes}
	})
}

// job runs one action's job and records its success rows: record gets
// each loaded row's key and record id. columns is a CSV file's header,
// nil for JSON lines.
func (run *datasetRun) job(ctx context.Context, jobType string, file []byte, columns []string, sent []datasetRow, record func(key, id string)) bool {
	keyField := run.m.KeyField.ValueString()
	action := strings.ToLower(jobType)
	if run.destroy {
		action = datasetDestroyAction
	}
	g := generatedJob{
		ObjectType: run.obj.Type, JobType: jobType, Label: datasetJobLabel(run.obj.Type, keyField, action),
		Description: fmt.Sprintf("terraform apply: %d rows of a zuora_bulk_dataset", len(sent)),
		File:        file, Rows: int64(len(sent)), Accounted: run.s.accounted,
		RecordedBefore: func(id string) bool { return slices.Contains(run.before, id) },
		Undone:         datasetJobUndone,
	}
	keyName := keyField // where success rows carry the key
	if l := run.f.CSV; l != nil && columns != nil {
		// As zuora_bulk_job sends them: the delimiter, and the mappings
		// typed by the action's metadata, so Zuora reads the cells as the
		// fields they fill.
		g.FileType, g.Delimiter = client.FileTypeCSV, string(l.Delimiter)
		g.Mappings = columnMappings(l.sentMappings(columns), run.obj.fields[jobType])
		keyName = run.m.csvFormat(ctx).keyColumn(keyField)
	}
	ran, err := run.r.pd.runGeneratedJob(ctx, g)
	if err != nil {
		run.diags.AddError(fmt.Sprintf("%s job for the %s dataset did not finish", jobType, run.obj.Type), err.Error())
		return false
	}
	run.s.Jobs = append(run.s.Jobs, ran.ID)
	if ran.Adopted {
		run.diags.AddWarning(fmt.Sprintf("Adopted %s job %s", jobType, ran.ID), fmt.Sprintf("%s job %s (%q) already holds these %d rows of the %s dataset: "+
			"an earlier apply was interrupted after Zuora took it, or another load sent the same file. Its outcome is recorded; the rows were not sent again.",
			jobType, ran.ID, ran.Name, len(sent), run.obj.Type))
	}
	keyOfID, lineKeys, wanted := map[string]string{}, make([]string, len(sent)), map[string]bool{}
	for i, row := range sent {
		lineKeys[i], wanted[row.Key] = row.Key, true
		if id := run.s.id(row.Key); id != "" {
			keyOfID[id] = row.Key
		}
	}
	// Success rows are recorded only once the whole file is read: a read
	// that fails part-way records none, so the next apply builds the same
	// file, finds this job by its name and reads it again. Recording the
	// rows read so far would shrink the next diff, change the file and
	// send the job's other loaded rows a second time.
	type success struct{ key, id string }
	var loaded []success
	unmatched := 0
	failed, err := run.r.pd.readJobResults(ctx, ran.Summary, g.Delimiter, func(row client.ResultRow) error {
		key, ok := successKey(row, keyName, keyOfID, lineKeys)
		// An Import row without a record id gives the dataset nothing to
		// update or delete later: held, like a row it cannot match.
		if !ok || !wanted[key] || jobType == "Import" && row.ID == "" {
			unmatched++
			return nil
		}
		loaded = append(loaded, success{key, row.ID})
		return nil
	})
	if err != nil {
		run.diags.AddError(fmt.Sprintf("Cannot read what %s job %s loaded", jobType, ran.ID), err.Error()+
			". Apply again: the job is found by its name and its results read again, without sending its rows twice.")
		run.s.Jobs = run.s.Jobs[:len(run.s.Jobs)-1] // not accounted for yet
		return false
	}
	for _, l := range loaded {
		record(l.key, l.id)
	}
	switch {
	case unmatched > 0:
		// The job stays accounted for (it is not adopted or reconciled
		// again) and its matched rows are recorded; an Import's other
		// keys are held, so no apply imports a record twice
		// (bulk_dataset_held.go). Update and Delete rows sent again do
		// no harm.
		next := "The rows it did not match stay pending: sending an Update or Delete row again does no harm."
		if jobType == "Import" {
			var doubt []string
			for _, row := range sent {
				if _, ok := run.s.Rows[row.Key]; !ok {
					doubt = append(doubt, row.Key)
				}
			}
			run.s.hold(ran.ID, doubt)
			next = fmt.Sprintf("Which records they are cannot be told, so the %d keys of the job not recorded are held back: no apply imports them "+
				"until you resolve it. The next plan names them and says how.", len(doubt))
		}
		summary := fmt.Sprintf("Loaded rows not matched to the dataset's keys (%s job %s)", jobType, ran.ID)
		detail := fmt.Sprintf("%d success rows carry neither the key field %s, nor a known record id, nor a line of the job's file, so the dataset cannot record them. %s "+
			"Check the job's success rows (zuora_bulk_job_results with job_id = %q and kind = \"success\").", unmatched, keyField, next, ran.ID)
		if run.create { // an error would taint the dataset, and its replacement would start without the holds
			run.diags.AddWarning(summary, detail)
		} else {
			run.diags.AddError(summary, detail)
		}
		return false
	case ran.RowsFailed > 0:
		run.failed += ran.RowsFailed
		run.diags.AddWarning(fmt.Sprintf("%d rows of the %s dataset failed", ran.RowsFailed, run.obj.Type),
			failedRowsDetail(ran.Summary, failed, sent, run.m.sourceName(), keyField))
	}
	if ran.Status != client.StatusCompleted {
		run.diags.AddError(fmt.Sprintf("%s job %s ended %s", jobType, ran.ID, ran.Status),
			fmt.Sprintf("%s%s. The rows it loaded are recorded; the others stay pending and the next plan proposes them again.",
				ran.Status, reasonSuffix(ran.FailureReason)))
		return false
	}
	return true
}

// judge turns failed rows into an error past max_failed_rows (when set;
// unset, they are the warnings job gave), except on create: an error there
// would make Terraform replace the dataset and send every row again.
func (run *datasetRun) judge() {
	limit := run.m.MaxFailedRows.ValueInt64()
	if run.m.MaxFailedRows.IsNull() || run.failed <= limit {
		return
	}
	detail := fmt.Sprintf("%d rows failed; max_failed_rows is %d. The rows that loaded are recorded; the failed ones stay pending, "+
		"and the next plan proposes them again. Fix them in %s, or raise max_failed_rows.", run.failed, limit, run.m.sourceName())
	if run.create {
		run.diags.AddWarning("More rows failed than max_failed_rows allows", detail+
			" (A warning on the first apply: an error would make Terraform replace the dataset.)")
		return
	}
	run.diags.AddError("More rows failed than max_failed_rows allows", detail)
}
