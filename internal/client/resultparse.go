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

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ResultFormat says how a job's result files are written.
type ResultFormat struct {
	FileType    string // "csv"; anything else is JSON lines
	Delimiter   string // CSV only; a comma when empty
	RowIDHeader string // the column create-job's rowIdHeader named, if any
}

func (f ResultFormat) isCSV() bool {
	return strings.EqualFold(strings.TrimSpace(f.FileType), FileTypeCSV)
}

// The names a result row may carry its record id, reason and line under.
// data-loader-job-status-and-result-details says the success file holds
// "the Ids of newly created records" and the error file the reason, but no
// page names the keys; the samples and tenants use Id, id, ID, _error,
// errorMessage, reasons[] and more, and the emulator writes Id, _line and
// _error (JSON lines) or Id and Error columns (CSV). Keys are compared
// without case, spaces, underscores or hyphens; the earlier name in a list
// wins, and between spellings of one name the first in sort order.
var (
	resultIDNames     = []string{"id", "recordid", "zuoraid", "objectid"}
	resultReasonNames = []string{"error", "errormessage", "errors", "reason", "reasons", "failurereason", "errordetails", "errordetail", "message"}
	resultLineNames   = []string{"line", "linenumber", "rownumber"}
)

// keyRole is what a key of a result row holds.
type keyRole struct {
	kind int // roleNone, roleID, roleReason, roleLine
	rank int // position of its name in its list
}

const (
	roleNone = iota
	roleID
	roleReason
	roleLine
)

// resultKeys classifies keys, each once per file: a file has a few
// distinct keys however many rows it has.
type resultKeys struct {
	ctx    context.Context
	rowID  string
	known  map[string]keyRole
	logged [3]string // the keys last reported at DEBUG
}

func newResultKeys(ctx context.Context, f ResultFormat) *resultKeys {
	return &resultKeys{ctx: ctx, rowID: f.RowIDHeader, known: map[string]keyRole{}}
}

func (k *resultKeys) role(key string) keyRole {
	if r, ok := k.known[key]; ok {
		return r
	}
	r := keyRole{}
	if key != k.rowID {
		loose := strings.Map(func(c rune) rune {
			switch c {
			case ' ', '_', '-', '.':
				return -1
			}
			return c
		}, strings.ToLower(key))
		for kind, names := range map[int][]string{roleID: resultIDNames, roleReason: resultReasonNames, roleLine: resultLineNames} {
			for i, n := range names {
				if n == loose {
					r = keyRole{kind: kind, rank: i}
				}
			}
		}
	}
	k.known[key] = r
	return r
}

// pick chooses, per role, the best of a row's keys.
func (k *resultKeys) pick(keys []string) (id, reason, line string) {
	best := [4]keyRole{}
	chosen := [4]string{}
	for _, key := range keys {
		r := k.role(key)
		if r.kind == roleNone {
			continue
		}
		c := chosen[r.kind]
		if c == "" || r.rank < best[r.kind].rank || (r.rank == best[r.kind].rank && key < c) {
			best[r.kind], chosen[r.kind] = r, key
		}
	}
	return chosen[roleID], chosen[roleReason], chosen[roleLine]
}

// fill sets a row's id, reason, line and row id from its fields.
func (k *resultKeys) fill(r *ResultRow, keys []string, n int64) {
	r.IDKey, r.ReasonKey, r.LineKey = k.pick(keys)
	if r.IDKey != "" {
		r.ID, _ = scalarText(r.fields[r.IDKey])
	}
	if r.ReasonKey != "" {
		r.Reason = reasonText(r.fields[r.ReasonKey])
	}
	if r.LineKey != "" {
		if s, ok := scalarText(r.fields[r.LineKey]); ok {
			if line, err := strconv.ParseInt(s, 10, 64); err == nil && line > 0 {
				r.Line = line
			}
		}
	}
	if k.rowID != "" {
		if s, ok := scalarText(r.fields[k.rowID]); ok && s != "" {
			r.RowID = s
			// The row id the job was told about is the line the user knows.
			if line, err := strconv.ParseInt(s, 10, 64); err == nil && line > 0 {
				r.Line, r.LineKey = line, k.rowID
			}
		}
	}
	if got := [3]string{r.IDKey, r.ReasonKey, r.LineKey}; got != k.logged {
		k.logged = got
		tflog.Debug(k.ctx, "result file keys", map[string]any{
			"row": n, "id_key": r.IDKey, "reason_key": r.ReasonKey, "line_key": r.LineKey, "row_id_header": k.rowID,
		})
	}
}

// ParseResultRows reads a job's success or error rows file, JSON lines or
// CSV as format says, and hands each row to fn in file order: one pass,
// one row in memory. The record id, reason and line are taken under every
// key Zuora's pages and samples use (resultIDNames …); the keys used are
// logged at DEBUG when they first appear or change. An error from fn
// stops the parse and is returned.
func ParseResultRows(ctx context.Context, r io.Reader, format ResultFormat, fn func(ResultRow) error) error {
	keys := newResultKeys(ctx, format)
	if format.isCSV() {
		return parseCSVResults(r, format, keys, fn)
	}
	return parseJSONLResults(r, keys, fn)
}

func parseJSONLResults(r io.Reader, keys *resultKeys, fn func(ResultRow) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := int64(1); ; n++ {
		line, err := br.ReadBytes('\n')
		if body := bytes.TrimSpace(line); len(body) > 0 {
			row, perr := jsonResultRow(body, keys, n)
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

func jsonResultRow(body []byte, keys *resultKeys, n int64) (ResultRow, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var fields map[string]any
	if err := dec.Decode(&fields); err != nil || fields == nil {
		return ResultRow{}, errors.New("not a JSON object")
	}
	row := ResultRow{JSON: string(body), fields: fields}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	keys.fill(&row, names, n)
	return row, nil
}

func newCSVReader(r io.Reader, format ResultFormat) *csv.Reader {
	cr := csv.NewReader(r)
	// The delimiter may come as create-job's name ("tab", "pipe"), which
	// the client itself sends, or as the character, as in the downloads
	// sample (v1-api-reference_api_operation_getdownloadlinksforjob.md:
	// "delimiter": ","); the name's first letter is never the delimiter.
	if d := DelimiterRune(format.Delimiter); d != 0 {
		cr.Comma = d
	} else if format.Delimiter != "" {
		cr.Comma = []rune(format.Delimiter)[0]
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

func parseCSVResults(r io.Reader, format ResultFormat, keys *resultKeys, fn func(ResultRow) error) error {
	cr := newCSVReader(r, format)
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return fmt.Errorf("result file header: %w", err)
	}
	header = append([]string(nil), header...)
	for n := int64(1); ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("result file: %w", err)
		}
		if err := fn(csvResultRow(header, rec, keys, n)); err != nil {
			return err
		}
	}
}

func csvResultRow(header, rec []string, keys *resultKeys, n int64) ResultRow {
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
	keys.fill(&row, header[:min(len(header), len(rec))], n)
	return row
}

// ParseResultHead parses the first bytes of a result file (FetchHead's
// answer) into at most limit rows, for an excerpt. A row that does not
// parse comes back with Raw set and, at the end of a truncated head,
// Partial; the parse never fails.
func ParseResultHead(ctx context.Context, head []byte, truncated bool, format ResultFormat, limit int) []ResultRow {
	keys := newResultKeys(ctx, format)
	var out []ResultRow
	if !format.isCSV() {
		lines := bytes.Split(head, []byte("\n"))
		for i, line := range lines {
			if len(out) == limit {
				break
			}
			body := bytes.TrimSpace(line)
			if len(body) == 0 {
				continue
			}
			row, err := jsonResultRow(body, keys, int64(i+1))
			if err != nil {
				row = ResultRow{Raw: string(body), Partial: truncated && i == len(lines)-1}
			}
			out = append(out, row)
		}
		return out
	}
	cr := newCSVReader(bytes.NewReader(head), format)
	header, err := cr.Read()
	if err != nil {
		return nil
	}
	header = append([]string(nil), header...)
	for n := int64(1); len(out) < limit; n++ {
		start := cr.InputOffset()
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			rest, _, _ := bytes.Cut(head[start:], []byte("\n"))
			out = append(out, ResultRow{Raw: strings.TrimSpace(string(rest)), Partial: truncated})
			break
		}
		row := csvResultRow(header, rec, keys, n)
		if truncated && cr.InputOffset() == int64(len(head)) {
			row.Raw, row.Partial = string(bytes.TrimSpace(head[start:])), true
		}
		out = append(out, row)
	}
	return out
}

// ReasonSummary is the row's reason as an excerpt shows it: "line N:
// reason", "row ID: reason", or the reason; false when it has none.
func (r ResultRow) ReasonSummary() (string, bool) {
	switch {
	case r.Reason == "":
		return "", false
	case r.Line > 0:
		return fmt.Sprintf("line %d: %s", r.Line, r.Reason), true
	case r.RowID != "":
		return "row " + r.RowID + ": " + r.Reason, true
	}
	return r.Reason, true
}

// Summary is one line for a person: the reason summary where there is a
// reason, else the row as read.
func (r ResultRow) Summary() string {
	if s, ok := r.ReasonSummary(); ok && !r.Partial {
		return s
	}
	if r.Raw != "" {
		return r.Raw
	}
	return r.JSON
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
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
