package rowcheck

import (
	"strings"
	"testing"
)

// A CSV file read as JSON lines gets one problem that names file_type,
// not "expected a JSON object" on every line; the PCI guard still reads
// every cell, by column.
func TestScanCSVFileTypedAsJSONLines(t *testing.T) {
	content := "\uFEFF\nname,billCycleDay,notes\nAcme,1,x\nBeta,2,card 4111111111111111\nGamma,3,\n"
	r := scanText(t, content, Options{Validator: mustValidator(t, accountsSchema), PCI: true})
	if r.LooksLike != LooksLikeCSV || r.Total != 1 || r.Rows != 3 {
		t.Fatalf("looks like %q, %d problems, %d rows: %q", r.LooksLike, r.Total, r.Rows, lines(r.Problems))
	}
	assertContains(t, Format("f", r.Problems), "f:1: the file looks like CSV (its first line is not a JSON object and has commas), but file_type says JSON lines. Set file_type = \"csv\"")
	assertLines(t, r.PCI, "f:4: notes: looks like a card number ending in 1111")
}

// JSON lines read as CSV, and a JSON array read as JSON lines, likewise.
func TestScanJSONFilesOfTheWrongType(t *testing.T) {
	jsonl := goodRow("a") + "\n" + `{"name":"b","notes":"4111111111111111"}` + "\n"
	r := scanText(t, jsonl, Options{FileType: "CSV", HasHeaders: true, Validator: mustValidator(t, accountsSchema), PCI: true})
	if r.LooksLike != LooksLikeJSONLines || r.Total != 1 || r.Rows != 2 {
		t.Fatalf("looks like %q, %d rows: %q", r.LooksLike, r.Rows, lines(r.Problems))
	}
	assertContains(t, Format("f", r.Problems), `f:1: the file looks like JSON lines (its first line starts with '{'), but file_type is "csv". Set file_type = "jsonl"`)
	assertLines(t, r.PCI, "f:2: notes: looks like a card number ending in 1111")

	array := "[\n" + goodRow("a") + ",\n" + goodRow("b") + "\n]\n"
	r = scanText(t, array, Options{Validator: mustValidator(t, accountsSchema)})
	if r.LooksLike != LooksLikeJSONArray || r.Total != 1 || !strings.Contains(r.Problems[0].Message, "one JSON object per line") {
		t.Fatalf("looks like %q: %q", r.LooksLike, lines(r.Problems))
	}
}

// Files of the right type, or that cannot be told, are read as configured.
func TestScanFileTypeSniffLeavesTheRightTypeAlone(t *testing.T) {
	for _, c := range []struct {
		content string
		opts    Options
	}{
		{goodRow("a") + "\n", Options{}},
		{"\n\n  " + goodRow("a") + "\n", Options{}},
		{"name;notes\nAcme;x\n", Options{FileType: "csv", Delimiter: ';', HasHeaders: true}},
		{"name\nAcme\n", Options{FileType: "csv", HasHeaders: true}},
		{"name\nAcme\n", Options{}}, // no delimiter: cannot tell, so every line is reported
		{"", Options{}},
	} {
		if r := scanText(t, c.content, c.opts); r.LooksLike != "" {
			t.Errorf("%q as %q: looks like %q", c.content, c.opts.FileType, r.LooksLike)
		}
	}
}
