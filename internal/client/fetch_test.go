package client

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
)

func TestFetchHeadReadsAtMostMaxBytesWithoutAuth(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		_, _ = w.Write([]byte(strings.Repeat("0123456789", 100))) // ignores Range
	})
	c := newTestClient(t, srv.URL)
	data, err := c.FetchHead(testCtx(t), srv.URL+"/job.error_rows.jsonl?X-Amz-Signature=abc", 25)
	if err != nil || string(data) != "0123456789012345678901234" {
		t.Fatalf("%q %v", data, err)
	}
	req := srv.got()[0]
	if req.Header.Get("Authorization") != "" || req.Header.Get("Zuora-Track-Id") != "" || req.Header.Get("Range") != "bytes=0-24" {
		t.Fatalf("headers %v", req.Header)
	}
	if req.Query != "X-Amz-Signature=abc" {
		t.Fatalf("query %q not passed through", req.Query)
	}
}

func TestFetchHeadOfAnEmptyFile(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
	})
	data, err := newTestClient(t, srv.URL).FetchHead(testCtx(t), srv.URL, 10)
	if err != nil || len(data) != 0 {
		t.Fatalf("%q %v", data, err)
	}
}

func TestFetchHeadErrorHidesThePresignedCredentials(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(403)
		_, _ = w.Write([]byte(`<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>`))
	})
	_, err := newTestClient(t, srv.URL).FetchHead(testCtx(t), srv.URL+"/f?X-Amz-Security-Token=SECRETTOKEN&X-Amz-Signature=SIG", 10)
	if e := asError(t, err); e.StatusCode != 403 || e.Reasons[0].Code != "ExpiredToken" {
		t.Fatalf("%v", err)
	}
	// A connection failure names the URL: it must come without its query.
	srv.Close()
	_, err = newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 }).FetchHead(testCtx(t), srv.URL+"/f?X-Amz-Security-Token=SECRETTOKEN&X-Amz-Signature=SIG", 10)
	if err == nil || strings.Contains(err.Error(), "SECRETTOKEN") || strings.Contains(err.Error(), "SIG") {
		t.Fatalf("error %v", err)
	}
}

func TestHashFileStreamsTheWholeFileWithoutAuth(t *testing.T) {
	t.Parallel()
	content := strings.Repeat("0123456789", 1000)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		_, _ = w.Write([]byte(content))
	})
	sha, size, err := newTestClient(t, srv.URL).HashFile(testCtx(t), srv.URL+"/source.jsonl?X-Amz-Signature=abc", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if want := sha256.Sum256([]byte(content)); sha != hex.EncodeToString(want[:]) || size != int64(len(content)) {
		t.Errorf("HashFile = %s, %d; want %x, %d", sha, size, want, len(content))
	}
	req := srv.got()[0]
	if req.Header.Get("Authorization") != "" || req.Header.Get("Range") != "" {
		t.Errorf("headers %v: want no Authorization and no Range", req.Header)
	}
}

func TestHashFileRefusesAFileOverTheLimit(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		_, _ = w.Write([]byte(strings.Repeat("x", 101)))
	})
	c := newTestClient(t, srv.URL)
	if _, _, err := c.HashFile(testCtx(t), srv.URL, 101); err != nil {
		t.Fatalf("a file of exactly the limit: %v", err)
	}
	if _, _, err := c.HashFile(testCtx(t), srv.URL, 100); err == nil || !strings.Contains(err.Error(), "larger than 100 bytes") {
		t.Fatalf("a file over the limit: %v", err)
	}
}
