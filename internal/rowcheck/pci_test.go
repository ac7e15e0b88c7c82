package rowcheck

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

func kindsIn(v string) []string {
	var out []string
	for _, f := range findSensitive([]byte(v)) {
		out = append(out, f.kind.String()+" "+v[f.start:f.end])
	}
	return out
}

func TestFindSensitivePositives(t *testing.T) {
	cases := map[string]string{
		"4111111111111111":                        "a card number 4111111111111111",
		"4111 1111 1111 1111":                     "a card number 4111 1111 1111 1111",
		"card 4111-1111-1111-1111, exp 12/29":     "a card number 4111-1111-1111-1111",
		"5555555555554444":                        "a card number 5555555555554444",
		"2223003122003222":                        "a card number 2223003122003222",
		"Amex 378282246310005.":                   "a card number 378282246310005",
		"6011111111111117":                        "a card number 6011111111111117",
		"3530111333300000":                        "a card number 3530111333300000",
		"4222222222222":                           "a card number 4222222222222",
		"DE89370400440532013000":                  "an IBAN DE89370400440532013000",
		"IBAN: GB82 WEST 1234 5698 7654 32":       "an IBAN GB82 WEST 1234 5698 7654 32",
		"FR1420041010050500013M02606":             "an IBAN FR1420041010050500013M02606",
		"NO9386011117947":                         "an IBAN NO9386011117947",
		"192.168.0.1":                             "an IPv4 address 192.168.0.1",
		"last login from 10.0.0.42.":              "an IPv4 address 10.0.0.42",
		"2001:db8::1":                             "an IPv6 address 2001:db8::1",
		"[fe80::1ff:fe23:4567:890a]:443":          "an IPv6 address fe80::1ff:fe23:4567:890a",
		"2001:0db8:85a3:0000:0000:8a2e:0370:7334": "an IPv6 address 2001:0db8:85a3:0000:0000:8a2e:0370:7334",
	}
	for v, want := range cases {
		got := kindsIn(v)
		if len(got) != 1 || got[0] != want {
			t.Errorf("%q: got %q, want %q", v, got, want)
		}
	}
}

// Ordinary billing data must not trip the guard.
func TestFindSensitiveNegatives(t *testing.T) {
	for _, v := range []string{
		"2024-01-15", "2024-01-15T10:20:30Z", "2024-01-15 10:20:30.123", "15/01/2024",
		"+1 (555) 123-4567", "+44 20 7946 0958", "555-123-4567", "+1-555-123-4567",
		"94105", "94105-1234", "SW1A 1AA",
		"123e4567-e89b-12d3-a456-426614174000", "550e8400-e29b-41d4-a716-446655440000",
		"A00000001", "A00000001234567", "INV00001234", "SUB-000000123456789",
		"1234567.89", "1,234,567.89", "1500.50", "-4111111111111111.25",
		"1706500000000", "1706500000000123",
		"4111111111111112",          // fails Luhn
		"41111111111111111111",      // 20 digits
		"1234 5678 9012 3456",       // Luhn-valid? no scheme starts with 1
		"DE89370400440532013001",    // bad checksum
		"GB82WEST12345698765432XYZ", // runs on
		"DE123456789",               // a VAT number
		"1.2.3", "v1.2.3", "10.2", "1.2.3-beta.4",
		"10:20:30", "00:1A:2B:3C:4D:5E", "ratio 3:2:1",
		"user@example.com", "deadbeef", "Batch10", "USD",
		"Order 4111111111111111abc",
	} {
		if got := kindsIn(v); got != nil {
			t.Errorf("%q flagged: %q", v, got)
		}
	}
}

func TestScanPCIFindingsShowOnlyTheLastFour(t *testing.T) {
	opts := Options{Validator: mustValidator(t, accountsSchema), PCI: true}
	row := `{"name":"Acme","billCycleDay":1,"currency":"USD",` + contact +
		`,"notes":"card 4111 1111 1111 1111, iban DE89370400440532013000","unknownCard":5555555555554444,"ip__c":"10.1.2.3"}` + "\n"
	r := scanText(t, row, opts)
	assertLines(t, r.PCI,
		"f:1: notes: looks like a card number ending in 1111",
		"f:1: notes: looks like an IBAN ending in 3000",
		"f:1: unknownCard: looks like a card number ending in 4444",
		"f:1: ip__c: looks like an IPv4 address ending in .2.3")
	for _, p := range r.PCI {
		if !p.PCI {
			t.Errorf("%+v not marked PCI", p)
		}
	}
	if r.PCITotal != 4 || r.Total != 1 { // unknownCard is also an unknown field
		t.Errorf("PCITotal %d Total %d", r.PCITotal, r.Total)
	}
	for _, p := range append(r.PCI, r.Problems...) {
		if strings.Contains(p.Message, "4111") || strings.Contains(p.Message, "555555") || strings.Contains(p.Message, "DE89") {
			t.Errorf("message leaks: %q", p.Message)
		}
	}
}

func TestScanPCIWithoutValidatorAndInCSV(t *testing.T) {
	r := scanText(t, `{"anything":{"deep":["x","4111111111111111"]}}`+"\n", Options{PCI: true})
	assertLines(t, r.PCI, "f:1: anything.deep[1]: looks like a card number ending in 1111")
	r = scanText(t, "a,b\nx,\"2001:db8::7334\"\n", Options{FileType: "csv", HasHeaders: true, PCI: true})
	assertLines(t, r.PCI, "f:2: b: looks like an IPv6 address ending in 7334")
	r = scanText(t, `{"a":"4111111111111111"}`+"\n", Options{})
	if r.PCITotal != 0 {
		t.Error("PCI checked though not asked for")
	}
}

// Other problems repeat values; a card number among them is masked.
func TestProblemsMaskSensitiveValues(t *testing.T) {
	v := mustValidator(t, accountsSchema)
	row := `{"name":"a","billCycleDay":"4111 1111 1111 1111","currency":"5555555555554444",` + contact + `,"4111111111111111":1}`
	assertLines(t, v.CheckJSON(1, []byte(row)),
		`f:1: billCycleDay: expected a number, got "**** **** **** 1111"`,
		`f:1: currency: value "************4444" does not match the field's rule: one of AUD, USD, EUR, GBP, JPY, CAD`,
		`f:1: ************1111: unknown field "************1111"`)
}

// Cutting a value to 40 characters must not leave a card number behind.
func TestTruncationDoesNotExposeCards(t *testing.T) {
	v := strings.Repeat("x", 20) + " 4111 1111 1111 1111 2"
	if got := kindsIn(v); got != nil {
		t.Fatalf("whole value flagged: %q", got)
	}
	if got := kindsIn(string(truncate([]byte(v)))); len(got) != 1 {
		t.Fatalf("the cut should leave a card number: %q", got)
	}
	shown := showValue([]byte(v))
	if strings.Contains(shown, "4111 1111 1111 1111") || kindsIn(shown) != nil {
		t.Errorf("shown %s", shown)
	}
}

// findIPv4 validates candidates in place as netip.ParseAddr used to:
// compare them on every dotted candidate of short fields, good and bad.
func TestFindIPv4MatchesNetip(t *testing.T) {
	fields := []string{"", "0", "00", "01", "1", "9", "10", "99", "100", "199", "255", "256", "300", "999", "1000", "0255"}
	for _, a := range fields {
		for _, b := range fields {
			for _, c := range []string{"", "0", "7", "255", "256", "07"} {
				for _, d := range []string{"", "1", "00", "255", "256"} {
					s := a + "." + b + "." + c + "." + d
					addr, err := netip.ParseAddr(s)
					want := err == nil && addr.Is4()
					f := findings{limit: -1}
					findIPv4(&f, []byte(s))
					got := len(f.list) == 1 && f.list[0].start == 0 && f.list[0].end == len(s)
					if got != want {
						t.Errorf("findIPv4(%q) = %v; netip says %v", s, f.list, want)
					}
				}
			}
		}
	}
}

// Past the report's cap findings are counted, not collected: a value
// holding a hundred thousand addresses keeps Keep of them.
func TestPCIFindingsStopAtTheCap(t *testing.T) {
	var v strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&v, "10.0.%d.%d ", i>>8&255, i&255)
	}
	c := checker{sink: &sink{keep: 3}, pci: true}
	c.scanPCI([]byte(v.String()))
	if len(c.sink.pci) != 3 || c.sink.pciTotal != 100_000 || len(c.found.list) != 3 || c.found.more != 99_997 {
		t.Errorf("kept %d of %d findings (collected %d, counted %d more)", len(c.sink.pci), c.sink.pciTotal, len(c.found.list), c.found.more)
	}
	c.scanPCI([]byte("192.168.1.1"))
	if len(c.found.list) != 0 || c.sink.pciTotal != 100_001 {
		t.Errorf("a full report still collects: %d collected, total %d", len(c.found.list), c.sink.pciTotal)
	}
}

// A long value's message is built from its start only, and masks a card
// number that the cut would otherwise leave whole.
func TestShowValueOfALongValue(t *testing.T) {
	long := strings.Repeat("x", 30) + " 4111 1111 1111 1111, " + strings.Repeat("10.0.0.1 ", 1_000_000)
	got := showValue([]byte(long))
	if strings.Contains(got, "4111") || !strings.Contains(got, "**** ****") || len(got) > 200 {
		t.Errorf("showValue = %s", got)
	}
}
