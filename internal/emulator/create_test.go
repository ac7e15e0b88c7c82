package emulator

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestCreateAnswersTheGuidesShape(t *testing.T) {
	t.Parallel()
	h := start(t, Options{UploadExpiry: 7 * time.Minute})
	c := h.create(map[string]any{"name": "Import Accounts", "description": "A test jsonl Import file", "objectType": "Account", "jobType": "Import", "fileType": "jsonl"})
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(c.ID) {
		t.Errorf("id %q is not a UUID", c.ID)
	}
	if c.Status != "Created" || c.JobType != "Import" {
		t.Errorf("status %q jobType %q", c.Status, c.JobType)
	}
	if c.UploadRequest.URI != h.base+"/s3/"+uploadsBucket {
		t.Errorf("uri %q", c.UploadRequest.URI)
	}
	want := "bucket Policy x-amz-date x-amz-signature x-amz-security-token x-amz-algorithm key x-amz-credential"
	if got := strings.Join(c.fieldOrder, " "); got != want {
		t.Errorf("fields %s, want %s", got, want)
	}
	f := c.UploadRequest.Fields
	if f["key"] != c.ID || f["x-amz-algorithm"] != "AWS4-HMAC-SHA256" || !strings.HasSuffix(f["x-amz-credential"], "/us-west-2/s3/aws4_request") {
		t.Errorf("fields %v", f)
	}
	doc, err := base64.StdEncoding.DecodeString(f["Policy"])
	if err != nil {
		t.Fatal(err)
	}
	var policy struct {
		Expiration string `json:"expiration"`
		Conditions []any  `json:"conditions"`
	}
	mustJSON(t, doc, &policy)
	exp, err := time.Parse(time.RFC3339, policy.Expiration)
	if err != nil || time.Until(exp) < 6*time.Minute || time.Until(exp) > 8*time.Minute {
		t.Errorf("expiration %q not about UploadExpiry ahead", policy.Expiration)
	}
	if rng, _ := json.Marshal(policy.Conditions[0]); string(rng) != `["content-length-range",0,2097152000]` {
		t.Errorf("first condition %s", rng)
	}
	if !strings.Contains(string(doc), `{"key":"`+c.ID+`"}`) || !strings.Contains(string(doc), `{"bucket":"`+uploadsBucket+`"}`) {
		t.Errorf("policy does not pin bucket and key: %s", doc)
	}
	v, ok := h.emu.Job(c.ID)
	if !ok || v.Name != "Import Accounts" || v.ObjectType != "Account" || v.FileType != "jsonl" || v.Status != "Created" || v.Upload != nil {
		t.Errorf("stored %+v", v)
	}
	if h.emu.Counts().JobsCreated != 1 {
		t.Error("JobsCreated not 1")
	}
}

func TestCreateAcceptsEveryDocumentedSpelling(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	for _, body := range []map[string]any{
		{"name": "n", "objectType": "account", "jobType": "import", "fileType": "JSONL"},
		{"name": "n", "objectName": "accounts-and-contacts", "jobType": "Update", "fileType": "csv"},
		{"name": "n", "objectType": "ACCOUNTINGCODE", "jobType": "Delete"},
		{"name": "n", "objectType": "Subscription", "jobType": "Cancel", "fileType": "jsonl"},
		{"name": "n", "objectType": "Account", "fileType": "csv", "delimiter": ";", "hasHeaders": false, "headers": []string{"name", "currency"}},
	} {
		h.create(body)
	}
	if v := h.emu.Jobs(); len(v) != 5 || v[0].JobType != "Import" || v[0].ObjectType != "Account" || v[2].FileType != "csv" {
		t.Errorf("jobs %+v", v)
	}
}

func TestCreateRefusesBadRequests(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	long := strings.Repeat("x", 256)
	for _, tc := range []struct {
		body   any
		reason string
	}{
		{map[string]any{"objectType": "Account", "fileType": "jsonl"}, "name is required"},
		{map[string]any{"name": "  ", "objectType": "Account"}, "name is required"},
		{map[string]any{"name": long, "objectType": "Account"}, "at most 255"},
		{map[string]any{"name": "n"}, "objectType is required"},
		{map[string]any{"name": "n", "objectType": "Invoice"}, "not supported"},
		{map[string]any{"name": "n", "objectType": "Account", "jobType": "Upsert"}, "Invalid jobType"},
		{map[string]any{"name": "n", "objectType": "AccountingPeriod", "jobType": "Update"}, "not supported for objectType 'AccountingPeriod'"},
		{map[string]any{"name": "n", "objectType": "Account", "fileType": "xml"}, "Invalid fileType"},
		{map[string]any{"name": "n", "objectType": "Account", "fileType": "csv", "hasHeaders": false}, "headers are required"},
		{map[string]any{"name": "n", "objectType": "Account", "fileType": "csv", "delimiter": ";;"}, "delimiter"},
		{map[string]any{"name": "n", "objectType": "Account", "nmae": "typo"}, `Unknown field "nmae"`},
		{map[string]any{"name": "n", "objectType": "Account", "fileType": "csv", "mappings": []map[string]string{{"source": "Name", "target": "nope"}}}, "target 'nope'"},
		{[]string{"not", "an", "object"}, "JSON object"},
	} {
		resp, body := h.call("POST", "/bulk-data/bulk-jobs", tc.body)
		if resp.StatusCode != 400 || !strings.Contains(reasonsOf(t, body), tc.reason) {
			t.Errorf("%v: %d %s", tc.body, resp.StatusCode, body)
		}
	}
	// Every problem at once.
	_, body := h.call("POST", "/bulk-data/bulk-jobs", map[string]any{"jobType": "x", "fileType": "y"})
	if got := reasonsOf(t, body); strings.Count(got, "|") != 3 {
		t.Errorf("want four reasons, got %s", got)
	}
	if n := h.emu.Counts().JobsCreated; n != 0 {
		t.Errorf("JobsCreated = %d after refusals", n)
	}
}
