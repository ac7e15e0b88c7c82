package rowcheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

var fuzzValidator = func() *Validator {
	v, err := NewValidator(mustSchema(&testing.T{}, accountsSchema))
	if err != nil {
		panic(err)
	}
	return v
}()

// leaksCard reports a problem that repeats a card number the guard would
// detect: the one thing a message must never do.
func leaksCard(p Problem) bool {
	for _, s := range []string{p.Message, p.Field} {
		for _, f := range findSensitive([]byte(s)) {
			if f.kind == cardNumber || f.kind == bankAccount {
				return true
			}
		}
	}
	return false
}

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		`{"name":"Acme","billCycleDay":1,"currency":"USD",` + contact + `}`,
		`{"naem":"4111 1111 1111 1111","billCycleDay":"4111111111111111","currency":"DE89370400440532013000"}`,
		`{"4111111111111111":{"5555555555554444":["378282246310005"]}}`,
		`{"name":"\ud83d\ude00\u0000\"","additionalEmailAddresses":["a@b.co",1,null,{}]}`,
		`{"billToContact":{"firstName":"` + "4111 1111 1111 1111 2" + `"}}`,
		`{"notes":"` + "xxxxxxxxxxxxxxxxxxxx 4111 1111 1111 1111 2" + `"}`,
		`[[[[[[[[[[`, `{"a":`, `{"a":-}`, `{"a":1e}`, `{"a":"\u12"}`, "\uFEFF{}", "{\"a\":\"\xff\"}",
		`{"autoPay":"TRUE","billCycleDay":31,"batch":"Batch50"} trailing`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzCheckJSON: any row, no panic, no card number echoed.
func FuzzCheckJSON(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, row []byte) {
		for _, p := range fuzzValidator.CheckJSON(1, row) {
			if leaksCard(p) {
				t.Fatalf("problem leaks a card number: %+v", p)
			}
			if p.Line != 1 || p.PCI {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}

// FuzzScan: any file, both formats, no panic, no card number echoed, the
// hash and size exact, PCI findings only in the PCI list.
func FuzzScan(f *testing.F) {
	fuzzSeeds(f)
	f.Add([]byte("name,billToContact.firstName,additionalEmailAddresses\n\"4111 1111 1111 1111\",\"a\"\"b\",\"x,y\"\n"))
	f.Add([]byte("a;b\n1;\"2\n3\"\n\"bad"))
	f.Fuzz(func(t *testing.T, content []byte) {
		sum := sha256.Sum256(content)
		for _, opts := range []Options{
			{Validator: fuzzValidator, PCI: true, Keep: 5},
			{FileType: "csv", HasHeaders: true, Validator: fuzzValidator, PCI: true},
			{FileType: "csv", Headers: []string{"name", "notes"}, Delimiter: ';', PCI: true, MaxBytes: 64},
		} {
			r, err := Scan(bytes.NewReader(content), opts)
			if err != nil {
				t.Fatal(err)
			}
			if r.SHA256 != hex.EncodeToString(sum[:]) || r.Size != int64(len(content)) {
				t.Fatal("hash or size wrong")
			}
			if r.Total < len(r.Problems) || r.PCITotal < len(r.PCI) {
				t.Fatal("totals below kept counts")
			}
			for _, p := range r.Problems {
				if p.PCI || leaksCard(p) {
					t.Fatalf("bad problem %+v", p)
				}
			}
			for _, p := range r.PCI {
				if !p.PCI || leaksCard(p) {
					t.Fatalf("bad PCI problem %+v", p)
				}
			}
		}
	})
}
