package rowcheck

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A card number after 17 MiB of one line is refused with validation off
// (no Validator), as issue 20 found it uploaded; so is one behind a JSON
// escape that only reads as a separator once decoded.
func TestScanFindsCardAfter17MiBInOneLineWithValidationOff(t *testing.T) {
	filler := strings.Repeat("x", 17<<20)
	content := goodRow("a") + "\n" +
		`{"name":"Long","notes":"` + filler + ` card 4111111111111111"}` + "\n" +
		`{"name":"Escaped","notes":"` + filler + `\n5555555555554444"}` + "\r\n" +
		goodRow("b") + "\n"
	r := scanText(t, content, Options{PCI: true})
	assertLines(t, r.PCI, "f:2: looks like a card number ending in 1111", "f:3: looks like a card number ending in 4444")
	if r.Rows != 4 || r.PCITotal != 2 {
		t.Errorf("rows %d, PCI total %d", r.Rows, r.PCITotal)
	}
	if off := scanText(t, content, Options{}); off.PCITotal != 0 {
		t.Errorf("pci off: %q", lines(off.PCI))
	}
}

// A row abandoned at a syntax error, or that is no JSON object at all,
// has the rest of its bytes read by the guard.
func TestScanFindsCardsInRowsThatDoNotParse(t *testing.T) {
	content := `{"name":"a" "notes":"4111111111111111"}` + "\n" +
		`4111111111111111,5555555555554444` + "\n" +
		`{"notes":"378282246310005"} {"x":"6011111111111117"}` + "\n" +
		`{"notes":"4222222222222` + "\x01" + `"}` + "\n"
	r := scanText(t, content, Options{PCI: true})
	assertLines(t, r.PCI,
		"f:1: looks like a card number ending in 1111",
		"f:2: looks like a card number ending in 1111", "f:2: looks like a card number ending in 4444",
		"f:3: notes: looks like a card number ending in 0005", "f:3: looks like a card number ending in 1117",
		"f:4: looks like a card number ending in 2222")
}

// CSV records encoding/csv gives up on are read by the guard too: a
// malformed record, and one past 16 MiB together with the rest of the
// file.
func TestScanCSVFindsCardsInRecordsCSVCannotRead(t *testing.T) {
	content := "a,b\n1,x\"4111111111111111\n2,ok\n"
	r := scanText(t, content, Options{FileType: "csv", HasHeaders: true, PCI: true})
	assertLines(t, r.PCI, "f:2: looks like a card number ending in 1111")

	long := "a,b\n1,2\n\"" + strings.Repeat(strings.Repeat("x", 1023)+"\n", maxLine/1024+1024) + " 5555555555554444\",3\n" +
		"4,4111111111111111\n"
	r = scanText(t, long, Options{FileType: "csv", HasHeaders: true, PCI: true})
	wantLine := 3 + maxLine/1024 + 1024
	assertLines(t, r.PCI, "f:"+itoa(wantLine)+": looks like a card number ending in 4444",
		"f:"+itoa(wantLine+1)+": looks like a card number ending in 1111")
	assertLines(t, r.Problems, "f:3: "+longRecordMessage(true))
}

// The windowed scan finds what a scan of the whole text finds (its cells
// apart), however the text is cut into writes: spans across window edges
// included.
func TestRawScannerMatchesWholeScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"4111111111111111", "4111 1111 1111 1111", "DE89370400440532013000", "10.0.0.42",
		"2001:db8::1", "x", " ", "-", ".", ",", "1234", "12345678901234567890", "ab", ":", "\n"}
	for trial := range 6 {
		var b bytes.Buffer
		for b.Len() < rawWindow*2+rng.IntN(rawWindow) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		got, want := streamAndWhole(b.Bytes(), func(raw *rawScanner) {
			for rest := b.Bytes(); len(rest) > 0; {
				k := min(len(rest), 1+rng.IntN(3*rawOverlap))
				if trial%2 == 0 {
					k = min(len(rest), 1+rng.IntN(rawWindow))
				}
				raw.write(rest[:k])
				rest = rest[k:]
			}
		})
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Fatalf("trial %d: %d findings, want %d", trial, len(got), len(want))
		}
	}
}

// JSON escapes are decoded even when a write cuts one in two.
func TestRawScannerDecodesEscapesAcrossWrites(t *testing.T) {
	text := `x\n4111111111111111\u0021378282246310005\"6011111111111117\u12`
	for cut := range len(text) {
		s := &sink{keep: -1}
		raw := newRawScanner(s, true, false, 7)
		raw.write([]byte(text[:cut]))
		raw.write([]byte(text[cut:]))
		raw.finish()
		assertLines(t, s.pci, "f:7: looks like a card number ending in 1111",
			"f:7: looks like a card number ending in 0005", "f:7: looks like a card number ending in 1117")
	}
}

// streamAndWhole is what a rawScanner fed by write finds in content, and
// what one scan of content finds with its cells apart, both sorted.
func streamAndWhole(content []byte, write func(*rawScanner)) (got, want []string) {
	text := bytes.Clone(content)
	splitCells(text)
	for _, f := range findSensitive(text) {
		want = append(want, (&sink{}).pciMessage(text, f))
	}
	s := &sink{keep: -1}
	raw := newRawScanner(s, false, false, 1)
	write(raw)
	raw.finish()
	for _, p := range s.pci {
		got = append(got, p.Message)
	}
	slices.Sort(got)
	slices.Sort(want)
	return got, want
}
