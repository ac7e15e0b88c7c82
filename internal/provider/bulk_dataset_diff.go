package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// datasetDiff is what an apply would do: rows of the file to import and
// to update (indexes into datasetFile.Rows), keys that left the file, and
// rows whose change an Update job cannot make (Fixed).
type datasetDiff struct {
	Import, Update, Fixed []int
	Removed               []string // sorted
	Unchanged             int
}

func diffDataset(f *datasetFile, s *datasetState) datasetDiff {
	// The rows are looked up in parts on every core (a map is safe to
	// read at once), each part's indexes kept in file order.
	parts := make([]datasetDiff, 1)
	if len(f.Rows) >= 20_000 {
		parts = make([]datasetDiff, runtime.GOMAXPROCS(0))
	}
	known := make([]int, len(parts))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			lo, hi := p*len(f.Rows)/len(parts), (p+1)*len(f.Rows)/len(parts)
			known[p] = diffRows(f.Rows, lo, hi, s, &parts[p])
		})
	}
	wg.Wait()
	d := parts[0]
	for p, part := range parts[1:] {
		d.Import = append(d.Import, part.Import...)
		d.Update = append(d.Update, part.Update...)
		d.Fixed = append(d.Fixed, part.Fixed...)
		d.Unchanged += part.Unchanged
		known[0] += known[p+1]
	}
	if known[0] < len(s.Rows) { // some keys left the file
		for key := range s.Rows {
			if _, ok := f.byKey[key]; !ok {
				d.Removed = append(d.Removed, key)
			}
		}
	}
	sort.Strings(d.Removed)
	return d
}

// diffRows diffs rows[lo:hi] into d, and says how many of them s holds.
func diffRows(rows []datasetRow, lo, hi int, s *datasetState, d *datasetDiff) (known int) {
	for i := lo; i < hi; i++ {
		row := &rows[i]
		was, ok := s.Rows[row.Key]
		switch {
		case !ok:
			d.Import = append(d.Import, i)
			continue
		case was.hashes == row.hashes:
			d.Unchanged++
		case was.Fixed != row.Fixed:
			d.Fixed = append(d.Fixed, i)
		default:
			d.Update = append(d.Update, i)
		}
		known++
	}
	return known
}

// empty: the file matches the dataset and nothing would be sent.
func (d datasetDiff) empty() bool {
	return len(d.Import)+len(d.Update)+len(d.Fixed)+len(d.Removed) == 0
}

// counts is the diff as import, update, delete, forget and unchanged.
func (d datasetDiff) counts(deleting bool) [5]int64 {
	c := [5]int64{int64(len(d.Import)), int64(len(d.Update)), 0, 0, int64(d.Unchanged)}
	if deleting {
		c[2] = int64(len(d.Removed))
	} else {
		c[3] = int64(len(d.Removed))
	}
	return c
}

// line is the plan's one-line summary, e.g. "Account dataset: 3 to
// import, 2 to update, 1 to delete, 94 unchanged".
func (d datasetDiff) line(object string, deleting bool) string {
	c := d.counts(deleting)
	parts := []string{fmt.Sprintf("%d to import", c[0]), fmt.Sprintf("%d to update", c[1])}
	if deleting || c[3] == 0 {
		parts = append(parts, fmt.Sprintf("%d to delete", c[2]))
	} else {
		parts = append(parts, fmt.Sprintf("%d to forget", c[3]))
	}
	parts = append(parts, fmt.Sprintf("%d unchanged", c[4]))
	return object + " dataset: " + strings.Join(parts, ", ")
}

// importFile is the Import job's file: the rows as written, in file order.
func importFile(f *datasetFile, rows []int) ([]byte, error) {
	if err := f.load(rows); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	for _, i := range rows {
		b.Write(f.Rows[i].Raw)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// updateRow is one Update job row: the record's id under idField and the
// members the Update metadata lists, in name order (so the same row and
// state always give the same bytes).
func updateRow(row datasetRow, idField, id string, updatable map[string]bool) ([]byte, error) {
	if row.Raw == nil {
		return nil, errRowNotRead
	}
	if b, ok := updateRowFast(row.Raw, idField, id, updatable); ok {
		return b, nil
	}
	return updateRowDecoded(row.Raw, idField, id, updatable)
}

// updateRowDecoded is updateRow from the row decoded as JSON.
func updateRowDecoded(raw []byte, idField, id string, updatable map[string]bool) ([]byte, error) {
	members, err := decodeMembers(raw)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(members))
	for n := range members {
		if updatable[n] && !strings.EqualFold(n, idField) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return appendUpdateRow(nil, idField, id, names, func(n string) json.RawMessage { return members[n] }), nil
}

// updateRowFast is updateRow's answer for a row whose member names have
// no escapes and whose names appear once, from the row's members as
// written (topMembers) rather than decoded: a plan makes an Update row
// for every changed row. ok is false for any other row, and for one that
// is not valid JSON, which updateRow decodes instead.
func updateRowFast(raw []byte, idField, id string, updatable map[string]bool) ([]byte, bool) {
	ms, err := topMembers(raw, nil)
	if err != nil {
		return nil, false
	}
	values := make(map[string]json.RawMessage, len(ms))
	names := make([]string, 0, len(ms))
	for _, m := range ms {
		if bytes.IndexByte(m.name, '\\') >= 0 {
			return nil, false
		}
		n := string(m.name)
		if _, twice := values[n]; twice {
			return nil, false
		}
		values[n] = m.value
		if updatable[n] && !strings.EqualFold(n, idField) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if !json.Valid(raw) { // the decoded path says what is wrong
		return nil, false
	}
	return appendUpdateRow(make([]byte, 0, len(raw)+len(idField)+len(id)+8), idField, id, names, func(n string) json.RawMessage { return values[n] }), true
}

// appendUpdateRow appends the Update row of id and the named members,
// each value in canonical form (canonicalJSON; a string or scalar is
// already).
func appendUpdateRow(b []byte, idField, id string, names []string, value func(string) json.RawMessage) []byte {
	idJSON, _ := json.Marshal(id) // strings: cannot fail
	b = append(strconv.AppendQuote(append(b, '{'), idField), ':')
	b = append(b, idJSON...)
	for _, n := range names {
		nameJSON, _ := json.Marshal(n)
		b = append(append(append(b, ','), nameJSON...), ':')
		if v := value(n); len(v) > 0 && (v[0] == '{' || v[0] == '[') {
			b = append(b, canonicalJSON(v)...)
		} else {
			b = append(b, v...)
		}
	}
	return append(b, '}')
}

// errRowNotRead: a row of a file read from disk was used before
// datasetFile.load read its bytes again. A bug, never a user's mistake.
var errRowNotRead = errors.New("the row's bytes were not read again from the file before use")

// deleteFile is the Delete job's file: one {"Id": …} row per key, in the
// order of keys.
func deleteFile(keys []string, s *datasetState, idField string) []byte {
	var b bytes.Buffer
	for _, k := range keys {
		idJSON, _ := json.Marshal(s.id(k))
		fmt.Fprintf(&b, "{%q:%s}\n", idField, idJSON)
	}
	return b.Bytes()
}
