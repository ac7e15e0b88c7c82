package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// maxDatasetRows is the largest file a dataset keeps, and
// maxDatasetStateBytes the most state it may write: the promise
// is 100,000 rows in under 10 MB. A row costs about 83 bytes plus its key
// in the state file (stateBytesPerRow), so 100,000 rows fit for keys up
// to 16 characters; longer keys lower the row limit, and plan says so
// before anything is sent. A larger load is a one-off zuora_bulk_job.
const (
	maxDatasetRows       = 100_000
	maxDatasetStateBytes = 10_000_000
)

// datasetRow is one row of the dataset's file. Only the row's bytes and
// its hashes are kept; members are decoded again for the few rows sent.
// A CSV row's Raw is its fields as a JSON object (csvRowJSON), and Cells
// its record as written. A row of a JSON-lines file read from disk keeps
// only its place there (at, size) and the CRC-32C of its bytes (sum)
// until datasetFile.load reads them again (bulk_dataset_source.go).
type datasetRow struct {
	Key   string
	Line  int
	Raw   []byte
	Cells []string
	hashes
	at        int64
	size, sum uint32
}

// hashes identify a row's content: All over every member, Fixed over the
// members the object's Update metadata does not list (a change there
// cannot be made by an Update job). They only tell one row's versions
// apart, so 64 and 32 bits are plenty, and 12 bytes a row keep state small
// (rowHasher makes them).
type hashes struct {
	All   uint64
	Fixed uint32
}

// datasetFile is the file's rows in file order; CSV is nil for JSON lines.
type datasetFile struct {
	Rows  []datasetRow
	byKey map[string]int
	CSV   *datasetCSV
	// source is the file the rows' bytes are read again from, when Rows
	// do not hold them (readDatasetSource).
	source string
}

// readDatasetRows reads JSON-lines rows, each keyed by the value at
// keyField. updatable names the top-level members an Update may carry
// (nil when the object has no Update). Rows keep slices of data. Problems
// are returned as one error naming the lines: a row without the key, a
// key twice, too many rows.
func readDatasetRows(data []byte, name, keyField string, updatable map[string]bool) (*datasetFile, error) {
	lines := bytes.Count(data, []byte{'\n'}) + 1
	c := newRowCollector(lines, name, keyField)
	for _, part := range parseRowsInParts(data, lines, keyField, updatable) {
		if stop, err := c.addAll(part); err != nil {
			return nil, err
		} else if stop {
			break
		}
	}
	return c.done()
}

// parsedRow is one line parsed: a row, or its problem.
type parsedRow struct {
	row     datasetRow
	problem string
}

// parseRowsInParts parses the file's lines, in file order, on every core:
// hashing rows is most of a plan's work. A file with more lines than a
// dataset may hold is parsed in one part, lazily enough that it is
// refused after its first rows (the collector stops it).
func parseRowsInParts(data []byte, lines int, keyField string, updatable map[string]bool) [][]parsedRow {
	parts := runtime.GOMAXPROCS(0)
	if lines > 2*maxDatasetRows || len(data) < 1<<20 {
		parts = 1
	}
	type part struct {
		data  []byte
		first int // its first line's number
	}
	var split []part
	for line, rest := 1, data; len(rest) > 0; {
		n := len(data) / parts
		if len(split) == parts-1 || n >= len(rest) {
			n = len(rest)
		} else if nl := bytes.IndexByte(rest[n:], '\n'); nl < 0 {
			n = len(rest)
		} else {
			n += nl + 1
		}
		split = append(split, part{rest[:n], line})
		line += bytes.Count(rest[:n], []byte{'\n'})
		rest = rest[n:]
	}
	out := make([][]parsedRow, len(split))
	var wg sync.WaitGroup
	for i, p := range split {
		wg.Go(func() { out[i] = parseLines(p.data, p.first, keyField, newRowHasher(updatable)) })
	}
	wg.Wait()
	return out
}

// parseLines parses each non-blank line of data, the first numbered first.
func parseLines(data []byte, first int, keyField string, h *rowHasher) []parsedRow {
	rows := make([]parsedRow, 0, bytes.Count(data, []byte{'\n'})+1)
	for line, rest := first, data; len(rest) > 0 && len(rows) <= maxDatasetRows; line++ {
		raw, tail, _ := bytes.Cut(rest, []byte{'\n'})
		rest = tail
		if raw = bytes.TrimSpace(raw); len(raw) == 0 {
			continue
		}
		row, problem := parseDatasetRow(h, raw, line, keyField)
		rows = append(rows, parsedRow{row, problem})
	}
	return rows
}

// rowCollector gathers a file's rows and its problems: a row without the
// key, a key twice, too many rows.
type rowCollector struct {
	f              *datasetFile
	name, keyField string
	problems       []string
}

func newRowCollector(lines int, name, keyField string) *rowCollector {
	lines = min(lines, maxDatasetRows+1)
	return &rowCollector{f: &datasetFile{Rows: make([]datasetRow, 0, lines), byKey: make(map[string]int, lines)}, name: name, keyField: keyField}
}

// full: enough problems to report.
func (c *rowCollector) full() bool { return len(c.problems) >= 10 }

func (c *rowCollector) problem(line int, what string) {
	c.problems = append(c.problems, fmt.Sprintf("%s line %d: %s", c.name, line, what))
}

// add takes a row, or its problem; the error stops a file that is too large.
func (c *rowCollector) add(row datasetRow, problem string) error {
	f := c.f
	switch first, dup := f.byKey[row.Key]; {
	case problem != "":
		c.problem(row.Line, problem)
	case dup:
		c.problems = append(c.problems, fmt.Sprintf("%s lines %d and %d: both have %s %q; a key must be unique",
			c.name, f.Rows[first].Line, row.Line, c.keyField, row.Key))
	default:
		f.byKey[row.Key] = len(f.Rows)
		f.Rows = append(f.Rows, row)
	}
	if len(f.Rows) > maxDatasetRows {
		return fmt.Errorf("%s has more than %d rows, the most a zuora_bulk_dataset keeps in state; "+
			"load a file this large with zuora_bulk_job (one job, no per-row state)", c.name, maxDatasetRows)
	}
	return nil
}

// addAll adds rows in order until enough problems are found (stop); the
// error stops a file that is too large.
func (c *rowCollector) addAll(rows []parsedRow) (stop bool, err error) {
	for _, r := range rows {
		if c.full() {
			return true, nil
		}
		if err := c.add(r.row, r.problem); err != nil {
			return true, err
		}
	}
	return false, nil
}

// done is the file, or its problems as one error naming the lines.
func (c *rowCollector) done() (*datasetFile, error) {
	if len(c.problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(c.problems, "\n"))
	}
	return c.f, nil
}

// checkStateSize refuses a file whose dataset state would pass
// maxDatasetStateBytes, estimated from its keys and the inline bytes of
// content (TestDatasetState_100kRowsUnder10MB checks the estimate against
// a real state file).
func (f *datasetFile) checkStateSize(name, keyField string, inline int) error {
	rowBytes, longest := 0, 0
	for _, r := range f.Rows {
		rowBytes += stateBytesPerRow(r.Key)
		longest = max(longest, len(r.Key))
	}
	total := stateBytesFixed + inline + rowBytes
	if total <= maxDatasetStateBytes {
		return nil
	}
	if inline > 0 {
		return fmt.Errorf("%s: content keeps the whole file in state, and with %d rows the dataset's state would be about %.1f MB, "+
			"more than the %d MB a zuora_bulk_dataset keeps. Give the rows as a file with source instead of content",
			name, len(f.Rows), float64(total)/1e6, maxDatasetStateBytes/1_000_000)
	}
	fit := (maxDatasetStateBytes - stateBytesFixed) / (rowBytes / len(f.Rows)) // rows: total > the limit means there are some
	return fmt.Errorf("%s has %d rows with %s values up to %d characters long: the dataset's state would be about %.1f MB, "+
		"and a zuora_bulk_dataset keeps at most %d MB (a key, a record id and row hashes per row). "+
		"Split the rows into several datasets (about %d rows each at this key length), or load them once with zuora_bulk_job (no per-row state)",
		name, len(f.Rows), keyField, longest, float64(total)/1e6, maxDatasetStateBytes/1_000_000, fit)
}

// The state file's cost of a dataset (Terraform writes state as indented
// JSON): stateBytesFixed for the resource and its other attributes, and
// per row its ids entry (14 spaces of indent, the quoted key and record
// id, ": ", ",\n") and its 12 bytes of hashes in private state, which are
// base64-encoded three times on the way (about 29 bytes).
const (
	stateBytesFixed   = 4096
	zuoraIDLen        = 32 // Zuora's record ids are 32 hex digits
	stateBytesHashes  = 29
	stateBytesIDEntry = 14 + 2 + 4 + 2 + zuoraIDLen
)

func stateBytesPerRow(key string) int {
	return stateBytesIDEntry + jsonStringLen(key) + stateBytesHashes
}

// jsonStringLen is how many bytes key takes inside a JSON string as
// Terraform writes it (encoding/json: HTML characters and controls escaped).
func jsonStringLen(key string) int {
	n := len(key)
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case c == '"' || c == '\\':
			n++
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			n += 5
		}
	}
	return n
}

// parseDatasetRow hashes one row and reads its key.
func parseDatasetRow(h *rowHasher, raw []byte, line int, keyField string) (datasetRow, string) {
	row := datasetRow{Line: line, Raw: raw}
	var err error
	if row.hashes, err = h.hash(raw, nil); err != nil {
		switch {
		case bytes.HasPrefix(raw, []byte("\uFEFF")):
			return row, "starts with a byte order mark (U+FEFF): save the file as UTF-8 without one"
		case errors.Is(err, errNotObject):
			return row, err.Error()
		}
		return row, "not a JSON object: " + err.Error()
	}
	key, ok := h.key(keyField)
	if !ok || key == "" {
		return row, fmt.Sprintf("no value for the key field %s (a string, number or boolean)", keyField)
	}
	row.Key = key
	return row, ""
}

func decodeMembers(raw []byte) (map[string]json.RawMessage, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return nil, err
	}
	if members == nil {
		return nil, fmt.Errorf("null")
	}
	return members, nil
}

// memberText is the text of the scalar at a dotted path.
func memberText(members map[string]json.RawMessage, path string) (string, bool) {
	head, rest, nested := strings.Cut(path, ".")
	v, ok := members[head]
	if !ok {
		return "", false
	}
	if nested {
		inner, err := decodeMembers(v)
		if err != nil {
			return "", false
		}
		return memberText(inner, rest)
	}
	return scalarText(v)
}

// scalarText is the text of a JSON scalar: a string unquoted, a number or
// boolean as written.
func scalarText(v json.RawMessage) (string, bool) {
	var s any
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if dec.Decode(&s) != nil {
		return "", false
	}
	switch s := s.(type) {
	case string:
		return s, true
	case json.Number:
		return s.String(), true
	case bool:
		return fmt.Sprint(s), true
	}
	return "", false
}

// canonicalJSON is a value with insignificant whitespace removed and, in
// objects, members in name order (encoding/json sorts map keys; numbers
// keep their text).
func canonicalJSON(v json.RawMessage) []byte {
	t := bytes.TrimSpace(v)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		var b bytes.Buffer
		if json.Compact(&b, t) != nil {
			return t
		}
		return b.Bytes()
	}
	var x any
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	if dec.Decode(&x) != nil {
		return t
	}
	out, err := json.Marshal(x)
	if err != nil {
		return t
	}
	return out
}
