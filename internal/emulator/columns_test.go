package emulator

import (
	"reflect"
	"strings"
	"testing"
)

// A CSV headed as Zuora's data dictionary names the columns loads through
// create-job's mappings, a list column with type array, a file without a
// header row through headers, and the rowIdHeader column is echoed in the
// result files without being a field.
func TestCSVMappingsHeadersAndRowID(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	body := map[string]any{
		"name": "dictionary columns", "objectType": "account", "fileType": "csv", "hasHeaders": false,
		"headers":     []string{"Row", "Account Name", "Bill Cycle Day", "Currency", "Additional Email Addresses", "BillToContact.FirstName", "BillToContact.LastName"},
		"rowIdHeader": "Row",
		"mappings": []map[string]string{
			{"source": "Account Name", "target": "name"}, {"source": "Bill Cycle Day", "target": "billCycleDay"},
			{"source": "Currency", "target": "currency"},
			{"source": "Additional Email Addresses", "target": "additionalEmailAddresses", "type": "array", "arrayType": "string"},
			{"source": "BillToContact.FirstName", "target": "billToContact.firstName"},
			{"source": "BillToContact.LastName", "target": "billToContact.lastName"},
		},
	}
	s := h.run(body, "r-1,Acme,1,USD,a@acme.example|b@acme.example,Ada,Lovelace\nr-2,Bad,40,USD,,Ada,Lovelace\n")
	if s.RowsSucceeded != 1 || s.RowsFailed != 1 {
		t.Fatalf("summary %+v", s)
	}
	recs := h.emu.Records("Account")
	if len(recs) != 1 {
		t.Fatalf("records %v", recs)
	}
	r := recs[0]
	billTo, _ := r["billToContact"].(map[string]any)
	if r["name"] != "Acme" || !reflect.DeepEqual(r["additionalEmailAddresses"], []any{"a@acme.example", "b@acme.example"}) ||
		billTo["firstName"] != "Ada" {
		t.Errorf("stored %v", r)
	}
	if _, ok := r["Row"]; ok {
		t.Errorf("the row id column was stored as a field: %v", r)
	}
	if ok := h.successRows(s.ID); !strings.Contains(ok, "r-1,Acme") || !strings.Contains(ok, text(r["Id"])) {
		t.Errorf("success rows %q", ok)
	}
	if bad := h.errorRows(s.ID); !strings.Contains(bad, "r-2,Bad") || !strings.Contains(bad, "billCycleDay") {
		t.Errorf("error rows %q", bad)
	}
}

// A JSON-lines job's rowIdHeader key is echoed, not checked or stored.
func TestJSONLRowIDHeader(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	body := jsonlJob("Account", "Import")
	body["rowIdHeader"] = "ref"
	s := h.run(body, accountRow("Acme", `,"ref":"R-7"`)+"\n")
	if s.RowsSucceeded != 1 {
		t.Fatalf("summary %+v", s)
	}
	if _, ok := h.emu.Records("Account")[0]["ref"]; ok {
		t.Error("ref stored as a field")
	}
	if ok := h.successRows(s.ID); !strings.Contains(ok, `"ref":"R-7"`) {
		t.Errorf("success rows %q", ok)
	}
}

// Update jobs change what the row carries and keep the rest; CSV columns
// map the dictionary's Id label.
func TestCSVUpdateByIDThroughMappings(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.run(jsonlJob("Account", "Import"), accountRow("Acme", `,"notes":"old","crmId":"C1"`)+"\n")
	id := text(h.emu.Records("Account")[0]["Id"])
	s := h.run(map[string]any{"name": "u", "objectType": "Account", "jobType": "Update", "fileType": "csv",
		"mappings": []map[string]string{{"source": "Account Id", "target": "Id"}, {"source": "Account Notes", "target": "notes"}}},
		"Account Id,Account Notes\n"+id+",new\n"+strings.Repeat("f", 32)+",x\n")
	if s.RowsSucceeded != 1 || s.RowsFailed != 1 || !strings.Contains(h.errorRows(s.ID), "Record not found") {
		t.Fatalf("summary %+v", s)
	}
	r := h.emu.Records("Account")[0]
	if r["notes"] != "new" || r["crmId"] != "C1" || r["name"] != "Acme" {
		t.Errorf("updated %v", r)
	}
}
