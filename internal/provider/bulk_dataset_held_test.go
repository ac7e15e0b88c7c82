package provider

import (
	"strings"
	"testing"
)

// A held key is never imported: the diff's import of it is named with
// its job and line. A key that left the file, or that the dataset
// records, is released; the others stay held across plans.
func TestDatasetHeldKeys(t *testing.T) {
	f, err := readDatasetRows([]byte(datasetAccounts(1, 3, nil)), "accounts.jsonl", "accountNumber", nil)
	if err != nil {
		t.Fatal(err)
	}
	s := newDatasetState()
	s.hold("job-1", []string{"A-002", "A-003", "A-009"})
	s.Rows["A-003"] = loadedRow{ID: "rec-3"} // recorded since: released
	if !s.releaseHeld(f) {
		t.Fatal("nothing released")
	}
	if len(s.Held) != 1 || s.Held["A-002"] != "job-1" {
		t.Fatalf("held after release: %v; want only A-002 (A-009 left the file, A-003 is recorded)", s.Held)
	}
	if s.releaseHeld(f) {
		t.Error("released again with nothing to release")
	}
	got := heldImports(f, diffDataset(f, s), s, "accounts.jsonl", "accountNumber")
	for _, want := range []string{"Import job job-1", `line 2 (accountNumber "A-002")`} {
		if !strings.Contains(got, want) {
			t.Errorf("held rows message lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "A-001") {
		t.Errorf("a row not held is named:\n%s", got)
	}
}
