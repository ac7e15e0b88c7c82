package emulator

import (
	"fmt"
	"strings"
	"testing"
)

// The unique-field index follows inserts, changes and removals: a value
// is taken exactly while some record holds it.
func TestRecordTableIndexFollowsChanges(t *testing.T) {
	t.Parallel()
	tbl := (&Server{records: map[string]*recordTable{}}).tableLocked("Account")
	tbl.insert("a", decodedRecord(map[string]any{"accountNumber": "N1"}))
	if got := tbl.holder("accountNumber", "N1", ""); got != "a" {
		t.Fatalf("holder of N1 = %q", got)
	}
	tbl.insert("b", decodedRecord(map[string]any{"accountNumber": "N2"}))
	if got := tbl.holder("accountNumber", "N2", "b"); got != "" {
		t.Errorf("a record conflicts with itself: %q", got)
	}
	tbl.change("a", func(rec map[string]any) { rec["accountNumber"] = "N3" })
	if tbl.holder("accountNumber", "N1", "") != "" || tbl.holder("accountNumber", "N3", "") != "a" {
		t.Errorf("after renumbering: N1 held by %q, N3 by %q", tbl.holder("accountNumber", "N1", ""), tbl.holder("accountNumber", "N3", ""))
	}
	tbl.remove("b")
	if got := tbl.holder("accountNumber", "N2", ""); got != "" {
		t.Errorf("a removed record still holds N2: %q", got)
	}
	if got := tbl.nextNumber("accountNumber", "N%d"); got != "N1" {
		t.Errorf("next free number = %s; want N1, freed by the renumbering", got)
	}
}

// Removing keeps the insertion order of the rest, also across compaction.
func TestRecordTableRemoveKeepsOrder(t *testing.T) {
	t.Parallel()
	tbl := (&Server{records: map[string]*recordTable{}}).tableLocked("Account")
	for i := range 10 {
		tbl.insert(fmt.Sprint(i), decodedRecord(map[string]any{}))
	}
	for _, id := range []string{"0", "2", "3", "5", "6", "8"} {
		tbl.remove(id)
	}
	tbl.insert("10", decodedRecord(map[string]any{}))
	tbl.remove("nope")
	if got := strings.Join(tbl.order(false), ","); got != "1,4,7,9,10" {
		t.Errorf("order after removals = %s", got)
	}
}

// insert replaces any record under id; the emulator itself only ever
// inserts fresh ids (insertNew).
func (t *recordTable) insert(id string, rec *record) {
	if _, ok := t.byID[id]; ok {
		t.remove(id)
	}
	t.insertNew(id, rec)
}
