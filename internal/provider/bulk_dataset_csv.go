package provider

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// A CSV dataset's rows are the file's records under its header row (as
// zuora_bulk_job reads a CSV file with has_headers). A row is its fields:
// each column's field path (its mapping's target, else its name) and its
// cell, empty cells being no value (as Zuora and the emulator read them).
// So a row hashes as the JSON object {path: cell} (csvRowJSON), and the
// columns' order and the delimiter change no row. A JSON-lines row whose
// values are strings hashes the same, so changing file_type sends nothing.

// datasetCSV is how a CSV dataset's file is written: its header as written
// (Columns), each column's field path, the delimiter and the mappings.
type datasetCSV struct {
	Columns   []string
	Paths     []string
	Delimiter rune
	Mappings  map[string]string
}

// csvFormat is the configured CSV reading: the delimiter as configured
// (a name or the character; "" for a comma) and the mappings.
type csvFormat struct {
	Delimiter string
	Mappings  map[string]string
}

// fieldPath is what a column fills: its mapping's target, else its name.
func (f csvFormat) fieldPath(column string) string {
	if target, ok := f.Mappings[column]; ok {
		return target
	}
	return column
}

// keyColumn is the column a CSV file holds keyField in: the one mapped to
// it, else the one named so. Result files echo the columns as written.
func (f csvFormat) keyColumn(keyField string) string {
	for _, column := range slices.Sorted(maps.Keys(f.Mappings)) {
		if f.Mappings[column] == keyField {
			return column
		}
	}
	return keyField
}

// readDatasetCSV reads a CSV file's records as dataset rows, keyed by the
// cell of the column whose field path is keyField.
func readDatasetCSV(data []byte, name, keyField string, updatable map[string]bool, format csvFormat) (*datasetFile, error) {
	delimiter := client.DelimiterRune(format.Delimiter)
	if delimiter == 0 {
		_, err := client.NormalizeDelimiter(format.Delimiter)
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	cr.Comma, cr.FieldsPerRecord = delimiter, -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s has no header row: a CSV dataset's file starts with its column names", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the header row is not valid CSV: %w", name, err)
	}
	layout := &datasetCSV{Columns: header, Paths: make([]string, len(header)), Delimiter: delimiter, Mappings: format.Mappings}
	for i, column := range header {
		layout.Paths[i] = format.fieldPath(column)
	}
	if !slices.Contains(layout.Paths, keyField) {
		return nil, fmt.Errorf("%s: no column holds the key field %s (the columns are %s). Name a column %s, or map one to it in mappings",
			name, keyField, strings.Join(header, ", "), keyField)
	}
	c := newRowCollector(bytes.Count(data, []byte{'\n'}), name, keyField)
	c.f.CSV = layout
	h := newRowHasher(updatable)
	h.paths = true
	var buf []byte
	for !c.full() {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var parseErr *csv.ParseError
		if errors.As(err, &parseErr) {
			c.problem(parseErr.Line, "invalid CSV: "+parseErr.Err.Error())
			continue
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(record) != len(header) {
			c.problem(line, fmt.Sprintf("%d fields, and the header has %d columns", len(record), len(header)))
			continue
		}
		start := len(buf)
		// Each row's bytes stay where they were written: buf only grows,
		// and keys share the rows' bytes (rowHasher.key).
		buf = csvRowJSON(buf, layout.Paths, record)
		row, problem := parseDatasetRow(h, buf[start:len(buf):len(buf)], line, keyField)
		row.Cells = record
		if err := c.add(row, problem); err != nil {
			return nil, err
		}
	}
	return c.done()
}

// csvRowJSON appends a record's fields as one JSON object: each non-empty
// cell under its field path, as a string.
func csvRowJSON(dst []byte, paths, cells []string) []byte {
	dst = append(dst, '{')
	first := true
	for i, cell := range cells {
		if cell == "" {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendJSONString(dst, paths[i])
		dst = append(dst, ':')
		dst = appendJSONString(dst, cell)
	}
	return append(dst, '}')
}

// appendJSONString appends s as a JSON string, escaped as little as a
// hand-written JSON-lines file would be: most cells need no escape.
func appendJSONString(dst []byte, s string) []byte {
	plain := utf8.ValidString(s)
	for i := 0; plain && i < len(s); i++ {
		plain = s[i] >= 0x20 && s[i] != '"' && s[i] != '\\'
	}
	if plain {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string: cannot fail
	return append(dst, bytes.TrimSuffix(b.Bytes(), []byte{'\n'})...)
}

// csvResultRowJSON is a CSV job's success row as the file row it echoes
// (csvRowJSON of its columns, without those the result file added), so
// it hashes as that row did.
func csvResultRowJSON(row client.ResultRow, format csvFormat) ([]byte, error) {
	var fields map[string]any
	if err := json.Unmarshal([]byte(row.JSON), &fields); err != nil {
		return nil, err
	}
	var paths, cells []string
	for _, column := range slices.Sorted(maps.Keys(fields)) {
		if column == row.IDKey || column == row.LineKey || column == row.ReasonKey {
			continue
		}
		cell, ok := fields[column].(string)
		if !ok {
			cell = fmt.Sprint(fields[column])
		}
		paths, cells = append(paths, format.fieldPath(column)), append(cells, cell)
	}
	return csvRowJSON(nil, paths, cells), nil
}

// writeCSV writes a job's CSV file: header, then records, in the
// dataset's delimiter. encoding/csv quotes only what needs it, so the
// same rows always give the same bytes.
func writeCSV(delimiter rune, header []string, records [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = delimiter
	if err := w.Write(header); err != nil {
		return nil, err
	}
	if err := w.WriteAll(records); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// csvImportFile is the Import job's file: the header and the rows as
// written, in file order.
func csvImportFile(f *datasetFile, rows []int) ([]byte, error) {
	records := make([][]string, len(rows))
	for i, n := range rows {
		records[i] = f.Rows[n].Cells
	}
	return writeCSV(f.CSV.Delimiter, f.CSV.Columns, records)
}

// updateColumns are the columns an Update job takes (in file order): those
// whose field Update's metadata lists, other than the record id.
func (l *datasetCSV) updateColumns(idField string, updatable map[string]bool) []int {
	var out []int
	for i, p := range l.Paths {
		if updatable[topField(p)] && !strings.EqualFold(p, idField) {
			out = append(out, i)
		}
	}
	return out
}

// updateHeader is the Update job's header: the id column, then cols as
// written (paths false) or as field paths (paths true, for the checks).
func (l *datasetCSV) updateHeader(idField string, cols []int, paths bool) []string {
	names := l.Columns
	if paths {
		names = l.Paths
	}
	out := []string{idField}
	for _, i := range cols {
		out = append(out, names[i])
	}
	return out
}

// updateRecord is one Update job record: the record's id and cols' cells.
func updateRecord(row datasetRow, id string, cols []int) []string {
	out := []string{id}
	for _, i := range cols {
		out = append(out, row.Cells[i])
	}
	return out
}

// sentMappings are the mappings of the columns a job's file has.
func (l *datasetCSV) sentMappings(columns []string) map[string]string {
	out := map[string]string{}
	for _, c := range columns {
		if target, ok := l.Mappings[c]; ok {
			out[c] = target
		}
	}
	return out
}
