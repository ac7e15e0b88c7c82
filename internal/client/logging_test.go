package client

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

const (
	presignedQuery  = "X-Amz-Security-Token=SESSIONTOKENVALUE&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=SIGNATUREVALUE"
	createWithCreds = `{"id":"job-1","status":"Created","uploadRequest":{"uri":"URI","fields":{"key":"job-1",
	 "Policy":"POLICYVALUE","x-amz-signature":"FORMSIGNATURE","x-amz-security-token":"FORMSESSIONTOKEN","x-amz-credential":"CREDENTIALVALUE"}}}`
)

func TestLogsNeverContainSecrets(t *testing.T) {
	t.Parallel()
	var uploads atomic.Int32
	srv := newOAuthServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Zuora-Request-Id", "REQ-ID-1")
		switch {
		case r.URL.Path == "/bulk-data/bulk-jobs":
			writeRaw(w, 200, strings.ReplaceAll(createWithCreds, "URI", "http://"+r.Host+"/s3"))
		case r.URL.Path == "/s3":
			if uploads.Add(1) == 1 {
				w.WriteHeader(503) // a retry makes retryablehttp log the URL
				return
			}
			w.WriteHeader(204)
		case strings.HasSuffix(r.URL.Path, "/downloads"):
			writeRaw(w, 200, `{"jobId":"job-1","status":"Completed","errorRowsFile":"http://`+r.Host+`/err?`+presignedQuery+`"}`)
		case r.URL.Path == "/err":
			w.WriteHeader(500)
		default:
			writeRaw(w, 400, `{"message":"echo `+r.Header.Get("Authorization")+`"}`)
		}
	})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	c := oauthClient(t, srv.URL, func(c *Config) { c.MaxRetries = 1 })

	if err := c.Authenticate(ctx); err != nil {
		t.Fatal(err)
	}
	job, err := c.CreateJob(ctx, CreateJobRequest{Name: "n", ObjectType: "Account"})
	if err != nil {
		t.Fatal(err)
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("row\n")), nil }
	if err := c.Upload(ctx, job.Upload, "f.jsonl", 4, open); err != nil {
		t.Fatal(err)
	}
	d, err := c.JobDownloads(ctx, "job-1")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.FetchHead(ctx, d.ErrorRowsFile, 100)
	_, _ = c.JobSummary(ctx, "job-1") // the 400 echoes the Authorization header

	out := logs.String()
	for _, secret := range []string{
		testClientSecret, "tok-1", "SESSIONTOKENVALUE", "SIGNATUREVALUE",
		"POLICYVALUE", "FORMSIGNATURE", "FORMSESSIONTOKEN", "CREDENTIALVALUE",
	} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
	// The log still says what happened.
	for _, want := range []string{`"method":"POST"`, `"path":"/bulk-data/bulk-jobs"`, `"status":200`, "REQ-ID-1", "zuora_track_id", "Zuora response body", "retrying request"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	in := `{"access_token":"abc","x":"keep"} client_secret=s3cr3t&grant_type=client_credentials Authorization: Bearer tok.en https://h/p?X-Amz-Signature=sig&a=1`
	got := redact(in)
	for _, secret := range []string{"abc", "s3cr3t", "tok.en", "sig&"} {
		if strings.Contains(got, secret) {
			t.Errorf("redact left %q in %s", secret, got)
		}
	}
	for _, keep := range []string{`"x":"keep"`, "grant_type=client_credentials", "a=1"} {
		if !strings.Contains(got, keep) {
			t.Errorf("redact removed %q: %s", keep, got)
		}
	}
}
