package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFaultThrottleThenRecover(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.InjectFault(Fault{Method: "POST", PathSuffix: "/bulk-data/bulk-jobs", Status: 429, RetryAfter: "2", Times: 2})
	for range 2 {
		resp, b := h.call("POST", "/bulk-data/bulk-jobs", jsonlJob("Account", "Import"))
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || resp.Header.Get("RateLimit-Remaining") != "0" {
			t.Errorf("%d %v %s", resp.StatusCode, resp.Header, b)
		}
		reasonsOf(t, b)
	}
	// A GET does not match the POST fault, and the third POST succeeds.
	h.callOK("GET", "/bulk-data/bulk-jobs/summaries", nil, nil)
	h.create(jsonlJob("Account", "Import"))
	if c := h.emu.Counts(); c.JobsCreated != 1 || c.Requests != 5 { // token, 2×429, GET, create
		t.Errorf("counts %+v", c)
	}
}

func TestFaultServerErrorsAndS3(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.InjectFault(Fault{PathSuffix: "/summary", Status: 503})
	c := h.create(jsonlJob("AccountingCode", "Import"))
	resp, b := h.call("GET", "/bulk-data/bulk-jobs/"+c.ID+"/summary", nil)
	if resp.StatusCode != 503 || !strings.Contains(string(b), "90000061") {
		t.Errorf("%d %s", resp.StatusCode, b)
	}
	h.summary(c.ID) // used up

	h.emu.InjectFault(Fault{Method: "POST", PathSuffix: uploadsBucket, Status: 500})
	resp, b = h.postMultipart(c.UploadRequest.URI, issuedForm(c, codes(1)))
	if resp.StatusCode != 500 || !strings.Contains(string(b), "<Code>InternalError</Code>") {
		t.Errorf("S3 fault: %d %s", resp.StatusCode, b)
	}
	if h.emu.Counts().Uploads != 0 {
		t.Error("a faulted upload was stored")
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.InjectFault(Fault{Method: "GET", PathSuffix: "/objects", Latency: 80 * time.Millisecond})
	began := time.Now()
	h.callOK("GET", "/data-loader/metadata/json/objects", nil, nil)
	if d := time.Since(began); d < 80*time.Millisecond {
		t.Errorf("answered after %s", d)
	}
}

// A lost response: the job is submitted, the client sees a 502, and a
// retry with the same Idempotency-Key gets the original answer.
func TestFaultAfterHandlingKeepsTheEffect(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.SetPaused(true)
	c := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(c, codes(1))
	h.emu.InjectFault(Fault{Method: "POST", PathSuffix: "/submissions", Status: 502, AfterHandling: true})
	path := "/bulk-data/bulk-jobs/" + c.ID + "/submissions"
	if resp, _ := h.call("POST", path, nil, "Idempotency-Key", "k1"); resp.StatusCode != 502 {
		t.Fatalf("fault not applied: %d", resp.StatusCode)
	}
	if v, _ := h.emu.Job(c.ID); v.Status != statusSubmitted {
		t.Fatalf("the lost submission was not stored: %s", v.Status)
	}
	var st idStatus
	h.callOK("POST", path, nil, &st, "Idempotency-Key", "k1")
	if st.Status != statusSubmitted || h.emu.Counts().Submissions != 1 {
		t.Errorf("retry: %+v, counts %+v", st, h.emu.Counts())
	}
}

// A reset after handling: the job exists, the client got no answer at all.
func TestFaultResetAfterHandlingDropsTheAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.InjectFault(Fault{Method: "POST", PathSuffix: "/bulk-data/bulk-jobs", Reset: true, AfterHandling: true})
	b, _ := json.Marshal(jsonlJob("Account", "Import"))
	req, _ := http.NewRequest("POST", h.base+"/bulk-data/bulk-jobs", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d; want the connection reset", resp.StatusCode)
	}
	if jobs := h.emu.Jobs(); len(jobs) != 1 || jobs[0].Status != statusCreated {
		t.Errorf("jobs after a lost answer = %+v, want one Created", jobs)
	}
}

// A client that accepts gzip (every Go client does) still sees a TCP reset,
// not a plain end of stream: the reset bypasses the gzip buffer.
func TestFaultResetIsATCPResetForGzipClients(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.InjectFault(Fault{Method: "GET", PathSuffix: "/summaries", Reset: true})
	req, _ := http.NewRequest("GET", h.base+"/bulk-data/bulk-jobs/summaries", nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Accept-Encoding", "gzip")
	fresh := &http.Client{Transport: &http.Transport{}}
	resp, err := fresh.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d; want the connection reset", resp.StatusCode)
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("error %v; want a connection reset", err)
	}
}

// A reset before handling stores nothing.
func TestFaultResetBeforeHandlingStoresNothing(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.InjectFault(Fault{Method: "GET", PathSuffix: "/summaries", Reset: true})
	req, _ := http.NewRequest("GET", h.base+"/bulk-data/bulk-jobs/summaries", nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	// A new connection: net/http silently retries a GET whose reused
	// connection was reset.
	fresh := &http.Client{Transport: &http.Transport{}}
	if resp, err := fresh.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d; want the connection reset", resp.StatusCode)
	}
	if n := h.emu.PendingFaults(); n != 0 {
		t.Errorf("%d fault uses pending after the reset", n)
	}
	h.callOK("GET", "/bulk-data/bulk-jobs/summaries", nil, nil)
}

// Handled, then answered late: the effect is stored before the answer.
func TestFaultSlowAnswerAfterHandling(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.InjectFault(Fault{Method: "POST", PathSuffix: "/bulk-data/bulk-jobs", Latency: time.Minute, AfterHandling: true})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	b, _ := json.Marshal(jsonlJob("Account", "Import"))
	req, _ := http.NewRequestWithContext(ctx, "POST", h.base+"/bulk-data/bulk-jobs", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d before the latency", resp.StatusCode)
	}
	if c := h.emu.Counts(); c.JobsCreated != 1 {
		t.Errorf("counts %+v, want the job created before the late answer", c)
	}
}
