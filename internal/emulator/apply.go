package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// processed is a row on its way through a job: decoded and checked
// without the server lock, then applied under it.
type processed struct {
	r       row
	rec     *record
	problem string
	id      string
	hasID   bool // the row itself has an Id member
}

// applyBatchLocked applies decoded rows to the record store and counts
// the outcomes. Caller holds s.recMu.
func (s *Server) applyBatchLocked(j *job, batch []processed) (succeeded, failed int) {
	for i := range batch {
		p := &batch[i]
		if p.problem == "" {
			p.id, p.problem = s.applyLocked(j, p.rec)
		}
		if p.problem != "" {
			failed++
		} else {
			succeeded++
		}
	}
	return succeeded, failed
}

// writeResults records the outcome of applied rows in the result files.
func (run *jobRun) writeResults(batch []processed) {
	for _, p := range batch {
		if p.problem != "" {
			run.out.failed(p.r, p.problem)
		} else {
			run.out.succeeded(p.r, p.id, p.hasID)
		}
	}
}

// decode turns a row into a record and checks it against the object's
// field metadata for the job's action.
func (run *jobRun) decode(p *processed) {
	r := p.r
	if r.record != nil {
		if len(r.record) != len(run.fieldNames) {
			p.problem = fmt.Sprintf("Expected %d columns, found %d", len(run.fieldNames), len(r.record))
			return
		}
		if ps := run.check(func(v *rowcheck.Validator) []rowcheck.Problem { return v.CheckRecord(r.line, run.fieldNames, r.record) }); len(ps) > 0 {
			p.problem = formatProblems(ps)
			return
		}
		fields := recordFields(run.fieldNames, r.record)
		_, p.hasID = fields["Id"]
		p.rec = decodedRecord(fields)
		return
	}
	// A valid object (the usual row) is kept as its bytes; anything else
	// is decoded, for the same message as always.
	if !json.Valid(r.raw) || r.raw[skipWS(r.raw, 0)] != '{' {
		p.problem = malformed(r.raw)
		return
	}
	if ps := run.check(func(v *rowcheck.Validator) []rowcheck.Problem { return v.CheckJSON(r.line, r.raw) }); len(ps) > 0 {
		p.problem = formatProblems(ps)
		return
	}
	var keys []keyValue
	keys, p.hasID = topLevel(r.raw, run.keyFields)
	p.rec = &record{raw: r.raw, keys: keys, added: keys[len(keys):]}
}

// malformed says why a row json.Valid rejects, or that is not an object,
// cannot load.
func malformed(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "Malformed JSON: " + err.Error()
	}
	if _, err := dec.Token(); err != io.EOF {
		return "Malformed JSON: unexpected data after the object"
	}
	return "Each line must be a JSON object"
}

// check runs a row check, or none for an open object.
func (run *jobRun) check(f func(*rowcheck.Validator) []rowcheck.Problem) []rowcheck.Problem {
	if run.validator == nil {
		return nil
	}
	return f(run.validator)
}

// recordFields builds a record from a CSV row: dotted column names nest
// ("billToContact.firstName"), and empty cells are absent values.
func recordFields(names, values []string) map[string]any {
	out := map[string]any{}
	for i, name := range names {
		if values[i] == "" {
			continue
		}
		path := strings.Split(strings.ReplaceAll(name, "[]", ""), ".")
		m := out
		for _, p := range path[:len(path)-1] {
			sub, ok := m[p].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
		m[path[len(path)-1]] = values[i]
	}
	return out
}

func formatProblems(ps []rowcheck.Problem) string {
	const keep = 10
	parts := make([]string, 0, min(len(ps), keep))
	for i, p := range ps {
		if i == keep {
			parts = append(parts, fmt.Sprintf("and %d more", len(ps)-keep))
			break
		}
		if p.Field != "" {
			parts = append(parts, p.Field+": "+p.Message)
		} else {
			parts = append(parts, p.Message)
		}
	}
	return strings.Join(parts, "; ")
}

// applyLocked performs the job's action on the record store, enforcing
// what Zuora enforces beyond field metadata: references to existing
// records, unique fields, Ids that must exist, and the rules of
// best-practices-for-delete-jobs. It returns the record id, or why the
// row failed. Caller holds s.recMu.
func (s *Server) applyLocked(j *job, row *record) (string, string) {
	o := j.object
	t := s.tableLocked(o.storedAs())
	if j.jobType == actionImport {
		if p := s.checkRecordLocked(o, t, row, ""); p != "" {
			return "", p
		}
		if a := o.autoNumber; a != nil && row.value(a.field) == "" {
			row.set(a.field, t.nextNumber(a.field, a.format))
		}
		for field, v := range o.importDefaults {
			if row.value(field) == "" {
				row.set(field, v)
			}
		}
		id := newRecordID()
		row.set("Id", id)
		t.insertNew(id, row)
		return id, ""
	}

	id := row.value("Id")
	if id == "" {
		return "", "Id is required to " + strings.ToLower(j.jobType) + " a record"
	}
	rec := t.live(id)
	if rec == nil {
		return "", fmt.Sprintf("Record not found: no %s with Id %s", o.Type, id)
	}
	switch j.jobType {
	case actionUpdate:
		// best-practices-for-update-jobs: fields the row carries change,
		// the others keep their value.
		if p := s.checkRecordLocked(o, t, row, id); p != "" {
			return "", p
		}
		t.change(id, func(rec map[string]any) { merge(rec, row.materialize()) })
	case actionDelete:
		if p := s.refuseDeleteLocked(o, rec, id); p != "" {
			return "", p
		}
		if o.deleteStatus != "" {
			t.retire(id, o.deleteStatus)
		} else {
			t.remove(id)
		}
	case actionCancel:
		if rec.value("status") == "Cancelled" {
			return "", fmt.Sprintf("%s %s is already cancelled", o.Type, id)
		}
		t.change(id, func(rec map[string]any) {
			merge(rec, row.materialize())
			rec["status"] = "Cancelled"
		})
	}
	return id, ""
}

// refuseDeleteLocked says why a record may not be deleted, following
// best-practices-for-delete-jobs: accounting codes must be inactive, and
// an account that owns a subscription stays.
func (s *Server) refuseDeleteLocked(o *object, rec *record, id string) string {
	if r := o.deleteRequires; r != nil {
		if v := rec.value(r.Field); v != r.Value {
			return fmt.Sprintf(r.Reason, id, v)
		}
	}
	for _, ref := range o.referrers {
		t := s.tableLocked(ref.ObjectType)
		for _, field := range ref.Fields {
			if t.referrers(field, id) > 0 {
				by := t.firstReferrer(field, id)
				if n := t.byID[by].value("subscriptionNumber"); n != "" {
					by = n + " (" + by + ")"
				}
				return fmt.Sprintf(ref.Reason, by)
			}
		}
	}
	return ""
}

// checkRecordLocked checks references and unique fields of an imported or
// updated record; self is the record's own id on update.
func (s *Server) checkRecordLocked(o *object, t *recordTable, row *record, self string) string {
	for name, target := range o.refs {
		ref := row.value(name)
		if ref != "" && s.tableLocked(target).live(ref) == nil {
			return fmt.Sprintf("%s: no %s with Id %s", name, target, ref)
		}
	}
	for _, name := range o.unique {
		v := row.value(name)
		if v == "" {
			continue
		}
		if other := t.holder(name, v, self); other != "" {
			return fmt.Sprintf("%s: %q is already used by %s %s", name, v, o.Type, other)
		}
	}
	return ""
}
