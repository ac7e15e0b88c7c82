package provider

import (
	"strings"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

func mustCSVRows(t *testing.T, content, keyField string, updatable map[string]bool, format csvFormat) *datasetFile {
	t.Helper()
	f, err := readDatasetCSV([]byte(content), "rows.csv", keyField, updatable, format)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A CSV row is its fields by path: the columns' order, the delimiter,
// quoting, a BOM and mapped column names change no hash; a value does,
// and a value Update does not take changes Fixed.
func TestDatasetCSVRows_hashIsTheFieldsByPath(t *testing.T) {
	updatable := map[string]bool{"name": true, "billToContact": true}
	mapped := csvFormat{Mappings: map[string]string{"Number": "accountNumber", "Name": "name"}}
	a := mustCSVRows(t, "accountNumber,name,currency,billToContact.city\nA-1,Acme,USD,Paris\n", "accountNumber", updatable, csvFormat{}).Rows[0]
	for what, other := range map[string]datasetRow{
		"reordered columns": mustCSVRows(t, "billToContact.city,currency,accountNumber,name\r\nParis,USD,A-1,Acme\r\n",
			"accountNumber", updatable, csvFormat{}).Rows[0],
		"another delimiter and quoting": mustCSVRows(t, "\uFEFFname|\"accountNumber\"|currency|billToContact.city\n\"Acme\"|A-1|USD|Paris\n",
			"accountNumber", updatable, csvFormat{Delimiter: "pipe"}).Rows[0],
		"mapped columns": mustCSVRows(t, "Name,Number,currency,billToContact.city\nAcme,A-1,USD,Paris\n", "accountNumber", updatable, mapped).Rows[0],
		"an empty column": mustCSVRows(t, "accountNumber,notes,name,currency,billToContact.city\nA-1,,Acme,USD,Paris\n",
			"accountNumber", updatable, csvFormat{}).Rows[0],
	} {
		if other.hashes != a.hashes || other.Key != "A-1" {
			t.Errorf("%s: key %q, hashes %+v, want A-1 and %+v", what, other.Key, other.hashes, a.hashes)
		}
	}
	// Changing file_type: a JSON-lines row of top-level string values is
	// the same row.
	flat := mustCSVRows(t, "accountNumber,name,currency\nA-1,Acme,USD\n", "accountNumber", updatable, csvFormat{}).Rows[0]
	if j := mustRows(t, `{"currency":"USD","accountNumber":"A-1","name":"Acme"}`, updatable).Rows[0]; j.hashes != flat.hashes {
		t.Errorf("the JSON-lines row of the same values: %+v, the CSV row's %+v", j.hashes, flat.hashes)
	}
	renamed := mustCSVRows(t, "accountNumber,name,currency,billToContact.city\nA-1,Acme 2,USD,Paris\n", "accountNumber", updatable, csvFormat{}).Rows[0]
	moved := mustCSVRows(t, "accountNumber,name,currency,billToContact.city\nA-1,Acme,USD,Lyon\n", "accountNumber", updatable, csvFormat{}).Rows[0]
	recurrency := mustCSVRows(t, "accountNumber,name,currency,billToContact.city\nA-1,Acme,EUR,Paris\n", "accountNumber", updatable, csvFormat{}).Rows[0]
	for what, r := range map[string]datasetRow{"name": renamed, "billToContact.city": moved} {
		if r.All == a.All || r.Fixed != a.Fixed {
			t.Errorf("a change of %s (Update takes it): All must change and Fixed stay: %+v vs %+v", what, a.hashes, r.hashes)
		}
	}
	if recurrency.All == a.All || recurrency.Fixed == a.Fixed {
		t.Errorf("a change of currency (Update does not take it) must change Fixed: %+v vs %+v", a.hashes, recurrency.hashes)
	}
}

func TestDatasetCSVRows_keysAndProblems(t *testing.T) {
	f := mustCSVRows(t, "Email;name\nx@y.z;\"a;b\"\n\nq@r.s;c\n", "billToContact.workEmail", nil,
		csvFormat{Delimiter: ";", Mappings: map[string]string{"Email": "billToContact.workEmail"}})
	if len(f.Rows) != 2 || f.Rows[0].Key != "x@y.z" || f.Rows[1].Key != "q@r.s" || f.Rows[1].Line != 4 ||
		strings.Join(f.Rows[0].Cells, "|") != "x@y.z|a;b" || strings.Join(f.CSV.Paths, ",") != "billToContact.workEmail,name" {
		t.Fatalf("rows = %+v, layout %+v", f.Rows, f.CSV)
	}
	for content, want := range map[string]string{
		"accountNumber,name\nA,x\nB,y\nA,z\n": `rows.csv lines 2 and 4: both have accountNumber "A"`,
		"accountNumber,name\n,x\n":            "rows.csv line 2: no value for the key field accountNumber",
		"accountNumber,name\nA,x,extra\n":     "rows.csv line 2: 3 fields, and the header has 2 columns",
		"number,name\nA,x\n":                  "no column holds the key field accountNumber",
		"":                                    "rows.csv has no header row",
		"accountNumber,name\nA,\"x\n":         "rows.csv line 2: invalid CSV",
	} {
		_, err := readDatasetCSV([]byte(content), "rows.csv", "accountNumber", nil, csvFormat{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", content, err, want)
		}
	}
}

// A CSV success row hashes as the file row it echoes: the result file's
// Id column left out, mapped columns by their field.
func TestDatasetCSVRows_successRowHashesAsTheFileRow(t *testing.T) {
	updatable := map[string]bool{"name": true}
	format := csvFormat{Mappings: map[string]string{"Number": "accountNumber"}}
	file := mustCSVRows(t, "Number,name,currency\nA-1,Acme,USD\n", "accountNumber", updatable, format).Rows[0]
	var row client.ResultRow
	err := client.ParseResultRows(t.Context(), strings.NewReader("Number,name,currency,Id\nA-1,Acme,USD,8a01\n"),
		client.ResultFormat{FileType: client.FileTypeCSV}, func(r client.ResultRow) error { row = r; return nil })
	if err != nil {
		t.Fatal(err)
	}
	h := newRowHasher(updatable)
	h.paths = true
	got, err := loadedCSVRowHashes(h, row, format)
	if err != nil || got != file.hashes || row.ID != "8a01" {
		t.Fatalf("success row hashes %+v (%v), id %q; the file row's %+v", got, err, row.ID, file.hashes)
	}
	if key, ok := successKey(row, format.keyColumn("accountNumber"), nil, nil); !ok || key != "A-1" {
		t.Fatalf("successKey = %q, %v", key, ok)
	}
}
