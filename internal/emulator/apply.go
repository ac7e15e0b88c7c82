package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
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
		if len(r.record) != len(run.columns.names) {
			p.problem = fmt.Sprintf("Expected %d columns, found %d", len(run.columns.names), len(r.record))
			return
		}
		names, values := run.columns.expand(r.record)
		if ps := run.check(func(v *rowcheck.Validator) []rowcheck.Problem { return v.CheckRecord(r.line, names, values) }); len(ps) > 0 {
			p.problem = formatProblems(ps)
			return
		}
		fields := recordFields(names, values)
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
	raw := r.raw // the result files echo the row as sent
	if run.rowIDKey != "" {
		raw = withoutMember(raw, run.rowIDKey)
	}
	if ps := run.check(func(v *rowcheck.Validator) []rowcheck.Problem { return v.CheckJSON(r.line, raw) }); len(ps) > 0 {
		p.problem = formatProblems(ps)
		return
	}
	var keys []keyValue
	keys, p.hasID = topLevel(raw, run.keyFields)
	p.rec = &record{raw: raw, keys: keys, added: keys[len(keys):]}
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
// ("billToContact.firstName"), an index makes a list element
// ("additionalEmailAddresses[1]"), and empty cells are absent values.
func recordFields(names, values []string) map[string]any {
	out := map[string]any{}
	for i, name := range names {
		if values[i] == "" {
			continue
		}
		setPath(out, strings.Split(strings.ReplaceAll(name, "[]", ""), "."), values[i])
	}
	return out
}

// setPath sets a value at a dotted path whose segments may end in [k].
func setPath(m map[string]any, path []string, v string) {
	name, index := path[0], -1
	if open := strings.IndexByte(name, '['); open > 0 && strings.HasSuffix(name, "]") {
		if k, err := strconv.Atoi(name[open+1 : len(name)-1]); err == nil && k >= 0 {
			name, index = name[:open], k
		}
	}
	if index < 0 {
		if len(path) == 1 {
			m[name] = v
			return
		}
		sub, ok := m[name].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[name] = sub
		}
		setPath(sub, path[1:], v)
		return
	}
	list, _ := m[name].([]any)
	for len(list) <= index {
		list = append(list, nil)
	}
	if len(path) == 1 {
		list[index] = v
	} else {
		sub, ok := list[index].(map[string]any)
		if !ok {
			sub = map[string]any{}
			list[index] = sub
		}
		setPath(sub, path[1:], v)
	}
	m[name] = list
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
