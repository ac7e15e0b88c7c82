package rowcheck

import (
	"runtime"
	"strings"
	"testing"
)

func scanText(t *testing.T, content string, opts Options) *Report {
	t.Helper()
	r, err := Scan(strings.NewReader(content), opts)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return r
}

func csvOptions(t *testing.T) Options {
	return Options{FileType: "csv", HasHeaders: true, Validator: mustValidator(t, accountsSchema)}
}

const csvHeader = "name,billCycleDay,currency,billToContact.firstName,billToContact.lastName,additionalEmailAddresses,autoPay\n"

func TestScanCSVValid(t *testing.T) {
	r := scanText(t, csvHeader+
		"Acme,1,USD,Ada,Lovelace,\"a@example.com, b@example.com\",true\n"+
		"\"Quoted, Inc\",31,EUR,Grace,Hopper,,\n", csvOptions(t))
	assertLines(t, r.Problems)
	if r.Rows != 2 {
		t.Errorf("rows = %d", r.Rows)
	}
}

func TestScanCSVProblems(t *testing.T) {
	r := scanText(t, csvHeader+
		"Acme,32,usd,Ada,,\"a@example.com,nope\",maybe\n"+
		",1,USD,Ada,Lovelace,,\n"+
		"Short,1\n", csvOptions(t))
	assertLines(t, r.Problems,
		`f:2: billCycleDay: value "32" does not match the field's rule: a whole number from 0 to 31`,
		`f:2: currency: value "usd" does not match the field's rule: one of AUD, USD, EUR, GBP, JPY, CAD`,
		`f:2: additionalEmailAddresses[1]: value "nope" does not match ^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$`,
		`f:2: autoPay: expected a boolean, got "maybe"`,
		`f:2: billToContact.lastName: required field is empty`,
		`f:3: name: required field is empty`,
		`f:4: expected 7 fields, got 2`,
		`f:4: currency: required field is empty`,
		`f:4: billToContact.firstName: required field is empty`,
		`f:4: billToContact.lastName: required field is empty`,
	)
}

func TestScanCSVHeaderProblems(t *testing.T) {
	r := scanText(t, "naem,billCycleDay,currency,billToContact.frstName,billToContact.lastName,name,Region__c,billToContact,currency\n"+
		"a,1,USD,A,B,n,x,,USD\n", csvOptions(t))
	assertLines(t, r.Problems,
		`f:1: naem: unknown field "naem"; did you mean "name"?`,
		`f:1: billToContact.frstName: unknown field "billToContact.frstName"; did you mean "billToContact.firstName"?`,
		`f:1: billToContact: billToContact is an object; give one column per member, like billToContact.firstName`,
		`f:1: currency: column appears more than once`,
		`f:1: billToContact.firstName: required field is missing`,
	)
}

func TestScanCSVQuoting(t *testing.T) {
	r := scanText(t, csvHeader+
		"Acme,1,USD,Ada,Lovelace,,\n"+
		"Bad \"quote,1,USD,Ada,Lovelace,,\n"+
		"\"multi\nline\",1,USD,Ada,Lovelace,,\n"+
		"\"unterminated,1,USD\n", csvOptions(t))
	assertLines(t, r.Problems,
		`f:3: invalid CSV: bare " in non-quoted-field`,
		// A quoted newline is valid CSV, but Zuora's `.` does not match it.
		`f:4: name: value "multi\nline" does not match the field's rule: 1 to 255 characters, not blank, on one line (it has 10)`,
		`f:6: invalid CSV: extraneous or missing " in quoted-field`,
	)
	if r.Rows != 4 {
		t.Errorf("rows = %d, want 4", r.Rows)
	}
}

func TestScanCSVHeadersFromOptions(t *testing.T) {
	opts := csvOptions(t)
	opts.HasHeaders = false
	opts.Headers = []string{"name", "billCycleDay", "currency", "billToContact.firstName", "billToContact.lastName", "notez"}
	opts.Delimiter = ';'
	r := scanText(t, "Acme;1;USD;Ada;Lovelace;x\nAcme;1;XXX;Ada;Lovelace;\n", opts)
	assertLines(t, r.Problems,
		`f: notez: unknown field "notez"; did you mean "notes"?`,
		`f:2: currency: value "XXX" does not match the field's rule: one of AUD, USD, EUR, GBP, JPY, CAD`)
	if r.Rows != 2 {
		t.Errorf("rows = %d", r.Rows)
	}
}

func TestScanCSVIndexedAndNestedArrayColumns(t *testing.T) {
	opts := Options{FileType: "csv", HasHeaders: true, Validator: mustValidator(t, shipToSchema)}
	r := scanText(t, "name,shipTo[0].city,shipTo[0].zip,shipTo[1].zip\na,Oslo,12345,\nb,,1234,\n", opts)
	assertLines(t, r.Problems,
		`f:1: shipTo[1].city: required field is missing`,
		`f:3: shipTo[0].zip: value "1234" does not match ^[0-9]{5}$`,
		`f:3: shipTo[0].city: required field is empty`)
}

func TestScanCSVBOMAndEncoding(t *testing.T) {
	r := scanText(t, "\uFEFF"+csvHeader+"Acme\xff,1,USD,Ada,Lovelace,,\n", csvOptions(t))
	assertLines(t, r.Problems, "f:1: "+bomMessage, "f:2: invalid UTF-8")
}

func TestCheckRecordRepeatsHeaderProblems(t *testing.T) {
	v := mustValidator(t, accountsSchema)
	header := []string{"name", "billCycleDay", "currency", "billToContact.firstName", "billToContact.lastName", "curency"}
	assertLines(t, v.CheckRecord(5, header, []string{"A", "1", "USD", "Ada", "L", ""}),
		`f:5: curency: unknown field "curency"; did you mean "currency"?`)
	assertLines(t, v.CheckRecord(6, header[:5], []string{"A", "1", "USD", "Ada", "L"}))
	assertLines(t, v.CheckRecord(7, header[:5], []string{"A", "x", "USD", "Ada", ""}),
		`f:7: billCycleDay: expected a number, got "x"`,
		`f:7: billToContact.lastName: required field is empty`)
	assertLines(t, v.CheckHeader(1, []string{"name"}),
		`f:1: billCycleDay: required field is missing`,
		`f:1: currency: required field is missing`,
		`f:1: billToContact: required field is missing`)
}

// Records csv gives up on (a stray quote) run the card-number check over
// their own bytes: each costs about its size, not the long-line scanner's
// window (256 KiB), so a file full of them stays small.
func TestScanCSVBadRecordsCostTheirSize(t *testing.T) {
	var b strings.Builder
	b.WriteString(csvHeader)
	for range 2000 {
		b.WriteString("\"Acme \"Inc\",1,USD,Ada,Lovelace,,\n")
	}
	opts := csvOptions(t)
	opts.PCI = true // the provider's default (pci_check)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	scanText(t, b.String(), opts)
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Errorf("scanning 2,000 bad records allocated %d MiB; want far less than 2,000 windows of 256 KiB", got>>20)
	}
}
