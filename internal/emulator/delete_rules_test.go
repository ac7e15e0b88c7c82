package emulator

import (
	"strings"
	"testing"
)

// errorRows and successRows are the result files of a completed job.
func (h *harness) errorRows(jobID string) string   { return h.resultFile(jobID, false) }
func (h *harness) successRows(jobID string) string { return h.resultFile(jobID, true) }

func (h *harness) resultFile(jobID string, success bool) string {
	h.t.Helper()
	var dl downloadsJSON
	h.callOK("GET", "/bulk-data/bulk-jobs/"+jobID+"/downloads", nil, &dl)
	link := dl.ErrorRowsFile
	if success {
		link = dl.SuccessRowsFile
	}
	_, body := h.get(link)
	return string(body)
}

// best-practices-for-delete-jobs: account deletion leaves the account
// Canceled, and an account that owns a subscription cannot be deleted.
func TestAccountDeleteCancelsAndSubscriptionOwnersStay(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.run(jsonlJob("Account", "Import"), accountRow("Owner", `,"accountNumber":"OWN-1"`)+"\n"+accountRow("Free", `,"accountNumber":"FREE-1"`)+"\n")
	recs := h.emu.Records("Account")
	owner, free := text(recs[0]["Id"]), text(recs[1]["Id"])
	h.run(jsonlJob("Subscription", "Import"),
		`{"accountId":"`+owner+`","termType":"TERMED","renewalTerm":12,"contractEffectiveDate":"2026-01-01","subscriptionNumber":"SUB-1"}`+"\n")

	s := h.run(jsonlJob("Account", "Delete"), `{"Id":"`+owner+`"}`+"\n"+`{"Id":"`+free+`"}`+"\n")
	if s.RowsSucceeded != 1 || s.RowsFailed != 1 {
		t.Fatalf("delete summary %+v", s)
	}
	if rows := h.errorRows(s.ID); !strings.Contains(rows, owner) || !strings.Contains(rows, "subscription SUB-1") || !strings.Contains(rows, "cannot be deleted") {
		t.Errorf("error rows do not give the reason: %s", rows)
	}
	live := h.emu.Records("Account")
	if len(live) != 1 || live[0]["Id"] != owner {
		t.Errorf("live accounts %v, want only the owner", live)
	}
	gone := h.emu.DeletedRecords("Account")
	if len(gone) != 1 || gone[0]["Id"] != free || gone[0]["status"] != "Canceled" || gone[0]["name"] != "Free" {
		t.Errorf("deleted accounts %v, want Free, Canceled", gone)
	}
	// A deleted account is no longer addressable, and its number is free.
	if s := h.run(jsonlJob("Account", "Update"), `{"Id":"`+free+`","notes":"x"}`+"\n"); s.RowsFailed != 1 {
		t.Errorf("update of a deleted account %+v", s)
	}
	if s := h.run(jsonlJob("Account", "Import"), accountRow("Again", `,"accountNumber":"FREE-1"`)+"\n"); s.RowsSucceeded != 1 {
		t.Errorf("reusing a deleted account's number %+v", s)
	}
}

// best-practices-for-delete-jobs: accounting codes must be in inactive
// status for deletion. A code is Active once imported.
func TestActiveAccountingCodeRefusesDeletion(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.run(jsonlJob("accountingcode", "Import"), `{"name":"Sales","type":"Sales Revenue"}`+"\n")
	code := h.emu.Records("AccountingCode")[0]
	id := text(code["Id"])
	if code["status"] != "Active" {
		t.Errorf("imported code %v, want status Active", code)
	}
	s := h.run(jsonlJob("accountingcode", "Delete"), `{"Id":"`+id+`"}`+"\n")
	if s.RowsFailed != 1 || !strings.Contains(h.errorRows(s.ID), "inactive status for deletion") {
		t.Errorf("active code deleted: %+v %s", s, h.errorRows(s.ID))
	}
	h.run(jsonlJob("accountingcode", "Update"), `{"Id":"`+id+`","status":"Inactive"}`+"\n")
	if s := h.run(jsonlJob("accountingcode", "Delete"), `{"Id":"`+id+`"}`+"\n"); s.RowsSucceeded != 1 {
		t.Errorf("inactive code not deleted: %+v", s)
	}
	if recs := h.emu.Records("AccountingCode"); len(recs) != 0 {
		t.Errorf("left %v", recs)
	}
}
