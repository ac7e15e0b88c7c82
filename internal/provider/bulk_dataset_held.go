package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Held keys. An Import job's success rows say which key each record is
// (the key field, else the line of the job's file). A success row that
// says neither is a record the dataset cannot name: one of the keys sent
// and not matched was loaded, and which one cannot be told. Recording
// none of them would make the next plan import them all again, loading
// that record twice; so every key sent and not matched is held: no plan
// sends it until the hold is released. A hold is released when the key
// leaves the file (the person who checked the job's success rows decided;
// putting the row back imports it anew) or is recorded in the dataset.
// An Update or Delete sent again is harmless (the same values again; a
// delete of a deleted record fails that row), so only imports are held.

// hold holds keys in doubt after job id.
func (s *datasetState) hold(id string, keys []string) {
	if s.Held == nil {
		s.Held = map[string]string{}
	}
	for _, k := range keys {
		s.Held[k] = id
	}
}

// releaseHeld releases the holds of keys that left the file or that the
// dataset records; it reports whether it released any.
func (s *datasetState) releaseHeld(f *datasetFile) bool {
	released := false
	for k := range s.Held {
		_, inFile := f.byKey[k]
		if _, recorded := s.Rows[k]; !inFile || recorded {
			delete(s.Held, k)
			released = true
		}
	}
	return released
}

// heldImports names the rows diff would import whose keys are held, and
// what to do; "" when there are none.
func heldImports(f *datasetFile, diff datasetDiff, s *datasetState, source, keyField string) string {
	byJob := map[string][]string{}
	for _, n := range diff.Import {
		row := f.Rows[n]
		if job, held := s.Held[row.Key]; held {
			byJob[job] = append(byJob[job], fmt.Sprintf("line %d (%s %q)", row.Line, keyField, row.Key))
		}
	}
	if len(byJob) == 0 {
		return ""
	}
	var parts []string
	for _, job := range slices.Sorted(maps.Keys(byJob)) {
		rows := byJob[job]
		more := ""
		if len(rows) > 10 {
			rows, more = rows[:10], fmt.Sprintf(" and %d more", len(byJob[job])-10)
		}
		parts = append(parts, fmt.Sprintf("Import job %s: %s%s", job, strings.Join(rows, ", "), more))
	}
	return fmt.Sprintf("These rows of %s are held back: an Import job loaded records whose success rows name no %s and no line, so "+
		"one or more of these rows may already be a record, and importing them again would load it twice.\n  %s\n"+
		"Check the job's success rows (the zuora_bulk_job_results data source with that job_id and kind = \"success\"). "+
		"For each row: if Zuora holds its record, remove the row from the file (the dataset forgets it; the record stays). "+
		"If it does not, remove the row, apply (the hold is released), and put the row back: the next apply imports it.",
		source, keyField, strings.Join(parts, "\n  "))
}

// loadHeld reads the held keys from private state.
func (s *datasetState) loadHeld(ctx context.Context, p privateState) diag.Diagnostics {
	if p == nil {
		return nil
	}
	raw, diags := p.GetKey(ctx, datasetHeldKey)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &s.Held); err != nil {
			diags.AddError("Cannot read the dataset's state", fmt.Sprintf("The held keys in private state are damaged (%v). "+
				"Remove the resource from state and import it again from its completed Import jobs (terraform import with their ids; "+
				"job_ids lists them among its Update and Delete jobs).", err))
		}
	}
	return diags
}

// saveHeld writes the held keys to private state (none: the key removed).
func (s *datasetState) saveHeld(ctx context.Context, p privateState) diag.Diagnostics {
	if len(s.Held) == 0 {
		return p.SetKey(ctx, datasetHeldKey, nil)
	}
	b, err := json.Marshal(s.Held)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot save the dataset's held keys", err.Error())
		return diags
	}
	return p.SetKey(ctx, datasetHeldKey, b)
}
