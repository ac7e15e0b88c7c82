package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxResultFileBytes bounds how much of a result file is read. An error
// rows file echoes the source (at most 2,097,152,000 bytes by Zuora's
// upload policy) plus a reason per row.
const MaxResultFileBytes int64 = 4 << 30

// ResultRow is one row of a job's error or success rows file.
type ResultRow struct {
	// Line is the row's line in the source file, 0 when Zuora gives none.
	Line int64
	// ID is the Zuora record id (success rows).
	ID string
	// Reason is why Zuora refused the row (error rows).
	Reason string
	// JSON is the whole row as a JSON object: a JSON-lines row as written,
	// a CSV record as {"column": "value", …} in column order.
	JSON string

	fields map[string]any
}

// The spellings Zuora's documents leave open, accepted in this order.
var (
	resultIDKeys     = []string{"Id", "id", "ID"}
	resultReasonKeys = []string{"_error", "error", "Error", "errorMessage", "reasons", "reason"}
	resultLineKeys   = []string{"_line", "line", "Line", "rowNumber", "lineNumber"}
)

// Value is the text of the member at a dotted path ("billToContact.workEmail").
// A member whose own name contains the dots (a CSV column) wins.
func (r ResultRow) Value(path string) (string, bool) {
	if v, ok := r.fields[path]; ok {
		return scalarText(v)
	}
	var cur any = r.fields
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		if cur, ok = m[part]; !ok {
			return "", false
		}
	}
	return scalarText(cur)
}

func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// StreamResultRows streams a presigned result file and hands each row to
// fn in file order. fileType is the job's (`csv` or JSON lines); delimiter
// the CSV one (default comma). Nothing but the current row is held in
// memory. An error from fn stops the transfer and is returned.
func (c *Client) StreamResultRows(ctx context.Context, rawURL, fileType, delimiter string, fn func(ResultRow) error) error {
	const op = "read result file"
	pr, pw := io.Pipe()
	parsed := make(chan error, 1)
	go func() {
		var err error
		if strings.EqualFold(fileType, "csv") {
			err = parseCSVResults(pr, delimiter, fn)
		} else {
			err = parseJSONLResults(pr, fn)
		}
		// Unblocks the transfer when parsing stopped early.
		_ = pr.CloseWithError(errParseStopped)
		parsed <- err
	}()
	n, fetchErr := c.fetch(ctx, op, rawURL, MaxResultFileBytes+1, false, pw)
	if fetchErr == nil && n > MaxResultFileBytes {
		fetchErr = &Error{Operation: op, Err: fmt.Errorf("the file is larger than %d bytes", MaxResultFileBytes)}
	}
	_ = pw.CloseWithError(fetchErr) // nil closes with io.EOF
	parseErr := <-parsed
	// A failed transfer shows up in the parser as a read error; report the
	// transfer's. A parser that stopped on its own stopped the transfer.
	if fetchErr != nil && (parseErr == nil || errors.Is(parseErr, fetchErr)) {
		return fetchErr
	}
	return parseErr
}

// errParseStopped ends a transfer whose rows are no longer wanted.
var errParseStopped = errors.New("result file parsing stopped")

func parseJSONLResults(r io.Reader, fn func(ResultRow) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if body := bytes.TrimSpace(line); len(body) > 0 {
			row, perr := jsonResultRow(body)
			if perr != nil {
				return fmt.Errorf("result file row %d: %w", n, perr)
			}
			if ferr := fn(row); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func jsonResultRow(body []byte) (ResultRow, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var fields map[string]any
	if err := dec.Decode(&fields); err != nil || fields == nil {
		return ResultRow{}, errors.New("not a JSON object")
	}
	row := ResultRow{JSON: string(body), fields: fields}
	row.fill()
	return row, nil
}

func parseCSVResults(r io.Reader, delimiter string, fn func(ResultRow) error) error {
	cr := csv.NewReader(r)
	if delimiter != "" {
		cr.Comma = []rune(delimiter)[0]
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return fmt.Errorf("result file header: %w", err)
	}
	header = append([]string(nil), header...)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("result file: %w", err)
		}
		if err := fn(csvResultRow(header, rec)); err != nil {
			return err
		}
	}
}

func csvResultRow(header, rec []string) ResultRow {
	fields := make(map[string]any, len(header))
	var doc bytes.Buffer
	doc.WriteByte('{')
	for i, name := range header {
		if i >= len(rec) {
			break
		}
		fields[name] = rec[i]
		if i > 0 {
			doc.WriteByte(',')
		}
		writeJSONString(&doc, name)
		doc.WriteByte(':')
		writeJSONString(&doc, rec[i])
	}
	doc.WriteByte('}')
	row := ResultRow{JSON: doc.String(), fields: fields}
	row.fill()
	return row
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

// fill sets the id, reason and line from whichever spelling the row uses.
func (r *ResultRow) fill() {
	r.ID = firstText(r.fields, resultIDKeys)
	for _, k := range resultReasonKeys {
		if v, ok := r.fields[k]; ok {
			r.Reason = reasonText(v)
			break
		}
	}
	if line, err := strconv.ParseInt(firstText(r.fields, resultLineKeys), 10, 64); err == nil && line > 0 {
		r.Line = line
	}
}

func firstText(fields map[string]any, keys []string) string {
	for _, k := range keys {
		if s, ok := scalarText(fields[k]); ok && s != "" {
			return s
		}
	}
	return ""
}

// reasonText flattens a reason: text as is; a reasons list of strings or
// {code, message} objects as "message (code); …".
func reasonText(v any) string {
	switch v := v.(type) {
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			if s := reasonText(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		msg := firstText(v, []string{"message", "Message", "reason"})
		if code := firstText(v, []string{"code", "Code"}); code != "" {
			if msg == "" {
				return code
			}
			return msg + " (" + code + ")"
		}
		return msg
	}
	s, _ := scalarText(v)
	return s
}
