package rowcheck

import "testing"

// A mapped header is checked as the fields it maps to, problems name the
// columns as written, and the row id column is no field.
func TestScanCSVMappings(t *testing.T) {
	opts := csvOptions(t)
	opts.Mappings = map[string]string{
		"Account Name": "name", "Bill Cycle Day": "billCycleDay", "Currency": "currency",
		"First": "billToContact.firstName", "Last": "billToContact.lastName",
	}
	opts.RowIDColumn = "Row"
	r := scanText(t, "Row,Account Name,Bill Cycle Day,Currency,First,Last\n"+
		"1,Acme,1,USD,Ada,Lovelace\n"+
		"2,Acme,40,USD,Ada,\n", opts)
	assertLines(t, r.Problems,
		`f:3: Bill Cycle Day: value "40" does not match the field's rule: a whole number from 0 to 31`,
		`f:3: billToContact.lastName: required field is empty`) // a field several columns may give
}

// Without the mapping the same header is unknown columns and missing
// required fields: the mapping is what makes it loadable.
func TestScanCSVUnmappedHeader(t *testing.T) {
	r := scanText(t, "Account Name,billCycleDay,currency,billToContact.firstName,billToContact.lastName\nAcme,1,USD,Ada,Lovelace\n", csvOptions(t))
	if r.Total == 0 {
		t.Fatal("an unmapped label column passed as a field")
	}
	opts := csvOptions(t)
	opts.Mappings = map[string]string{"Account Name": "name"}
	r = scanText(t, "Account Name,billCycleDay,currency,billToContact.firstName,billToContact.lastName\nAcme,1,USD,Ada,Lovelace\n", opts)
	assertLines(t, r.Problems)
}

// A list cell may separate its elements with pipes, as the data
// dictionary writes them, or with commas.
func TestScanCSVListSeparators(t *testing.T) {
	opts := csvOptions(t)
	opts.Mappings = map[string]string{"Additional Email Addresses": "additionalEmailAddresses"}
	r := scanText(t, "name,billCycleDay,currency,billToContact.firstName,billToContact.lastName,Additional Email Addresses\n"+
		"Acme,1,USD,Ada,Lovelace,a@example.com | b@example.com\n"+
		"Acme,1,USD,Ada,Lovelace,\"a@example.com, b@example.com\"\n"+
		"Acme,1,USD,Ada,Lovelace,a@example.com|nope\n", opts)
	assertLines(t, r.Problems,
		`f:4: Additional Email Addresses[1]: value "nope" does not match ^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$`)
}

// A JSON-lines row's row id key is no field; the same key nested is.
func TestScanJSONLinesRowIDKey(t *testing.T) {
	opts := Options{FileType: "jsonl", Validator: mustValidator(t, accountsSchema), RowIDColumn: "rowId"}
	r := scanText(t, `{"rowId":7,"name":"Acme","billCycleDay":1,"currency":"USD","billToContact":{"firstName":"Ada","lastName":"L","rowId":1}}`+"\n", opts)
	assertLines(t, r.Problems, `f:1: billToContact.rowId: unknown field "rowId"`)
}

// A JSON-lines row's mapped top-level keys are checked as their fields;
// problems name the key as written.
func TestScanJSONLinesMappedKeys(t *testing.T) {
	opts := Options{FileType: "jsonl", Validator: mustValidator(t, accountsSchema),
		Mappings: map[string]string{"Account Name": "name", "Cycle": "billCycleDay"}}
	r := scanText(t, `{"Account Name":"Acme","Cycle":1,"currency":"USD","billToContact":{"firstName":"Ada","lastName":"L"}}`+"\n"+
		`{"Account Name":"Acme","Cycle":40,"currency":"USD","billToContact":{"firstName":"Ada","lastName":"L","Cycle":1}}`+"\n", opts)
	assertLines(t, r.Problems,
		`f:2: Cycle: value "40" does not match the field's rule: a whole number from 0 to 31`,
		`f:2: billToContact.Cycle: unknown field "Cycle"`)
}
