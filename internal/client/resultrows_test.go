package client

import (
	"strings"
	"testing"
)

func collectRows(t *testing.T, fileType, body string) []ResultRow {
	t.Helper()
	var rows []ResultRow
	err := ParseResultRows(testCtx(t), strings.NewReader(body), ResultFormat{FileType: fileType, Delimiter: ","},
		func(r ResultRow) error { rows = append(rows, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Every spelling Zuora's documents leave open reads the same.
func TestResultRowSpellings(t *testing.T) {
	rows := collectRows(t, "jsonl", `{"a":1,"Id":"X1"}
{"a":2,"id":"X2"}

{"a":3,"_line":3,"_error":"bad a"}
{"a":4,"line":"4","error":"bad b"}
{"a":5,"rowNumber":5,"errorMessage":"bad c"}
{"a":6,"reasons":[{"code":"53100020","message":"bad d"},"bad e"]}
{"a":7,"c":{"workEmail":"x@example.com"}}
`)
	want := []struct {
		id, reason string
		line       int64
	}{{"X1", "", 0}, {"X2", "", 0}, {"", "bad a", 3}, {"", "bad b", 4}, {"", "bad c", 5}, {"", "bad d (53100020); bad e", 0}, {"", "", 0}}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if r := rows[i]; r.ID != w.id || r.Reason != w.reason || r.Line != w.line {
			t.Errorf("row %d = id %q reason %q line %d, want %+v", i, r.ID, r.Reason, r.Line, w)
		}
	}
	if v, ok := rows[6].Value("c.workEmail"); !ok || v != "x@example.com" {
		t.Errorf("c.workEmail = %q %v", v, ok)
	}
	if v, ok := rows[0].Value("a"); !ok || v != "1" {
		t.Errorf("a = %q %v, want the number as written", v, ok)
	}
	if _, ok := rows[6].Value("c"); ok {
		t.Error("an object member has no text value")
	}
}

func TestResultRowsCSV(t *testing.T) {
	rows := collectRows(t, "csv", "name,billToContact.workEmail,Error\n\"Acme, \"\"Ltd\"\"\",a@example.com,\"two\nlines\"\n")
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0]
	if r.Reason != "two\nlines" || r.JSON != `{"name":"Acme, \"Ltd\"","billToContact.workEmail":"a@example.com","Error":"two\nlines"}` {
		t.Errorf("row = %+v", r)
	}
	if v, ok := r.Value("billToContact.workEmail"); !ok || v != "a@example.com" {
		t.Errorf("dotted column = %q %v", v, ok)
	}
}
