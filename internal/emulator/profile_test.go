package emulator

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// createReference creates a job on the reference profile, whose answer
// carries uploadFileInfo, and returns it in the harness's shape.
func (h *harness) createReference(body map[string]any) created {
	h.t.Helper()
	resp, b := h.call("POST", "/bulk-data/bulk-jobs", body)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("create: %d %s", resp.StatusCode, b)
	}
	var raw struct {
		ID            string          `json:"id"`
		UploadRequest json.RawMessage `json:"uploadRequest"`
		Info          struct {
			UploadURL  string            `json:"uploadUrl"`
			FormFields map[string]string `json:"formFields"`
			JobID      string            `json:"jobId"`
		} `json:"uploadFileInfo"`
	}
	mustJSON(h.t, b, &raw)
	if raw.UploadRequest != nil || raw.Info.UploadURL == "" || raw.Info.JobID != raw.ID || len(raw.Info.FormFields) == 0 {
		h.t.Fatalf("the reference profile answered %s", b)
	}
	var order struct {
		Info struct {
			FormFields json.RawMessage `json:"formFields"`
		} `json:"uploadFileInfo"`
	}
	mustJSON(h.t, b, &order)
	c := created{ID: raw.ID, fieldOrder: objectKeys(order.Info.FormFields)}
	c.UploadRequest.URI, c.UploadRequest.Fields = raw.Info.UploadURL, raw.Info.FormFields
	return c
}

func TestReferenceProfileListsAsTheReferenceDocuments(t *testing.T) {
	t.Parallel()
	h := start(t, Options{Profile: ProfileReference})
	resp, b := h.call("GET", "/bulk-data/bulk-jobs/summaries", nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(b), "No job summaries found") {
		t.Fatalf("an empty tenant's list: %d %s", resp.StatusCode, b)
	}
	c := h.createReference(jsonlJob("Account", "Import"))
	h.upload(c, `{"name":"Sam","currency":"USD","billCycleDay":1}`+"\n")
	h.submit(c.ID)
	h.wait(c.ID, statusCompleted, statusFailed)

	resp, b = h.call("GET", "/bulk-data/bulk-jobs/summaries?limit=1000", nil)
	var page struct {
		Data []map[string]any `json:"data"`
	}
	mustJSON(t, b, &page)
	if resp.StatusCode != 200 || len(page.Data) != 1 {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	var keys []string
	for k := range page.Data[0] {
		keys = append(keys, k)
	}
	if len(keys) != 8 || page.Data[0]["objectType"] != nil || page.Data[0]["createdBy"] != nil {
		t.Errorf("a list entry carries %v; the sample has id, name, status, rowCount, rowsSucceeded, rowsFailed, createdAt, lastUpdatedAt", keys)
	}
	if _, isNumber := page.Data[0]["createdAt"].(float64); !isNumber {
		t.Errorf("createdAt %v, want epoch seconds", page.Data[0]["createdAt"])
	}
	if resp, b := h.call("GET", "/bulk-data/bulk-jobs/summaries?status=Failed", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a status nothing has: %d %s", resp.StatusCode, b)
	}
	s := h.summary(c.ID)
	if s.ObjectType != "account" || s.CreatedBy == "" {
		t.Errorf("summary objectType %q createdBy %q", s.ObjectType, s.CreatedBy)
	}
}

func TestReferenceProfileAnswersAReplayedKeyWith409AndTheOriginalBody(t *testing.T) {
	t.Parallel()
	for _, profile := range []string{ProfileDefault, ProfileReference} {
		h := start(t, Options{Profile: profile})
		body := jsonlJob("Account", "Import")
		first, b1 := h.call("POST", "/bulk-data/bulk-jobs", body, "Idempotency-Key", "k1")
		again, b2 := h.call("POST", "/bulk-data/bulk-jobs", body, "Idempotency-Key", "k1")
		want := http.StatusOK
		if profile == ProfileReference {
			want = http.StatusConflict
		}
		if first.StatusCode != 200 || again.StatusCode != want || string(b1) != string(b2) || h.emu.Counts().JobsCreated != 1 {
			t.Errorf("%s: %d then %d, same body %v, %d jobs", profile, first.StatusCode, again.StatusCode, string(b1) == string(b2), h.emu.Counts().JobsCreated)
		}
	}
}

func TestReferenceProfileLimitsFilesTo300MB(t *testing.T) {
	t.Parallel()
	h := start(t, Options{Profile: ProfileReference})
	c := h.createReference(jsonlJob("Account", "Import"))
	doc, _ := base64.StdEncoding.DecodeString(c.UploadRequest.Fields["Policy"])
	if !strings.Contains(string(doc), `["content-length-range",0,300000000]`) {
		t.Errorf("policy %s", doc)
	}
}

func TestReferenceProfileRefusesASixthSubmissionAcrossClients(t *testing.T) {
	t.Parallel()
	h := start(t, Options{Profile: ProfileReference, OccupiedSlots: 3})
	h.emu.SetPaused(true)
	var ids []string
	for i := 0; i < 3; i++ {
		c := h.createReference(jsonlJob("Account", "Import"))
		h.upload(c, `{"name":"Sam","currency":"USD","billCycleDay":1}`+"\n")
		ids = append(ids, c.ID)
	}
	h.submit(ids[0])
	h.submit(ids[1])
	resp, b := h.call("POST", "/bulk-data/bulk-jobs/"+ids[2]+"/submissions", nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "maximum of five jobs") {
		t.Fatalf("a sixth submission: %d %s", resp.StatusCode, b)
	}
	if j, _ := h.emu.Job(ids[2]); j.Status != statusCreated {
		t.Errorf("the refused job is %s, want Created", j.Status)
	}
	if n := h.emu.ReleaseOtherJobs(1); n != 1 {
		t.Fatalf("released %d", n)
	}
	h.submit(ids[2])
	if got := h.emu.MaxRunning(); got != 5 {
		t.Errorf("MaxRunning %d, want 5", got)
	}
}

func TestReferenceProfileRateLimitRunsOut(t *testing.T) {
	t.Parallel()
	h := start(t, Options{Profile: ProfileReference, RateLimit: 3, RateLimitWindow: time.Hour})
	var remaining []string
	for i := 0; i < 4; i++ {
		resp, _ := h.call("GET", "/bulk-data/bulk-jobs/summaries", nil)
		remaining = append(remaining, resp.Header.Get("RateLimit-Remaining"))
		if i == 3 && (resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "" || resp.Header.Get("RateLimit-Reset") == "") {
			t.Errorf("the fourth call: %d, Retry-After %q (want none, as the guide's 429), RateLimit-Reset %q",
				resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("RateLimit-Reset"))
		}
	}
	if h.emu.Throttled() != 1 {
		t.Errorf("throttled %d", h.emu.Throttled())
	}
	if got := strings.Join(remaining, ","); got != "2,1,0,0" {
		t.Errorf("RateLimit-Remaining %s", got)
	}
}

// A rate limit without a window counts per minute in the default profile
// too; a zero window would reset on every call and never run out.
func TestDefaultProfileRateLimitWithoutWindowRunsOut(t *testing.T) {
	t.Parallel()
	h := start(t, Options{RateLimit: 1})
	h.call("GET", "/bulk-data/bulk-jobs/summaries", nil)
	if resp, _ := h.call("GET", "/bulk-data/bulk-jobs/summaries", nil); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("the second call of a budget of one: %d, Retry-After %q; want 429 with one", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestReferenceObjectTypeIsLowerCaseHyphenated(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Account": "account", "ProductRatePlan": "product-rate-plan", "accountingcode": "accountingcode",
		"AccountingPeriod": "accountingperiod", "UnitOfMeasure": "unitofmeasure"} {
		if got := referenceObjectType(in); got != want {
			t.Errorf("%s: %s", in, got)
		}
	}
}

func TestDelimiterNamesAreAccepted(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	for _, d := range []string{"semicolon", "tab", "dot/period", "PIPE", ";"} {
		resp, b := h.call("POST", "/bulk-data/bulk-jobs", map[string]any{"name": "d", "objectType": "Account", "fileType": "csv", "delimiter": d, "hasHeaders": true})
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", d, resp.StatusCode, b)
		}
	}
	if resp, _ := h.call("POST", "/bulk-data/bulk-jobs", map[string]any{"name": "d", "objectType": "Account", "fileType": "csv", "delimiter": "hash"}); resp.StatusCode != 400 {
		t.Errorf("an unknown name: %d", resp.StatusCode)
	}
}
