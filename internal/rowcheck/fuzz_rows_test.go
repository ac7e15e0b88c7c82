package rowcheck

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// FuzzRowHasher: however a file is cut in two writes, its row identity
// and set are those of the whole, in both formats.
func FuzzRowHasher(f *testing.F) {
	f.Add([]byte("{\"a\":1}\r\n\r\n  {\"b\":2} \n"), uint16(9))
	f.Add([]byte("a,b\r\n\"x\r\n\r\ny\",\"\"\"\r\n\rz\r"), uint16(13))
	f.Fuzz(func(t *testing.T, content []byte, cut uint16) {
		k := int(cut) % (len(content) + 1)
		for _, ft := range []string{"jsonl", "csv"} {
			whole, _ := HashRows(bytes.NewReader(content), ft, true, RowOptions{Collect: true})
			h := NewRowHasher(ft, true, RowOptions{Collect: true, Against: whole.Set})
			_, _ = h.Write(content[:k])
			_, _ = h.Write(content[k:])
			got := h.Sum()
			if got.SHA256 != whole.SHA256 || got.Rows != whole.Rows || !equalSets(got.Set, whole.Set) || got.InAgainst != got.Rows {
				t.Fatalf("%s cut at %d: %+v, whole %+v", ft, k, got, whole)
			}
		}
	})
}

// FuzzRawScanner: cut in two writes, the stream's findings are those of
// the whole text with its cells apart.
func FuzzRawScanner(f *testing.F) {
	f.Add([]byte("x 4111111111111111,5555555555554444 DE89370400440532013000 10.0.0.1"), uint16(20))
	f.Fuzz(func(t *testing.T, content []byte, cut uint16) {
		k := int(cut) % (len(content) + 1)
		got, want := streamAndWhole(content, func(raw *rawScanner) {
			raw.write(content[:k])
			raw.write(content[k:])
		})
		if !slices.Equal(got, want) {
			t.Fatalf("cut at %d: %q, want %q", k, got, want)
		}
	})
}

// FuzzScanRedacted: redacted, no message quotes a value, shows a
// character of one or the end of a card number.
func FuzzScanRedacted(f *testing.F) {
	fuzzSeeds(f)
	f.Add([]byte("name,billCycleDay\n\"x\"y,4111111111111111\n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		for _, opts := range []Options{
			{Validator: fuzzValidator, PCI: true, Keep: -1, Redact: true},
			{FileType: "csv", HasHeaders: true, Validator: fuzzValidator, PCI: true, Keep: -1, Redact: true},
		} {
			r, err := Scan(bytes.NewReader(content), opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range append(r.Problems, r.PCI...) {
				for _, shown := range []string{"got \"", "value \"", "ending in", "character '"} {
					if strings.Contains(p.Message, shown) {
						t.Fatalf("redacted problem shows a value: %+v", p)
					}
				}
			}
		}
	})
}
