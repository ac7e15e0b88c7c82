package emulator

import (
	"bytes"
	"encoding/json"
)

// record is one stored record. An imported JSON row is kept as the bytes
// it was sent as, plus the members the emulator added (Id, an auto-number)
// and the text of the few top-level fields the emulator looks records up
// by. Decoding every row into maps was most of an Import's cost and of
// its garbage, and most records are never read back; a record is decoded
// only when something needs all of it (Records, Update, Cancel).
type record struct {
	pos    int            // index in recordTable.ids
	raw    []byte         // the row as sent; nil once decoded into fields
	added  []keyValue     // members set over raw, in order
	keys   []keyValue     // text of top-level fields of raw, "" when absent
	fields map[string]any // the decoded record; nil while raw holds it
	// deleted: a Delete left the record in place (an account stays,
	// Canceled); Records no longer lists it and no row can address it.
	deleted bool
}

// keyValue is a field and its text as text() gives it.
type keyValue struct{ name, value string }

// decodedRecord wraps a record that is already a map (a CSV row, an
// Update row, a test's record).
func decodedRecord(fields map[string]any) *record { return &record{fields: fields} }

// value is the text of a top-level field, as text() gives it.
func (r *record) value(field string) string {
	if r.fields != nil {
		return text(r.fields[field])
	}
	for i := len(r.added) - 1; i >= 0; i-- {
		if r.added[i].name == field {
			return r.added[i].value
		}
	}
	for _, kv := range r.keys {
		if kv.name == field {
			return kv.value
		}
	}
	return text(r.materialize()[field])
}

// set adds or replaces a top-level string member.
func (r *record) set(field, v string) {
	if r.fields != nil {
		r.fields[field] = v
		return
	}
	r.added = append(r.added, keyValue{field, v})
}

// materialize decodes the record into fields for good, for a change.
func (r *record) materialize() map[string]any {
	if r.fields == nil {
		r.fields = r.decode()
		r.raw, r.added, r.keys = nil, nil, nil
	}
	return r.fields
}

// decode returns a new map of the record: the row's members (numbers as
// json.Number) with the added members over them.
func (r *record) decode() map[string]any {
	if r.fields != nil {
		return copyRecord(r.fields)
	}
	m := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(r.raw))
	dec.UseNumber()
	_ = dec.Decode(&m) // raw was checked to be one JSON object when it loaded
	for _, kv := range r.added {
		m[kv.name] = kv.value
	}
	return m
}
