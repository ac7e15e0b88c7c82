package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// recordTable holds one objectType's records in insertion order. Fields
// that must be unique are indexed (value → id) the first time they are
// looked up, and insert, remove and reindex keep those indexes current, so
// checking a row costs the same however many records there are.
type recordTable struct {
	ids     []string // insertion order; "" where a record was removed
	holes   int      // removed entries still in ids
	byID    map[string]*record
	index   map[string]map[string]string // field → value → id
	refs    map[string]map[string]int    // field → value → live records holding it
	autoSeq int
	expect  int // records an Import into the empty table will add
}

// tableLocked returns the table for a canonical objectType. Caller holds
// s.recMu (not s.mu: requests never wait for rows being applied).
func (s *Server) tableLocked(objectType string) *recordTable {
	t := s.records[objectType]
	if t == nil {
		t = &recordTable{byID: map[string]*record{}, index: map[string]map[string]string{}}
		s.records[objectType] = t
	}
	return t
}

// reserve sizes an empty table for the n records an Import is about to
// add: growing maps of a million entries step by step costs as much as
// filling them.
func (t *recordTable) reserve(n int) {
	if len(t.byID) > 0 || n <= 0 {
		return
	}
	t.expect, t.holes = n, 0
	t.byID = make(map[string]*record, n)
	t.ids = make([]string, 0, n)
	for field, values := range t.index {
		if len(values) == 0 {
			t.index[field] = make(map[string]string, n)
		}
	}
}

// insertNew inserts a record under an id no record has, such as one from
// newRecordID (112 random bits), without looking the id up first: in a
// table of a million records that look-up is a cache miss per row.
func (t *recordTable) insertNew(id string, rec *record) {
	rec.pos = len(t.ids)
	t.ids = append(t.ids, id)
	t.byID[id] = rec
	t.addToIndexes(id, rec)
}

func (t *recordTable) remove(id string) {
	rec, ok := t.byID[id]
	if !ok {
		return
	}
	t.dropFromIndexes(id, rec)
	delete(t.byID, id)
	t.ids[rec.pos] = ""
	if t.holes++; t.holes > len(t.ids)/2 {
		t.compact()
	}
}

// compact drops removed entries once they are half the slice, so removing
// costs O(1) amortised and the order of the rest is kept.
func (t *recordTable) compact() {
	live := t.ids[:0]
	for _, id := range t.ids {
		if id != "" {
			t.byID[id].pos = len(live)
			live = append(live, id)
		}
	}
	clear(t.ids[len(live):])
	t.ids, t.holes = live, 0
}

// order returns the ids of the records in insertion order, deleted ones
// only when asked.
func (t *recordTable) order(deleted bool) []string {
	out := make([]string, 0, len(t.byID))
	for _, id := range t.ids {
		if id != "" && t.byID[id].deleted == deleted {
			out = append(out, id)
		}
	}
	return out
}

// live is the record with id unless there is none or it was deleted.
func (t *recordTable) live(id string) *record {
	if rec := t.byID[id]; rec != nil && !rec.deleted {
		return rec
	}
	return nil
}

// retire deletes a record that stays in place with a status, as an
// account's Delete leaves it Canceled (best-practices-for-delete-jobs):
// it drops out of the indexes, so its unique values are free again.
func (t *recordTable) retire(id, status string) {
	rec := t.byID[id]
	t.dropFromIndexes(id, rec)
	rec.materialize()["status"] = status
	rec.deleted = true
}

// referrers counts the live records whose field holds value. The count
// per field is built on first use and kept by insert, change and remove.
func (t *recordTable) referrers(field, value string) int {
	if t.refs == nil {
		t.refs = map[string]map[string]int{}
	}
	counts, ok := t.refs[field]
	if !ok {
		counts = map[string]int{}
		for _, id := range t.ids {
			if id == "" || t.byID[id].deleted {
				continue
			}
			if v := t.byID[id].value(field); v != "" {
				counts[v]++
			}
		}
		t.refs[field] = counts
	}
	return counts[value]
}

// firstReferrer is the id of the first live record whose field holds
// value: a scan, for the message of a refused row only.
func (t *recordTable) firstReferrer(field, value string) string {
	for _, id := range t.ids {
		if id != "" && !t.byID[id].deleted && t.byID[id].value(field) == value {
			return id
		}
	}
	return ""
}

// change applies edit to a record, decoded, and keeps the indexes in step
// with it.
func (t *recordTable) change(id string, edit func(rec map[string]any)) {
	rec := t.byID[id]
	t.dropFromIndexes(id, rec)
	edit(rec.materialize())
	t.addToIndexes(id, rec)
}

func (t *recordTable) addToIndexes(id string, rec *record) {
	for field, counts := range t.refs {
		if v := rec.value(field); v != "" {
			counts[v]++
		}
	}
	for field, values := range t.index {
		if v := rec.value(field); v != "" {
			if _, taken := values[v]; !taken {
				values[v] = id
			}
		}
	}
}

func (t *recordTable) dropFromIndexes(id string, rec *record) {
	for field, counts := range t.refs {
		if v := rec.value(field); v != "" {
			if counts[v]--; counts[v] <= 0 {
				delete(counts, v)
			}
		}
	}
	for field, values := range t.index {
		if v := rec.value(field); v != "" && values[v] == id {
			delete(values, v)
		}
	}
}

// holder returns the id of another record whose field equals value.
func (t *recordTable) holder(field, value, except string) string {
	values, ok := t.index[field]
	if !ok {
		values = make(map[string]string, max(len(t.byID), t.expect))
		for _, id := range t.ids {
			if id == "" || t.byID[id].deleted {
				continue
			}
			if v := t.byID[id].value(field); v != "" {
				if _, taken := values[v]; !taken {
					values[v] = id
				}
			}
		}
		t.index[field] = values
	}
	if id := values[value]; id != except {
		return id
	}
	return ""
}

// nextNumber fills an auto-numbered field with the next free value.
func (t *recordTable) nextNumber(field, format string) string {
	for {
		t.autoSeq++
		v := fmt.Sprintf(format, t.autoSeq)
		if t.holder(field, v, "") == "" {
			return v
		}
	}
}

// newRecordID looks like Zuora's 32-hex-digit ids ("8a8a…").
func newRecordID() string {
	var b [14]byte
	_, _ = rand.Read(b[:])
	id := make([]byte, 4+hex.EncodedLen(len(b)))
	copy(id, "8a8a")
	hex.Encode(id[4:], b[:])
	return view(id)
}

// text is a field's value as a row would write it; "" when absent.
func text(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// Records returns the records stored for an objectType by Import jobs
// (and changed by Update and Delete jobs), each as its JSON fields plus
// "Id". objectType may also be the objectName, in any case. Numbers are
// json.Number, so they read back exactly as sent. The maps are copies.
// Deleted records are not listed, even those a Delete leaves in place
// (see DeletedRecords).
func (s *Server) Records(objectType string) []map[string]any {
	return s.listRecords(objectType, false)
}

// DeletedRecords returns the records a Delete left in place, as Data
// Query shows them with deleted = true (best-practices-for-delete-jobs):
// accounts, with status Canceled.
func (s *Server) DeletedRecords(objectType string) []map[string]any {
	return s.listRecords(objectType, true)
}

func (s *Server) listRecords(objectType string, deleted bool) []map[string]any {
	key := s.recordsKey(objectType)
	s.recMu.Lock()
	defer s.recMu.Unlock()
	t := s.records[key]
	if t == nil {
		return nil
	}
	ids := t.order(deleted)
	out := make([]map[string]any, len(ids))
	for i, id := range ids {
		out[i] = t.byID[id].decode()
	}
	return out
}

func copyRecord(rec map[string]any) map[string]any {
	m := make(map[string]any, len(rec))
	for k, v := range rec {
		m[k] = deepCopy(v)
	}
	return m
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return copyRecord(v)
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = deepCopy(e)
		}
		return l
	default:
		return v
	}
}

// merge applies an Update row: nested objects merge member by member,
// everything else replaces. The Id addresses the record and never changes.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if k == "Id" {
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			if have, ok := dst[k].(map[string]any); ok {
				merge(have, sub)
				continue
			}
		}
		dst[k] = v
	}
}
