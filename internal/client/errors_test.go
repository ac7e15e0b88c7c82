package client

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestEveryErrorBodyShape(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		status    int
		body      string
		want      []Reason
		processID string
	}{
		{"reasons", 400, `{"reasons":[{"code":"53100020","message":"objectType is invalid"}]}`,
			[]Reason{{"53100020", "objectType is invalid"}}, ""},
		{"numeric code", 400, `{"reasons":[{"code":53100020,"message":"objectType is invalid"}]}`,
			[]Reason{{"53100020", "objectType is invalid"}}, ""},
		{"success false under 200", 200, `{"success":false,"processId":"P-1","reasons":[{"code":"50000040","message":"cannot submit"}]}`,
			[]Reason{{"50000040", "cannot submit"}}, "P-1"},
		{"success false under 400", 400, `{"success":false,"processId":"P-2","reasons":[{"code":"50000020","message":"bad"}]}`,
			[]Reason{{"50000020", "bad"}}, "P-2"},
		{"errors", 422, `{"errors":[{"code":"E1","message":"first"},{"code":"E2","message":"second"}]}`,
			[]Reason{{"E1", "first"}, {"E2", "second"}}, ""},
		{"message", 403, `{"message":"You are not authorized"}`, []Reason{{"", "You are not authorized"}}, ""},
		{"oauth", 401, `{"error":"invalid_client","error_description":"Bad client credentials"}`,
			[]Reason{{"invalid_client", "Bad client credentials"}}, ""},
		{"plain text", 502, "upstream\n  connect error", []Reason{{"", "upstream connect error"}}, ""},
		{"html", 504, "<html><body>Gateway Timeout</body></html>", nil, ""},
		{"empty", 500, "", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Zuora-Request-Id", "6f0ab1a4-0000-4000-8000-000000000001")
				writeRaw(w, tc.status, tc.body)
			})
			_, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 }).CreateJob(testCtx(t), CreateJobRequest{Name: "n"})
			e := asError(t, err)
			if e.StatusCode != tc.status || !reflect.DeepEqual(e.Reasons, tc.want) || e.ProcessID != tc.processID {
				t.Fatalf("got %d %+v %q, want %d %+v %q", e.StatusCode, e.Reasons, e.ProcessID, tc.status, tc.want, tc.processID)
			}
			if e.Operation != "create bulk job" || e.RequestID != "6f0ab1a4-0000-4000-8000-000000000001" || e.TrackID == "" {
				t.Fatalf("ids: %+v", e)
			}
			if e.TrackID != srv.got()[0].Header.Get("Zuora-Track-Id") {
				t.Fatalf("TrackID %q is not the one sent", e.TrackID)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	t.Parallel()
	e := &Error{
		Operation: "create bulk job", StatusCode: 400, RequestID: "1234", TrackID: "tf-zuora-ab",
		Reasons: []Reason{{"53100020", "objectType is invalid"}, {"", "name is required"}},
	}
	want := "create bulk job: HTTP 400 Bad Request: 53100020: objectType is invalid; name is required (Zuora-Request-Id 1234, Zuora-Track-Id tf-zuora-ab)"
	if e.Error() != want {
		t.Fatalf("got  %s\nwant %s", e.Error(), want)
	}
	transport := &Error{Operation: "submit bulk job", Err: errors.New("connection reset")}
	if transport.Error() != "submit bulk job: connection reset" || !errors.Is(transport, transport.Err) {
		t.Fatalf("transport error reads %q", transport.Error())
	}
}

func TestIsNotFound(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 404, `{"reasons":[{"code":"50000040","message":"job not found"}]}`)
	})
	_, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "gone")
	if !IsNotFound(err) || !IsNotFound(fmt.Errorf("wrapped: %w", err)) {
		t.Fatalf("IsNotFound(%v) = false", err)
	}
	if IsNotFound(&Error{StatusCode: 400}) || IsNotFound(errors.New("404")) || IsNotFound(nil) {
		t.Fatal("IsNotFound is true for something else")
	}
	if srv.count() != 1 {
		t.Fatalf("a 404 was retried: %d requests", srv.count())
	}
}

func TestReasonRetryable(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{
		"53100050": true, "53100061": true, "53100070": true, "53100099": true,
		"53100020": false, "5310005": false, "abcdef50": false, "": false,
	} {
		if got := (Reason{Code: code}).Retryable(); got != want {
			t.Errorf("Retryable(%q) = %v", code, got)
		}
	}
}

func TestErrorsNeverShowCredentials(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		// A misbehaving server echoing what it was sent.
		writeRaw(w, 400, `{"message":"bad request: Authorization: `+r.Header.Get("Authorization")+`"}`)
	})
	_, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1")
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Fatalf("error shows the token: %v", err)
	}
}

// Every error names the call that failed first, so that a caller who
// wraps it (a failed cancel found while listing, say) cannot pass it off
// as another call's.
func TestErrorsNameTheCallThatFailed(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 403, `{"reasons":[{"code":"50000040","message":"refused"}]}`)
	})
	c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 })
	ctx := testCtx(t)
	for op, call := range map[string]func() error{
		"cancel bulk job":         func() error { _, err := c.CancelJob(ctx, "job-1"); return err },
		"abort bulk job":          func() error { _, err := c.AbortJob(ctx, "job-1"); return err },
		"submit bulk job":         func() error { _, err := c.SubmitJob(ctx, "job-1"); return err },
		"get bulk job summary":    func() error { _, err := c.JobSummary(ctx, "job-1"); return err },
		"get bulk job downloads":  func() error { _, err := c.JobDownloads(ctx, "job-1"); return err },
		"list bulk job summaries": func() error { _, err := c.ListRecentJobSummaries(ctx, time.Time{}, nil); return err },
		"create bulk job": func() error {
			_, err := c.CreateJob(ctx, CreateJobRequest{Name: "n", ObjectType: "Account", JobType: "Import"})
			return err
		},
	} {
		err := call()
		if err == nil || !strings.HasPrefix(err.Error(), op+": HTTP 403") {
			t.Errorf("%s: error %v, want it to start with %q", op, err, op+": HTTP 403")
		}
	}
}
