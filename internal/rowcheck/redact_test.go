package rowcheck

import (
	"strings"
	"testing"
)

// plantedRows breaks every rule, each time with a value that holds a
// planted string (QZXJ…) or digits that must not be shown.
var plantedRows = []string{
	`{"name":"a","billCycleDay":"QZXJ01","currency":"USD",` + contact + `}`,                                                  // number expected
	`{"name":"a","billCycleDay":1,"currency":"QZXJ02",` + contact + `}`,                                                      // enumeration of names
	`{"name":"a","billCycleDay":987654321,"currency":"USD",` + contact + `}`,                                                 // enumeration of numbers
	`{"name":"a","billCycleDay":1,"currency":"USD","batch":"QZXJ03",` + contact + `}`,                                        // numbered names
	`{"name":"a","billCycleDay":1,"currency":"USD","accountNumber":"QZXJ04` + strings.Repeat("y", 60) + `",` + contact + `}`, // length
	`{"name":"a","billCycleDay":1,"currency":"USD","additionalEmailAddresses":["QZXJ05"],` + contact + `}`,                   // regex without words
	`{"name":"a","billCycleDay":1,"currency":"USD","autoPay":"QZXJ06",` + contact + `}`,                                      // boolean expected
	`{"name":"a","billCycleDay":true,"currency":"USD",` + contact + `}`,                                                      // a literal where a number goes
	`{"name":QZXJ07,"notes":"5555555555554444"}`,                                                                             // syntax: a bare word, then a card
	`{"name":"QZXJ08` + "\x01" + `"}`,                                                                                        // control character
	`{"name":"QZXJ09\x"}`,                                                                                                    // bad escape
	`{"name":"QZXJ10`,                                                                                                        // unterminated
	`QZXJ11,4111111111111111`,                                                                                                // not JSON at all
	`{"name":"QZXJ12 4111 1111 1111 1111","billCycleDay":1,"currency":"USD",` + contact + `}`,                                // card in a valid field
	`{"name":"QZXJ13` + "\xff" + `","billCycleDay":1,"currency":"USD",` + contact + `}`,                                      // invalid UTF-8
	`{"name":"a","billCycleDay":1,"currency":"USD",` + contact + `} QZXJ14`,                                                  // data after the object
	`{"name":"a","billCycleDay":1,"currency":"USD","notes":"IBAN DE89370400440532013000 from 10.9.8.7",` + contact + `}`,
}

var plantedCSV = csvHeader +
	"QZXJ21,QZXJ22,QZXJ23,Ada,Lovelace,\"a@example.com,QZXJ24\",QZXJ25\n" +
	"a,1,USD,Ada,Lovelace,x\"QZXJ26,\n" + // bare quote
	"a,1,USD,Ada,Lovelace,\"QZXJ27\"x,\n" + // text after a closing quote
	"a,1,USD,Ada,\"4111111111111111\",,\n"

// secretBits are what no redacted message may hold: the planted strings
// and any digits of the card numbers, IBAN and address.
var secretBits = []string{"QZXJ", "4111", "1111", "4444", "5555", "3000", "DE89", ".8.7", "987654321", "yyyy", "TRUE", "true"}

// Issue 20: rows from content_wo are never quoted. Every message still
// names the line and the field and says what was expected.
func TestRedactedProblemsHoldNoPartOfAnyValue(t *testing.T) {
	jsonl := scanText(t, strings.Join(plantedRows, "\n")+"\n",
		Options{Validator: mustValidator(t, accountsSchema), PCI: true, Keep: -1, Redact: true})
	csv := csvOptions(t)
	csv.PCI, csv.Keep, csv.Redact = true, -1, true
	csvRep := scanText(t, plantedCSV, csv)

	for _, rep := range []*Report{jsonl, csvRep} {
		all := append(append([]Problem(nil), rep.Problems...), rep.PCI...)
		text := Format("content_wo", all)
		for _, bit := range secretBits {
			if strings.Contains(text, bit) {
				t.Errorf("redacted messages hold %q:\n%s", bit, text)
			}
		}
	}
	// Every planted row was reported, so the check above saw each path.
	lineSeen := map[int]bool{}
	for _, p := range append(jsonl.Problems, jsonl.PCI...) {
		lineSeen[p.Line] = true
	}
	for i := range plantedRows {
		if !lineSeen[i+1] {
			t.Errorf("row %d (%s) gave no problem", i+1, plantedRows[i])
		}
	}
	assertContains(t, Format("content_wo", jsonl.Problems),
		"content_wo:1: billCycleDay: expected a number, got a string",
		"content_wo:2: currency: the value does not match the field's rule: one of AUD, USD, EUR, GBP, JPY, CAD",
		"content_wo:3: billCycleDay: the value does not match the field's rule: a whole number from 0 to 31",
		"content_wo:5: accountNumber: the value does not match the field's rule: at most 50 characters",
		"content_wo:6: additionalEmailAddresses[0]: the value does not match ^(|(",
		"content_wo:8: billCycleDay: expected a number, got a boolean",
		"content_wo:9: invalid JSON: unexpected character at column 9")
	assertContains(t, Format("content_wo", jsonl.PCI),
		"content_wo:9: looks like a card number", "content_wo:13: looks like a card number", "content_wo:14: name: looks like a card number",
		"content_wo:17: notes: looks like an IBAN", "content_wo:17: notes: looks like an IPv4 address")
	assertContains(t, Format("content_wo", csvRep.Problems),
		"content_wo:2: currency: the value does not match the field's rule: one of AUD", "content_wo:3: invalid CSV: bare \" in non-quoted-field")
	assertContains(t, Format("content_wo", csvRep.PCI), "content_wo:5: billToContact.lastName: looks like a card number")

	// The same rows unredacted do show values: the planted strings reach
	// the messages through every path the check above covers.
	shown := scanText(t, strings.Join(plantedRows, "\n")+"\n", Options{Validator: mustValidator(t, accountsSchema), PCI: true, Keep: -1})
	if text := Format("f", append(shown.Problems, shown.PCI...)); strings.Count(text, "QZXJ") < 5 || !strings.Contains(text, "ending in") {
		t.Errorf("unredacted messages should quote values:\n%s", text)
	}
}

func assertContains(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}
