package client

import (
	"context"
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
	// Where the job named a rowIdHeader and the row carries a number in
	// that column, the number is the line.
	Line int64
	// RowID is the value of the rowIdHeader column, when the job named one.
	RowID string
	// ID is the Zuora record id (success rows).
	ID string
	// Reason is why Zuora refused the row (error rows).
	Reason string
	// JSON is the whole row as a JSON object: a JSON-lines row as written,
	// a CSV record as {"column": "value", …} in column order.
	JSON string
	// IDKey, ReasonKey and LineKey are the members the row's id, reason
	// and line were read from; empty when it has none.
	IDKey, ReasonKey, LineKey string
	// Raw is the text of a row of a file's head that does not parse;
	// Partial marks it cut short by the end of the head.
	Raw     string
	Partial bool

	fields map[string]any
}

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
// fn in file order (StreamResultFile without a rowIdHeader).
func (c *Client) StreamResultRows(ctx context.Context, rawURL, fileType, delimiter string, fn func(ResultRow) error) error {
	return c.StreamResultFile(ctx, rawURL, ResultFormat{FileType: fileType, Delimiter: delimiter}, fn)
}

// StreamResultFile streams a presigned result file through ParseResultRows:
// nothing but the current row is held in memory. An error from fn stops
// the transfer and is returned.
func (c *Client) StreamResultFile(ctx context.Context, rawURL string, format ResultFormat, fn func(ResultRow) error) error {
	const op = "read result file"
	pr, pw := io.Pipe()
	parsed := make(chan error, 1)
	go func() {
		err := ParseResultRows(ctx, pr, format, fn)
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
