package client

import (
	"compress/gzip"
	"net/http"
	"strings"
	"testing"
)

func TestZuoraHeaders(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, summaryJSON) })
	c := newTestClient(t, srv.URL, func(c *Config) {
		c.EntityID = "8a8aa0bf-0000-4000-8000-000000000001"
		c.OrgIDs = []string{"org-1", " ", "org-2"}
	})
	for i := 0; i < 2; i++ {
		if _, err := c.JobSummary(testCtx(t), "job-1"); err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.got()
	for _, r := range reqs {
		h := r.Header
		if h.Get("Zuora-Entity-Ids") != "8a8aa0bf-0000-4000-8000-000000000001" || h.Get("Zuora-Org-Ids") != "org-1,org-2" {
			t.Fatalf("entity/org headers: %q %q", h.Get("Zuora-Entity-Ids"), h.Get("Zuora-Org-Ids"))
		}
		if h.Get("User-Agent") != "terraform-provider-zuora/test" {
			t.Fatalf("User-Agent %q", h.Get("User-Agent"))
		}
		id := h.Get("Zuora-Track-Id")
		if id == "" || len(id) > 64 || strings.ContainsAny(id, `:;"'`) || strings.IndexFunc(id, func(r rune) bool { return r > 127 }) >= 0 {
			t.Fatalf("bad Zuora-Track-Id %q", id)
		}
	}
	if reqs[0].Header.Get("Zuora-Track-Id") == reqs[1].Header.Get("Zuora-Track-Id") {
		t.Fatal("two calls shared a Zuora-Track-Id")
	}
}

func TestNoEntityOrOrgHeadersUnlessConfigured(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, summaryJSON) })
	if _, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1"); err != nil {
		t.Fatal(err)
	}
	h := srv.got()[0].Header
	if _, ok := h["Zuora-Entity-Ids"]; ok {
		t.Fatal("Zuora-Entity-Ids sent")
	}
	if _, ok := h["Zuora-Org-Ids"]; ok {
		t.Fatal("Zuora-Org-Ids sent")
	}
}

func TestGzipAnswersAreDecompressedAndPlainOnesRead(t *testing.T) {
	t.Parallel()
	for _, compress := range []bool{true, false} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if !compress || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				writeRaw(w, 200, summaryJSON)
				return
			}
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "application/json")
			zw := gzip.NewWriter(w)
			_, _ = zw.Write([]byte(summaryJSON))
			_ = zw.Close()
		})
		s, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-1")
		if err != nil || s.RowCount != 3 {
			t.Fatalf("compress=%v: %+v %v", compress, s, err)
		}
		if srv.got()[0].Header.Get("Accept-Encoding") != "gzip" {
			t.Fatal("Accept-Encoding: gzip not sent")
		}
	}
}

func TestGzipErrorBodiesAreDecompressedToo(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(400)
		zw := gzip.NewWriter(w)
		_, _ = zw.Write([]byte(`{"reasons":[{"code":"53100050","message":"busy"}]}`))
		_ = zw.Close()
	})
	_, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 1 }).JobSummary(testCtx(t), "job-1")
	// The retryable category is read from the compressed body as well.
	if e := asError(t, err); srv.count() != 2 || len(e.Reasons) != 1 || e.Reasons[0].Message != "busy" {
		t.Fatalf("%d requests, %v", srv.count(), err)
	}
}
