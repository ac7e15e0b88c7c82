package emulator

import (
	"net/http"
	"testing"
)

// A custom object and a CSV-only object load without field metadata: their
// rows are stored as sent, and the summary says which kind of object it is.
func TestObjectsOutsideTheCatalogueLoad(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})

	c := h.create(map[string]any{"name": "vehicles", "objectType": "vehicle", "jobType": "Import", "fileType": "jsonl",
		"isCustomObject": true, "customObjectNamespace": "fleet"})
	h.upload(c, `{"make":"Volvo","seats":5}`+"\n")
	h.submit(c.ID)
	s := h.wait(c.ID, statusCompleted)
	if s.RowsSucceeded != 1 || !s.IsCustomObject || s.CustomObjectNamespace != "fleet" || s.ObjectType != "vehicle" {
		t.Errorf("custom object summary %+v", s)
	}
	if recs := h.emu.Records("vehicle"); len(recs) != 1 || recs[0]["make"] != "Volvo" {
		t.Errorf("custom records %v", recs)
	}

	c = h.create(map[string]any{"name": "tax", "objectType": "taxationitem", "jobType": "Import", "fileType": "csv"})
	h.upload(c, "invoiceNumber,taxAmount\nINV-1,1.50\n")
	h.submit(c.ID)
	if s := h.wait(c.ID, statusCompleted); s.RowsSucceeded != 1 || s.IsCustomObject || s.ObjectType != "TaxationItem" {
		t.Errorf("CSV-only object summary %+v", s)
	}
	if recs := h.emu.Records("TaxationItem"); len(recs) != 1 || recs[0]["taxAmount"] != "1.50" {
		t.Errorf("CSV-only records %v", recs)
	}

	for _, body := range []map[string]any{
		{"name": "x", "objectType": "TaxationItem", "fileType": "jsonl"}, // CSV only
		{"name": "x", "objectType": "Spaceship", "fileType": "csv"},      // neither listed nor custom
	} {
		if resp, _ := h.call("POST", "/bulk-data/bulk-jobs", body); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("create %v: status %d, want 400", body, resp.StatusCode)
		}
	}
}
