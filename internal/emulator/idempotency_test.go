package emulator

import (
	"strings"
	"testing"
)

func TestIdempotencyKeyReplaysWithoutActingAgain(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	body := jsonlJob("Account", "Import")
	var first, second created
	h.callOK("POST", "/bulk-data/bulk-jobs", body, &first, "Idempotency-Key", "create-1")
	resp, b := h.call("POST", "/bulk-data/bulk-jobs", body, "Idempotency-Key", "create-1")
	mustJSON(t, b, &second)
	if resp.StatusCode != 200 || second.ID != first.ID || resp.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d %s", resp.StatusCode, b)
	}
	if c := h.emu.Counts(); c.JobsCreated != 1 || len(h.emu.Jobs()) != 1 {
		t.Errorf("replay acted again: %+v", c)
	}

	// Another client's key space, another key: new jobs.
	var other created
	h.callOK("POST", "/bulk-data/bulk-jobs", body, &other, "Idempotency-Key", "create-2")
	if other.ID == first.ID {
		t.Error("a new key replayed the old job")
	}

	resp, b = h.call("POST", "/bulk-data/bulk-jobs", jsonlJob("Usage", "Import"), "Idempotency-Key", "create-1")
	if resp.StatusCode != 400 || !strings.Contains(reasonsOf(t, b), "different request body") {
		t.Errorf("reused key with another body: %d %s", resp.StatusCode, b)
	}
	// "less than 255 characters long" (docs_guides_idempotent-requests.md)
	resp, b = h.call("POST", "/bulk-data/bulk-jobs", body, "Idempotency-Key", strings.Repeat("k", 255))
	if resp.StatusCode != 400 || !strings.Contains(reasonsOf(t, b), "less than 255") {
		t.Errorf("long key: %d %s", resp.StatusCode, b)
	}
	h.callOK("POST", "/bulk-data/bulk-jobs", body, nil, "Idempotency-Key", strings.Repeat("k", 254))
	if n := h.emu.Counts().JobsCreated; n != 3 {
		t.Errorf("JobsCreated = %d, want 3", n)
	}
}

func TestIdempotentSubmitReplaysOriginalAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.SetPaused(true)
	c := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(c, codes(1))
	path := "/bulk-data/bulk-jobs/" + c.ID + "/submissions"
	var a, b idStatus
	h.callOK("POST", path, nil, &a, "Idempotency-Key", "submit-1")
	h.callOK("POST", path, nil, &b, "Idempotency-Key", "submit-1")
	if a != b || b.Status != statusSubmitted {
		t.Errorf("%+v then %+v", a, b)
	}
	if n := h.emu.Counts().Submissions; n != 1 {
		t.Errorf("Submissions = %d", n)
	}
	// Without a key, a second submission is refused: the key is what
	// makes a retry safe.
	if resp, _ := h.call("POST", path, nil); resp.StatusCode != 400 {
		t.Errorf("unkeyed resubmit: %d", resp.StatusCode)
	}
}
