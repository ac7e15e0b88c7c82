package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// Reconciling: an apply killed after Zuora took one of the dataset's jobs
// never recorded that job's rows in state. The runner finds such a job by
// its name on the next apply, but only while the file is the same: edit
// the file first and the diff, the generated file and its name change, so
// the rows would be sent again (for an Import, as duplicate records).
// So before the diff, at plan and at apply, the dataset reads the jobs of
// its own label (datasetJobLabel) that it does not account for and
// records what they loaded.

// datasetReconcile is what reconcile did: the jobs it recorded, and those
// still running (plan does not wait for them; apply does).
type datasetReconcile struct {
	Recorded []string
	Running  []client.Summary
	// LostToDestroy are jobs whose rows this dataset would have recorded,
	// had another dataset's destroy not deleted their records earlier in
	// this run (datasetClaims.undoneHere): the plan Terraform showed
	// counted them as loaded.
	LostToDestroy []string
	// Untracked are records a recorded Import loaded whose keys are in
	// neither the file nor the state (rows removed after an interrupted
	// apply): the dataset does not take them, and says so.
	Untracked []untrackedRecord
}

// untrackedRecord is a record a reconciled Import loaded for a key the
// dataset does not hold.
type untrackedRecord struct{ Job, Key, ID string }

// untrackedWarning says which records an interrupted apply left that the
// dataset does not hold, and how to remove them.
func untrackedWarning(objectType, keyField string, records []untrackedRecord) diag.Diagnostic {
	const most = 10
	var lines []string
	for i, u := range records {
		if i == most {
			lines = append(lines, fmt.Sprintf("… and %d more", len(records)-most))
			break
		}
		lines = append(lines, fmt.Sprintf("%s %q: record %s (job %s)", keyField, u.Key, u.ID, u.Job))
	}
	summary := fmt.Sprintf("%d %s records loaded by an interrupted apply are not in the file", len(records), objectType)
	if len(records) == 1 {
		summary = fmt.Sprintf("One %s record loaded by an interrupted apply is not in the file", objectType)
	}
	return diag.NewWarningDiagnostic(summary,
		fmt.Sprintf("An Import job of this dataset (or of another state's dataset of %s by %s) loaded these records, "+
			"and their rows have left the file since:\n  %s\n\n"+
			"The dataset does not hold them, so on_remove does not apply to them: they stay in Zuora. "+
			"If they should go, delete them by id with a zuora_bulk_job of job_type = \"Delete\". "+
			"Adding their rows back to the file would import them again, as new records.",
			objectType, keyField, strings.Join(lines, "\n  ")))
}

// generatedJobName matches the rest of a generated job's name after its
// label: the file's SHA-256 prefix (generatedJob.name).
var generatedJobName = regexp.MustCompile(`^[0-9a-f]{16}$`)

// reconcile records in s the jobs of this dataset's label that are
// submitted, running or finished, not accounted for in s, not undone
// (datasetJobUndone) and created after the newest job s accounts for
// (older ones were there when s was last written, so they are another
// dataset's of the same object and key field). Only keys in the file f
// or in s are recorded: another dataset's rows never join this one.
//   - Import: the key's record id and the hashes of the row as loaded,
//     as terraform import reads them (loadedRowHashes).
//   - Update: the row's hashes when the job sent what the file holds
//     now, else zero, so the diff proposes the Update again (harmless).
//   - Delete: the key is dropped.
//
// wait says whether to wait for a running job (apply) or list it as
// running (plan). The tenant's jobs are listed once.
func (r *bulkDatasetResource) reconcile(ctx context.Context, m bulkDatasetModel, obj datasetObject, f *datasetFile, s *datasetState, wait bool) (datasetReconcile, error) {
	var out datasetReconcile
	jobs, err := r.pd.client.ListRecentJobSummaries(ctx, r.pd.generatedJobsSince(), nil)
	if err != nil {
		return out, fmt.Errorf("listing the tenant's bulk jobs to find the dataset's jobs an interrupted apply left: %w", err)
	}
	var newest time.Time
	for _, j := range jobs {
		if s.accounted(j.ID) && j.CreatedAt.After(newest) {
			newest = j.CreatedAt
		}
	}
	keyField := m.KeyField.ValueString()
	var mine, undoneHere []client.Summary
	for _, j := range jobs {
		action := datasetJobAction(j.Name, obj.Type, keyField)
		switch {
		case action == "", s.accounted(j.ID), !j.CreatedAt.IsZero() && j.CreatedAt.Before(newest), // no time given: not known to be older
			j.Status == client.StatusCreated, j.Status == client.StatusCancelled,
			client.IsTerminal(j.Status) && j.Status != client.StatusCompleted && j.RowsSucceeded == 0:
		case datasetJobUndone(j, jobs):
			if r.pd.datasets.undoneHere(j.ID) {
				undoneHere = append(undoneHere, j)
			}
		default:
			mine = append(mine, j)
		}
	}
	loadguard.RankClaims(mine) // oldest first: later jobs' effects win
	for _, j := range mine {
		if !client.IsTerminal(j.Status) {
			if !wait {
				out.Running = append(out.Running, j)
				continue
			}
			done, err := r.pd.client.WaitForJob(ctx, j.ID, nil)
			if err != nil {
				return out, fmt.Errorf("waiting for %s job %s, which an interrupted apply of this dataset left running: %w. Nothing was sent; apply again", j.JobType, j.ID, err)
			}
			j = *done
		}
		notes := recordNotes{
			untracked: func(key, id string) {
				out.Untracked = append(out.Untracked, untrackedRecord{Job: j.ID, Key: key, ID: id})
			},
			// A later Delete (jobs run oldest first) took the record away.
			deleted: func(_, id string) {
				out.Untracked = slices.DeleteFunc(out.Untracked, func(u untrackedRecord) bool { return u.ID == id })
			},
		}
		if err := r.recordJob(ctx, datasetJobAction(j.Name, obj.Type, keyField), j, m, obj, f, s, notes); err != nil {
			return out, err
		}
		s.Jobs = append(s.Jobs, j.ID)
		out.Recorded = append(out.Recorded, j.ID)
	}
	// What this run's destroy took away from under the plan, on a copy.
	for _, j := range undoneHere {
		scratch := s.clone()
		if err := r.recordJob(ctx, datasetJobAction(j.Name, obj.Type, keyField), j, m, obj, f, scratch, recordNotes{}); err != nil {
			return out, err
		}
		if len(scratch.Rows) != len(s.Rows) {
			out.LostToDestroy = append(out.LostToDestroy, j.ID)
		}
	}
	return out, nil
}

// lostToDestroyError is the error for a plan whose recorded rows another
// dataset's destroy deleted in this run (a rename without a moved block,
// with on_destroy = "delete_records", whose destroy ran first).
func lostToDestroyError(attr path.Path, objectType, keyField string, jobs []string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(attr, "Records deleted by another dataset's destroy in this apply", fmt.Sprintf("Another zuora_bulk_dataset of %s by %s was destroyed "+
		"with its records (on_destroy = \"delete_records\") earlier in this apply, as a rename without a moved block does. "+
		"The plan counted records loaded by job %s as this dataset's, and they are gone. Nothing was sent. "+
		"Run terraform apply again: its plan loads those rows as new records. To rename a dataset and keep its records, use a moved block.",
		objectType, keyField, strings.Join(jobs, ", ")))
}

// datasetJobAction is the action (import, update, delete) of a job this
// dataset's runner named, "" for any other job (the destroy's Delete is
// the destroy's own: the runner finds it by its name).
func datasetJobAction(name, objectType, keyField string) string {
	name = loadguard.UnmarkedName(name)
	for _, action := range []string{"import", "update", "delete"} {
		if rest, ok := strings.CutPrefix(name, datasetJobLabel(objectType, keyField, action)+" "); ok && generatedJobName.MatchString(rest) {
			return action
		}
	}
	return ""
}

// recordNotes hears of records recordJob does not record: an Import's
// for a key in neither the file nor the state, and any a Delete removed.
// A nil func hears nothing.
type recordNotes struct{ untracked, deleted func(key, id string) }

func (recordNotes) note(f func(key, id string), key, id string) {
	if f != nil {
		f(key, id)
	}
}

// recordJob records one finished job's success rows in s (see reconcile),
// and hands untracked each record an Import loaded for a key in neither
// f nor s.
func (r *bulkDatasetResource) recordJob(ctx context.Context, action string, j client.Summary, m bulkDatasetModel, obj datasetObject, f *datasetFile, s *datasetState,
	notes recordNotes) error {
	// A CSV dataset's runner sends CSV jobs: their success rows echo the
	// columns as written (the key's column, the mapped names).
	keyField, format := m.KeyField.ValueString(), m.csvFormat(ctx)
	keyName := keyField
	if f.CSV != nil {
		keyName = format.keyColumn(keyField)
	}
	keyOfID := make(map[string]string, len(s.Rows))
	if action != "import" {
		for k, row := range s.Rows {
			keyOfID[row.ID] = k
		}
	}
	h := newRowHasher(obj.Updatable)
	h.paths = f.CSV != nil
	inFile := func(key string) (datasetRow, bool) {
		n, ok := f.byKey[key]
		if !ok {
			return datasetRow{}, false
		}
		if action == "update" {
			// A row that cannot be read again has no bytes, and updateSent
			// cannot say it was sent: it is updated again, harmlessly.
			_ = f.load([]int{n})
		}
		return f.Rows[n], true
	}
	keyless := 0
	_, err := r.pd.readJobResults(ctx, &j, format.Delimiter, func(row client.ResultRow) error {
		if action == "delete" && row.ID != "" {
			notes.note(notes.deleted, "", row.ID)
		}
		key, ok := row.Value(keyName)
		if id := keyOfID[row.ID]; id != "" && row.ID != "" {
			key, ok = id, true
		}
		if !ok || key == "" {
			keyless++ // a record no key names (the job's file is not read: lines cannot help)
			return nil
		}
		_, inState := s.Rows[key]
		fileRow, inFile := inFile(key)
		switch {
		case action == "import" && !inState && inFile:
			hs, err := loadedRowHashes(h, row)
			if f.CSV != nil {
				hs, err = loadedCSVRowHashes(h, row, format)
			}
			if err != nil {
				return fmt.Errorf("success row %d: %w", row.Line, err)
			}
			s.Rows[key] = loadedRow{ID: row.ID, hashes: hs}
		case action == "import" && !inState:
			notes.note(notes.untracked, key, row.ID)
		case action == "update" && inState:
			s.rehash(key, hashes{})
			if inFile && f.CSV == nil && updateSent(h, row, fileRow, obj, s.id(key)) { // a CSV row: updated again, harmlessly
				s.rehash(key, fileRow.hashes)
			}
		case action == "delete" && inState:
			delete(s.Rows, key)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading what %s job %s (an interrupted apply of this dataset) loaded: %w. Nothing was sent; apply again", j.JobType, j.ID, err)
	}
	if action == "import" && keyless > 0 {
		// Any key of the file not recorded may be such a record: held
		// (bulk_dataset_held.go), more than the job sent perhaps, never fewer.
		var doubt []string
		for _, row := range f.Rows {
			if _, ok := s.Rows[row.Key]; !ok {
				doubt = append(doubt, row.Key)
			}
		}
		s.hold(j.ID, doubt)
	}
	return nil
}

// updateSent: the Update success row is the row the runner would send for
// the file's row now (updateRow), so the record holds the file's row.
func updateSent(h *rowHasher, row client.ResultRow, fileRow datasetRow, obj datasetObject, id string) bool {
	added := func(name string) bool { return name == row.IDKey || name == row.LineKey || name == row.ReasonKey }
	want, err := updateRow(fileRow, obj.UpdateID, id, obj.Updatable)
	if err != nil {
		return false
	}
	a, errA := h.hash(want, added)
	b, errB := h.hash([]byte(row.JSON), added)
	return errA == nil && errB == nil && a == b
}

// generatedJobsSince is how far back generated jobs are looked for: the
// guard's window, but never less than defaultGeneratedJobWindowDays, so
// that a small duplicate_check_days (zuora_bulk_job's setting) does not
// hide an interrupted apply's job from the next one.
func (pd *providerData) generatedJobsSince() time.Time {
	days := max(pd.loads.Days(), defaultGeneratedJobWindowDays)
	return time.Now().Add(-time.Duration(days) * 24 * time.Hour)
}

// runningDetail says what plan knows of jobs still running.
func runningDetail(running []client.Summary) string {
	ids := make([]string, len(running))
	for i, j := range running {
		ids[i] = fmt.Sprintf("%s job %s (%s)", j.JobType, j.ID, j.Status)
	}
	slices.Sort(ids)
	return fmt.Sprintf("An interrupted apply of this dataset left %s running. The counts above do not include what it loads: "+
		"apply waits for it and records its rows before sending anything. If that changes what must be sent, the apply stops "+
		"before sending anything (Terraform's plan at apply no longer matches this one: the counts or diff_sha256 changed); plan again.", strings.Join(ids, ", "))
}
