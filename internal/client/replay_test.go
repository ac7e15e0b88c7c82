package client

import (
	"net/http"
	"strings"
	"testing"
)

const createdBody = `{"id":"job-1","status":"Created","jobType":"Import","uploadRequest":{"uri":"https://s3.example/bucket","fields":{"key":"k","Policy":"p"}}}`

func TestA409CarryingTheOriginalResultIsThatResult(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if strings.HasSuffix(r.URL.Path, "/submissions") {
			writeRaw(w, http.StatusConflict, `{"id":"job-1","status":"Submitted","jobType":"Import"}`)
			return
		}
		writeRaw(w, http.StatusConflict, createdBody)
	})
	c := newTestClient(t, srv.URL)
	job, err := c.CreateJob(testCtx(t), CreateJobRequest{Name: "n", ObjectType: "Account", FileType: "jsonl"})
	if err != nil || job.ID != "job-1" || job.Upload.URI != "https://s3.example/bucket" || len(job.Upload.Fields) != 2 {
		t.Fatalf("create replay: %+v %v", job, err)
	}
	st, err := c.SubmitJob(testCtx(t), "job-1")
	if err != nil || st.Status != "Submitted" {
		t.Fatalf("submit replay: %+v %v", st, err)
	}
	if srv.count() != 2 {
		t.Errorf("%d calls, want 2: a replayed result is not retried", srv.count())
	}
}

func TestA409WithoutAResultIsAKeyStillInProgressAndIsRetriedWithTheSameKey(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeRaw(w, http.StatusConflict, `{"reasons":[{"code":"50000070","message":"A request with this Idempotency-Key is still being processed"}]}`)
			return
		}
		writeRaw(w, http.StatusConflict, `{"id":"job-9","status":"Submitted"}`)
	})
	st, err := newTestClient(t, srv.URL).SubmitJob(testCtx(t), "job-9")
	if err != nil || st.Status != "Submitted" {
		t.Fatalf("%+v %v", st, err)
	}
	reqs := srv.got()
	if len(reqs) != 2 || reqs[0].Header.Get("Idempotency-Key") == "" || reqs[0].Header.Get("Idempotency-Key") != reqs[1].Header.Get("Idempotency-Key") {
		t.Fatalf("requests %d, keys %q %q", len(reqs), reqs[0].Header.Get("Idempotency-Key"), reqs[len(reqs)-1].Header.Get("Idempotency-Key"))
	}
}

func TestA409FailureBodyIsNotAResult(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"success":false,"id":"x","reasons":[{"code":"50000040","message":"conflict"}]}`,
		`{"reasons":[{"code":"50000040","message":"conflict"}]}`,
		`not json`,
	} {
		if isReplayedResult([]byte(body)) {
			t.Errorf("%s taken for a result", body)
		}
	}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, http.StatusConflict, `{"reasons":[{"code":"50000040","message":"conflict"}]}`)
	})
	_, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 2 }).CancelJob(testCtx(t), "job-2")
	if e := asError(t, err); e.StatusCode != http.StatusConflict || srv.count() != 3 {
		t.Fatalf("%v after %d calls", err, srv.count())
	}
}

func TestA409ToAReadIsAnError(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, http.StatusConflict, `{"id":"job-3","status":"Completed"}`)
	})
	if _, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-3"); err == nil {
		t.Fatal("a GET carries no Idempotency-Key, so its 409 is no replay")
	}
}
