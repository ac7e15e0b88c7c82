package provider

import (
	"encoding/json"
	"testing"
)

// TestRowHasher_hashesAreStable holds the row hashes to the values that
// datasets in state were written with: a change to the scanner that
// changed one would make every row of every dataset plan as an update.
// The second row is the first reordered and spaced out.
func TestRowHasher_hashesAreStable(t *testing.T) {
	h := newRowHasher(map[string]bool{"name": true, "currency": true, "billToContact": true})
	for _, c := range hashedRows {
		got, err := h.hash([]byte(c.row), nil)
		// Hashed again, with the member order the row before left, and by
		// a new hasher: the same.
		if again, errAgain := h.hash([]byte(c.row), nil); again != got || (errAgain != nil) != (err != nil) {
			t.Errorf("%s: hashed again %+v %v, first %+v %v", c.row, again, errAgain, got, err)
		}
		if fresh, _ := newRowHasher(h.updatable).hash([]byte(c.row), nil); fresh != got {
			t.Errorf("%s: a new hasher gives %+v, the used one %+v", c.row, fresh, got)
		}
		if (err != nil) != c.bad {
			t.Errorf("%s: error %v, want one: %v", c.row, err, c.bad)
			continue
		}
		if !c.bad && (got.All != c.all || got.Fixed != c.fixed) {
			t.Errorf("%s: hashes %016x %08x, want %016x %08x", c.row, got.All, got.Fixed, c.all, c.fixed)
		}
	}
}

// TestStringEnd finds the closing quote past any run of backslashes.
func TestStringEnd(t *testing.T) {
	for _, s := range []string{`""`, `"a"`, `"\""`, `"\\"`, `"\\\""`, `"a\\\\"`, `"é\u00e9"`, `"\"\"\\"`} {
		b := []byte(s + `,"next"`)
		if got := stringEnd(b, 0); got != len(s) {
			t.Errorf("stringEnd(%s) = %d, want %d", b, got, len(s))
		}
		var v string
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatalf("%s is not a JSON string: %v", s, err)
		}
	}
	for _, s := range []string{`"`, `"abc`, `"\"`, `"a\\\"`} {
		if got := stringEnd([]byte(s), 0); got != -1 {
			t.Errorf("stringEnd(%s) = %d, want -1", s, got)
		}
	}
}

// BenchmarkReadDatasetRows hashes the 100,000 rows of the plan benchmark's
// file, the larger part of a dataset plan's own work.
func BenchmarkReadDatasetRows(b *testing.B) {
	data := []byte(datasetAccounts(1, maxDatasetRows, nil))
	updatable := map[string]bool{"name": true, "currency": true, "billToContact": true}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := readDatasetRows(data, "accounts.jsonl", "accountNumber", updatable); err != nil {
			b.Fatal(err)
		}
	}
}

// updateRow's fast path gives the decoded path's bytes for every row it
// takes, and leaves it the rows it cannot answer for.
func TestUpdateRow_fastPathAsDecoded(t *testing.T) {
	updatable := map[string]bool{"name": true, "currency": true, "billToContact": true, "list": true, "o": true,
		"n": true, "t": true, "z": true, "Id": true, `a"b`: true, "<b>": true}
	var rows []string
	for _, c := range hashedRows {
		rows = append(rows, c.row)
	}
	rows = append(rows,
		`{"name":"x","Id":"old","currency":"EUR"}`,
		`{"<b>":"html","name":{ "z":1, "a":[ 2 , {"y":null,"b":"c"} ] }}`,
		`{"a\"b":"escaped name","name":"y"}`,
		`{"name":"twice","name":"again"}`,
		`{"name":1x}`,
		`{"name":"valid","billCycleDay":1x}`,
	)
	fast := 0
	for _, r := range rows {
		want, wantErr := updateRowDecoded([]byte(r), "Id", "2c9", updatable)
		got, ok := updateRowFast([]byte(r), "Id", "2c9", updatable)
		if ok {
			fast++
			if wantErr != nil || string(got) != string(want) {
				t.Errorf("%s: fast %s, decoded %s %v", r, got, want, wantErr)
			}
		}
		if all, err := updateRow(datasetRow{Raw: []byte(r)}, "Id", "2c9", updatable); string(all) != string(want) || (err != nil) != (wantErr != nil) {
			t.Errorf("%s: updateRow %s %v, decoded %s %v", r, all, err, want, wantErr)
		}
	}
	if fast < 8 {
		t.Errorf("the fast path took %d rows; it should take every plain one", fast)
	}
}

// hashedRows are rows with the hashes state was written with (bad: not a
// row at all), for the hasher's test and as rows for others.
var hashedRows = []struct {
	row   string
	all   uint64
	fixed uint32
	bad   bool
}{
	{`{"accountNumber":"A-001","name":"Account 1","billCycleDay":1,"currency":"USD","billToContact":{"firstName":"Ada","lastName":"Lovelace","country":"United Kingdom"},"soldToContact":{"firstName":"Ada","lastName":"Lovelace","country":"United Kingdom"}}`, 0x0a6e2f69d0c4b80d, 0x75393bb5, false},
	{`{ "name" : "Account 1", "accountNumber" : "A-001", "billCycleDay" : 1, "currency":"USD",  "soldToContact":{"firstName": "Ada", "lastName":"Lovelace","country":"United Kingdom"}, "billToContact":{ "firstName":"Ada","lastName":"Lovelace", "country":"United Kingdom" } }`, 0x0a6e2f69d0c4b80d, 0x75393bb5, false},
	{`{"accountNumber":"A-\"quoted\"","name":"back\\slash \\\"x\\\\","notes":"tab\there","list":[1, 2 ,{"a" : [ ] }],"n":-1.5e3,"t":true,"f":false,"z":null}`, 0x6e9759550c13d214, 0xe65df013, false},
	{`{"accountNumber":"A-é","name":"ünïcödé \u00e9 \ud83d\ude00","empty":"","o":{}}`, 0x2bf72e99cd689e19, 0x42531876, false},
	{`{}`, 0, 0, false},
	{`{"a":"\\"}`, 0x723fcf2607329c88, 0x07329c88, false},
	{`{"a":"x\\\\"}`, 0x889011694637dcda, 0x4637dcda, false},
	{`{"very long name that is longer than sixty four bytes so that the CRC takes its wide path":"and a value that is long too, long enough to pass sixty-four bytes on its own"}`, 0x50fd9bf2b0908354, 0xb0908354, false},
	{`[1,2]`, 0, 0, true},
	{`{"a":1,}`, 0, 0, true},
	{`{"a":"unterminated}`, 0, 0, true},
	{`{"a":"\"}`, 0, 0, true},
	{`{"a" 1}`, 0, 0, true},
	{`{"a":1} x`, 0, 0, true},
	{`{"a":{"b":[1,2}}`, 0, 0, true},
}
