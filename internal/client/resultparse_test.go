package client

import (
	"strings"
	"testing"
)

// One table over both file types and every key a result file may carry
// the record id, the reason and the line under.
func TestParseResultRowsKeyVariants(t *testing.T) {
	t.Parallel()
	type want struct {
		id, reason string
		line       int64
		rowID      string
		idKey      string
		reasonKey  string
	}
	for _, tc := range []struct {
		name, fileType, rowIDHeader, body string
		want                              want
	}{
		{"jsonl Id", "jsonl", "", `{"name":"A","Id":"X1"}`, want{id: "X1", idKey: "Id"}},
		{"jsonl id", "jsonl", "", `{"name":"A","id":"X2"}`, want{id: "X2", idKey: "id"}},
		{"jsonl ID", "jsonl", "", `{"name":"A","ID":"X3"}`, want{id: "X3", idKey: "ID"}},
		{"jsonl recordId", "jsonl", "", `{"recordId":"X4"}`, want{id: "X4", idKey: "recordId"}},
		{"jsonl Id beats recordId", "jsonl", "", `{"recordId":"R","Id":"X5"}`, want{id: "X5", idKey: "Id"}},
		{"jsonl emulator error", "jsonl", "", `{"a":1,"_line":3,"_error":"bad a"}`, want{reason: "bad a", line: 3, reasonKey: "_error"}},
		{"jsonl error", "jsonl", "", `{"line":"4","error":"bad b"}`, want{reason: "bad b", line: 4, reasonKey: "error"}},
		{"jsonl errorMessage", "jsonl", "", `{"rowNumber":5,"errorMessage":"bad c"}`, want{reason: "bad c", line: 5, reasonKey: "errorMessage"}},
		{"jsonl reason", "jsonl", "", `{"reason":"bad d"}`, want{reason: "bad d", reasonKey: "reason"}},
		{"jsonl reasons[]", "jsonl", "", `{"reasons":[{"code":"53100020","message":"bad e"},"bad f"]}`, want{reason: "bad e (53100020); bad f", reasonKey: "reasons"}},
		{"jsonl error beats message", "jsonl", "", `{"message":"m","error":"bad g"}`, want{reason: "bad g", reasonKey: "error"}},
		{"jsonl rowIdHeader", "jsonl", "ref", `{"ref":"17","_line":2,"_error":"bad h"}`, want{reason: "bad h", line: 17, rowID: "17", reasonKey: "_error"}},
		{"csv Id column", "csv", "", "name,Id\nA,X6\n", want{id: "X6", idKey: "Id"}},
		{"csv ID column", "csv", "", "name,ID\nA,X7\n", want{id: "X7", idKey: "ID"}},
		{"csv Record Id column", "csv", "", "name,Record Id\nA,X8\n", want{id: "X8", idKey: "Record Id"}},
		{"csv Error column", "csv", "", "name,Error\nA,bad i\n", want{reason: "bad i", reasonKey: "Error"}},
		{"csv Error Message column", "csv", "", "name,Error Message\nA,bad j\n", want{reason: "bad j", reasonKey: "Error Message"}},
		{"csv Failure Reason column", "csv", "", "name,Failure Reason\nA,bad k\n", want{reason: "bad k", reasonKey: "Failure Reason"}},
		{"csv rowIdHeader", "csv", "Row", "Row,name,Error\nR-9,A,bad l\n", want{reason: "bad l", rowID: "R-9", reasonKey: "Error"}},
		{"csv numeric rowIdHeader is the line", "csv", "Row", "Row,name,Id\n12,A,X9\n", want{id: "X9", line: 12, rowID: "12", idKey: "Id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var rows []ResultRow
			err := ParseResultRows(testCtx(t), strings.NewReader(tc.body), ResultFormat{FileType: tc.fileType, RowIDHeader: tc.rowIDHeader},
				func(r ResultRow) error { rows = append(rows, r); return nil })
			if err != nil || len(rows) != 1 {
				t.Fatalf("%d rows, %v", len(rows), err)
			}
			r := rows[0]
			got := want{id: r.ID, reason: r.Reason, line: r.Line, rowID: r.RowID, idKey: r.IDKey, reasonKey: r.ReasonKey}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// The excerpt reads a truncated head: whole rows parse, the cut one comes
// back raw and marked, and a CSV header is not a row.
func TestParseResultHead(t *testing.T) {
	t.Parallel()
	jsonl := "{\"a\":1,\"_line\":1,\"_error\":\"bad a\"}\n{\"a\":2,\"_line\":2,\"_error\":\"bad b\"}\n{\"a\":3,\"_li"
	rows := ParseResultHead(testCtx(t), []byte(jsonl), true, ResultFormat{FileType: "jsonl"}, 5)
	var got []string
	for _, r := range rows {
		got = append(got, r.Summary())
	}
	if strings.Join(got, "|") != `line 1: bad a|line 2: bad b|{"a":3,"_li` || !rows[2].Partial || rows[1].Partial {
		t.Errorf("jsonl head = %q %+v", got, rows)
	}
	if n := len(ParseResultHead(testCtx(t), []byte(jsonl), true, ResultFormat{FileType: "jsonl"}, 1)); n != 1 {
		t.Errorf("limit 1 gave %d rows", n)
	}

	csvHead := "name,Error\nA,bad c\n\"B, two\",bad d\nC,ba"
	rows = ParseResultHead(testCtx(t), []byte(csvHead), true, ResultFormat{FileType: "csv"}, 5)
	got = got[:0]
	for _, r := range rows {
		got = append(got, r.Summary())
	}
	if strings.Join(got, "|") != "bad c|bad d|C,ba" || !rows[2].Partial {
		t.Errorf("csv head = %q", got)
	}
	rows = ParseResultHead(testCtx(t), []byte("name,Error\nA,bad c\n"), false, ResultFormat{FileType: "csv"}, 5)
	if len(rows) != 1 || rows[0].Partial || rows[0].Summary() != "bad c" {
		t.Errorf("whole csv = %+v", rows)
	}
}

// zuora_bulk_job_results reads files of 100,000 rows: every row comes
// through with its id.
func TestParseResultRowsReadsAHundredThousandRows(t *testing.T) {
	t.Parallel()
	const n = 100000
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(`{"name":"x","Id":"8a8a0000000000000000000000000001"}` + "\n")
	}
	count := 0
	err := ParseResultRows(testCtx(t), strings.NewReader(b.String()), ResultFormat{}, func(r ResultRow) error {
		if r.ID == "" {
			t.Fatal("row without id")
		}
		count++
		return nil
	})
	if err != nil || count != n {
		t.Fatalf("%d rows, %v", count, err)
	}
}

// Zuora's downloads answer may echo the delimiter by the name create-job
// took ("pipe", "tab") or as the character; both split the columns.
func TestParseResultRowsDelimiterByName(t *testing.T) {
	t.Parallel()
	for _, delim := range []string{"pipe", "PIPE", "|"} {
		var got []ResultRow
		err := ParseResultRows(t.Context(), strings.NewReader("name|Id\nA|X1\n"),
			ResultFormat{FileType: "csv", Delimiter: delim}, func(r ResultRow) error {
				got = append(got, r)
				return nil
			})
		if err != nil {
			t.Fatalf("%s: %v", delim, err)
		}
		if len(got) != 1 || got[0].ID != "X1" || got[0].IDKey != "Id" {
			t.Fatalf("%s: rows = %+v, want one row with Id X1", delim, got)
		}
	}
	rows := ParseResultHead(t.Context(), []byte("name\tError\nA\tbad\n"), false, ResultFormat{FileType: "csv", Delimiter: "tab"}, 5)
	if len(rows) != 1 || rows[0].Reason != "bad" {
		t.Fatalf("tab head: rows = %+v, want one row with reason bad", rows)
	}
}
