package rowcheck

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

func goodRow(name string) string {
	return `{"name":"` + name + `","billCycleDay":1,"currency":"USD",` + contact + `}`
}

func TestScanHashSizeAndRows(t *testing.T) {
	content := goodRow("a") + "\n\n  \r\n" + goodRow("b") + "\r\n" + goodRow("c") // no final newline
	r := scanText(t, content, Options{Validator: mustValidator(t, accountsSchema)})
	sum := sha256.Sum256([]byte(content))
	if r.SHA256 != hex.EncodeToString(sum[:]) || r.Size != int64(len(content)) || r.Rows != 3 {
		t.Errorf("got %s %d rows %d", r.SHA256, r.Size, r.Rows)
	}
	assertLines(t, r.Problems)
}

// The hash covers every byte even when checking stopped early or the
// reader hands out one byte at a time.
func TestScanHashesEverything(t *testing.T) {
	content := strings.Repeat(goodRow("a")+"\n", 5000) + goodRow("z")
	for _, r := range []io.Reader{strings.NewReader(content), iotest.OneByteReader(strings.NewReader(content[:5000]))} {
		want := content
		if _, ok := r.(*strings.Reader); !ok {
			want = content[:5000]
		}
		rep, err := Scan(r, Options{MaxBytes: 1000})
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(want))
		if rep.SHA256 != hex.EncodeToString(sum[:]) || rep.Size != int64(len(want)) {
			t.Errorf("hash or size wrong: %d", rep.Size)
		}
	}
}

func TestScanSizeLimit(t *testing.T) {
	row := goodRow("a") + "\n"
	content := strings.Repeat(row, 10) + `{"bad` + "\n" + row
	r := scanText(t, content, Options{MaxBytes: int64(len(row) * 3), Validator: mustValidator(t, accountsSchema), Keep: 1})
	want := "f:4: file is " + itoa(len(content)) + " bytes, over the limit of " + itoa(len(row)*3) + " bytes; rows from this line on were not checked"
	assertLines(t, r.Problems, want)
	if r.Rows != 12 || r.Total != 1 {
		t.Errorf("rows %d total %d", r.Rows, r.Total)
	}
	if r := scanText(t, content[:len(row)*3], Options{MaxBytes: int64(len(row) * 3)}); r.Total != 0 {
		t.Errorf("a file of exactly MaxBytes is fine: %q", lines(r.Problems))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestScanEncodingProblems(t *testing.T) {
	content := "\uFEFF" + goodRow("a") + "\n" + goodRow("b\xc3") + "\n" + goodRow("ok") + "\n"
	r := scanText(t, content, Options{Validator: mustValidator(t, accountsSchema)})
	assertLines(t, r.Problems, "f:1: "+bomMessage, "f:2: invalid UTF-8")
}

func TestScanLongLineIsAProblemNotAnAllocation(t *testing.T) {
	content := goodRow("a") + "\n" + `{"name":"` + strings.Repeat("x", maxLine) + `"}` + "\n" + goodRow("b") + "\n"
	r := scanText(t, content, Options{Validator: mustValidator(t, accountsSchema)})
	assertLines(t, r.Problems, "f:2: line is longer than 16 MiB, so its fields were not checked")
	if r.Rows != 3 {
		t.Errorf("rows %d", r.Rows)
	}
}

func TestScanKeepsFirstProblemsAndCountsAll(t *testing.T) {
	var b strings.Builder
	for range 30 {
		b.WriteString(`{"naem":"a","billCycleDay":1,"currency":"USD",` + contact + `}` + "\n")
	}
	b.WriteString(strings.Repeat(`{"notes":"4111111111111111"}`+"\n", 5))
	r := scanText(t, b.String(), Options{Validator: mustValidator(t, accountsSchema), PCI: true, Keep: 3})
	if len(r.Problems) != 3 || r.Total != 60+5*4 || len(r.PCI) != 3 || r.PCITotal != 5 {
		t.Errorf("kept %d of %d, PCI %d of %d", len(r.Problems), r.Total, len(r.PCI), r.PCITotal)
	}
	assertLines(t, r.Problems[:2], `f:1: naem: unknown field "naem"; did you mean "name"?`, `f:1: name: required field is missing`)
	r = scanText(t, b.String(), Options{Validator: mustValidator(t, accountsSchema)})
	if len(r.Problems) != DefaultKeep {
		t.Errorf("default keep: %d", len(r.Problems))
	}
}

func TestScanReturnsReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, ft := range []string{"jsonl", "csv"} {
		r := io.MultiReader(strings.NewReader("a,b\n"+goodRow("a")+"\n"), iotest.ErrReader(boom))
		if _, err := Scan(r, Options{FileType: ft, HasHeaders: true}); !errors.Is(err, boom) {
			t.Errorf("%s: err = %v", ft, err)
		}
	}
}

func TestScanWithoutValidatorStillChecksSyntax(t *testing.T) {
	r := scanText(t, goodRow("a")+"\n{oops}\n", Options{})
	assertLines(t, r.Problems, `f:2: invalid JSON: expected a member name at column 2`)
}

func TestScanCSVRecordTooLong(t *testing.T) {
	content := "a,b\n1,2\n\"" + strings.Repeat(strings.Repeat("x", 1023)+"\n", maxLine/1024+1024) + "\"\n3,4\n"
	r := scanText(t, content, Options{FileType: "csv", HasHeaders: true})
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Message, "record is longer than 16 MiB") {
		t.Errorf("%q", lines(r.Problems))
	}
	sum := sha256.Sum256([]byte(content))
	if r.SHA256 != hex.EncodeToString(sum[:]) {
		t.Error("hash")
	}
}

func TestFormat(t *testing.T) {
	got := Format("accounts.jsonl", []Problem{
		{Line: 3, Field: "billToContact.firstName", Message: "required field is missing"},
		{Line: 9, Message: "invalid UTF-8"},
		{Field: "notez", Message: "unknown field"},
	})
	want := "accounts.jsonl:3: billToContact.firstName: required field is missing\naccounts.jsonl:9: invalid UTF-8\naccounts.jsonl: notez: unknown field"
	if got != want {
		t.Errorf("got\n%s", got)
	}
	if Format("x", nil) != "" {
		t.Error("no problems, no text")
	}
}
