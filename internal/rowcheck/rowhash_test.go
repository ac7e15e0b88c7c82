package rowcheck

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func hashRows(t *testing.T, content, fileType string, hasHeaders bool, opts RowOptions) RowSummary {
	t.Helper()
	s, err := HashRows(strings.NewReader(content), fileType, hasHeaders, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Issue 20's edits that change no row: CRLF, a trailing blank line, no
// final newline, blank and white-space lines, white space around a JSON
// object. Each has the identity of the plain file; a changed or added
// row does not.
func TestHashRowsIgnoresLineEndingsAndBlankLines(t *testing.T) {
	rows := []string{goodRow("a"), goodRow("b"), goodRow("c")}
	plain := strings.Join(rows, "\n") + "\n"
	want := hashRows(t, plain, "jsonl", false, RowOptions{})
	if want.Rows != 3 {
		t.Fatalf("rows %d", want.Rows)
	}
	for name, content := range map[string]string{
		"crlf":                strings.Join(rows, "\r\n") + "\r\n",
		"trailing blank line": plain + "\n",
		"trailing blank crlf": strings.Join(rows, "\r\n") + "\r\n\r\n",
		"no final newline":    strings.Join(rows, "\n"),
		"blank lines between": rows[0] + "\n\n  \t\n" + rows[1] + "\n\r\n" + rows[2] + "\n",
		"space around rows":   "  " + rows[0] + " \t\n" + rows[1] + "\r\n" + rows[2] + "   ",
	} {
		if got := hashRows(t, content, "jsonl", false, RowOptions{}); got != want {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
	for name, content := range map[string]string{
		"appended row": plain + goodRow("d") + "\n",
		"changed row":  strings.Replace(plain, `"b"`, `"B"`, 1),
		"space inside": strings.Replace(plain, `"name":"b"`, `"name": "b"`, 1),
	} {
		if got := hashRows(t, content, "jsonl", false, RowOptions{}); got.SHA256 == want.SHA256 {
			t.Errorf("%s hashes like the original", name)
		}
	}
}

// CSV: "\r\n" is "\n" inside quoted fields too, but a blank line inside
// a quoted field is data; the header is hashed but is no row.
func TestHashRowsCSV(t *testing.T) {
	plain := "name,notes\nAcme,\"two\nlines\"\nBeta,x\n"
	want := hashRows(t, plain, "CSV", true, RowOptions{})
	if want.Rows != 2 {
		t.Fatalf("rows %d", want.Rows)
	}
	for _, content := range []string{
		strings.ReplaceAll(plain, "\n", "\r\n"),
		"name,notes\r\n\r\nAcme,\"two\r\nlines\"\n\nBeta,x",
	} {
		if got := hashRows(t, content, "csv", true, RowOptions{}); got != want {
			t.Errorf("%q: %+v, want %+v", content, got, want)
		}
	}
	for _, content := range []string{
		"name,notes\nAcme,\"two\n\nlines\"\nBeta,x\n", // a blank line inside quotes
		"name,notes\nAcme,\"two\nlines\"\nBeta,x \n",  // white space is data in CSV
		"name,note\nAcme,\"two\nlines\"\nBeta,x\n",    // the header counts
	} {
		if got := hashRows(t, content, "csv", true, RowOptions{}); got.SHA256 == want.SHA256 {
			t.Errorf("%q hashes like the original", content)
		}
	}
	if got := hashRows(t, plain, "csv", false, RowOptions{}); got.Rows != 3 || got.SHA256 != want.SHA256 {
		t.Errorf("without headers: %+v", got)
	}
}

// However the file is cut into writes, the identity and the set are the
// same: escapes, "\r\n" and held white space across writes included.
func TestRowHasherIgnoresWriteBoundaries(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct{ content, fileType string }{
		{" " + goodRow("a") + " \r\n\r\n\t" + goodRow("b") + "\t\r\n  \n" + goodRow("c") + "\r", "jsonl"},
		{"a,b\r\n\"x\r\ny\",\"\"\"q\"\r\n\r\nz, \r\n", "csv"},
	} {
		whole := hashRows(t, c.content, c.fileType, true, RowOptions{Collect: true})
		for range 50 {
			h := NewRowHasher(c.fileType, true, RowOptions{Collect: true})
			for rest := c.content; rest != ""; {
				k := 1 + rng.IntN(min(len(rest), 5))
				_, _ = h.Write([]byte(rest[:k]))
				rest = rest[k:]
			}
			got := h.Sum()
			if got.SHA256 != whole.SHA256 || got.Rows != whole.Rows || !equalSets(got.Set, whole.Set) {
				t.Fatalf("%q cut in pieces: %+v, whole: %+v", c.content, got, whole)
			}
		}
	}
}

func equalSets(a, b *RowSet) bool {
	x, _ := a.MarshalBinary()
	y, _ := b.MarshalBinary()
	return string(x) == string(y)
}

// Issue 16's edited file: how many rows of the new file the loaded one
// holds, each loaded row matching once, whatever the line endings.
func TestHashRowsCountsRowsAnEarlierFileHolds(t *testing.T) {
	var old []string
	for i := range 20 {
		old = append(old, goodRow("r"+itoa(i)))
	}
	loaded := hashRows(t, strings.Join(old, "\n")+"\n", "jsonl", false, RowOptions{Collect: true})
	if loaded.Set.Len() != 20 {
		t.Fatalf("set of %d", loaded.Set.Len())
	}
	edited := strings.Join(old[1:], "\r\n") + "\r\n" + goodRow("new") + "\r\n" + old[5] + "\r\n\r\n"
	got := hashRows(t, edited, "jsonl", false, RowOptions{Against: loaded.Set})
	if got.Rows != 21 || got.InAgainst != 19 {
		t.Errorf("rows %d, %d already loaded; want 21 and 19 (one new, one a second copy of row 5)", got.Rows, got.InAgainst)
	}

	// The set survives being kept and read back.
	b, _ := loaded.Set.MarshalBinary()
	var back RowSet
	if err := back.UnmarshalBinary(b); err != nil || !equalSets(&back, loaded.Set) {
		t.Fatalf("round trip: %v", err)
	}
	if err := back.UnmarshalBinary(b[:7]); err == nil {
		t.Error("a truncated set was accepted")
	}
}

// Scan computes the same identity in its single pass.
func TestScanComputesTheRowIdentity(t *testing.T) {
	content := "name,notes\r\nAcme,\"a\r\nb\"\r\n\r\nBeta,x\r\n"
	want := hashRows(t, content, "csv", true, RowOptions{Collect: true})
	r := scanText(t, content, Options{FileType: "csv", HasHeaders: true, Rows: &RowOptions{Collect: true}})
	if r.RowIdentity == nil || r.RowIdentity.SHA256 != want.SHA256 || r.RowIdentity.Rows != 2 || !equalSets(r.RowIdentity.Set, want.Set) {
		t.Errorf("scan: %+v, want %+v", r.RowIdentity, want)
	}
	if r := scanText(t, content, Options{FileType: "csv"}); r.RowIdentity != nil {
		t.Error("row identity computed without being asked for")
	}
}
