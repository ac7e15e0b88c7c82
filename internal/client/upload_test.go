package client

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

type part struct{ Name, FileName, Value string }

func readParts(t *testing.T, r recorded) []part {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", r.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	var parts []part
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return parts
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts = append(parts, part{p.FormName(), p.FileName(), string(b)})
	}
}

func opener(content string, opens *atomic.Int32) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		opens.Add(1)
		return io.NopCloser(strings.NewReader(content)), nil
	}
}

var s3Fields = []FormField{
	{"key", "dd447e38"}, {"bucket", "b"}, {"x-amz-algorithm", "AWS4-HMAC-SHA256"}, {"Policy", "cG9saWN5"},
	{"x-amz-signature", "5bd0"}, {"x-amz-security-token", "IQoJ"}, {"empty", ""}, {"multi\"line", "a\r\nb"},
}

func TestUploadPostsEveryFieldInOrderWithTheFileLast(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
	c := newTestClient(t, srv.URL, func(c *Config) { c.EntityID = "e"; c.OrgIDs = []string{"o"} })
	content := `{"name":"Sam"}` + "\n" + `{"name":"Joe"}` + "\n"
	var opens atomic.Int32
	err := c.Upload(testCtx(t), UploadTarget{URI: srv.URL + "/upload", Fields: s3Fields}, "accounts.jsonl", int64(len(content)), opener(content, &opens))
	if err != nil {
		t.Fatal(err)
	}
	req := srv.got()[0]
	parts := readParts(t, req)
	if len(parts) != len(s3Fields)+1 {
		t.Fatalf("%d parts: %+v", len(parts), parts)
	}
	for i, f := range s3Fields {
		if parts[i].Name != f.Name || parts[i].Value != f.Value || parts[i].FileName != "" {
			t.Fatalf("part %d is %+v, want %+v", i, parts[i], f)
		}
	}
	if last := parts[len(parts)-1]; last != (part{"file", "accounts.jsonl", content}) {
		t.Fatalf("last part %+v", last)
	}
	if req.Header.Get("Content-Length") != strconv.Itoa(len(req.Body)) || len(req.Header["Transfer-Encoding"]) > 0 {
		t.Fatalf("Content-Length %q for %d bytes (Transfer-Encoding %v)", req.Header.Get("Content-Length"), len(req.Body), req.Header["Transfer-Encoding"])
	}
	for name := range req.Header {
		if name == "Authorization" || strings.HasPrefix(name, "Zuora-") || name == "Idempotency-Key" {
			t.Fatalf("upload sent %s", name)
		}
	}
	if opens.Load() != 1 {
		t.Fatalf("opened %d times", opens.Load())
	}
}

func TestUploadLengthMatchesTheBodyForManySizes(t *testing.T) {
	t.Parallel()
	form, err := newMultipartForm(s3Fields, "a.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{0, 1, 4095, 1 << 20} {
		n, err := io.Copy(io.Discard, form.reader(io.NopCloser(io.LimitReader(zeros{}, size))))
		if err != nil || n != form.length(size) {
			t.Fatalf("size %d: body %d bytes, length says %d", size, n, form.length(size))
		}
	}
}

func TestUploadRetriesAndReopensTheFile(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.WriteHeader(500)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	var opens atomic.Int32
	content := "row\n"
	err := newTestClient(t, srv.URL).Upload(testCtx(t), UploadTarget{URI: srv.URL, Fields: s3Fields}, "f.jsonl", int64(len(content)), opener(content, &opens))
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.got()
	if len(reqs) != 2 || opens.Load() != 2 {
		t.Fatalf("%d requests, %d opens", len(reqs), opens.Load())
	}
	if readParts(t, reqs[1])[len(s3Fields)].Value != content {
		t.Fatal("the retry did not resend the file")
	}
}

func TestUploadReportsS3Errors(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(403)
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message><RequestId>R1</RequestId></Error>`)
	})
	var opens atomic.Int32
	err := newTestClient(t, srv.URL).Upload(testCtx(t), UploadTarget{URI: srv.URL, Fields: s3Fields}, "f", 3, opener("abc", &opens))
	e := asError(t, err)
	if e.StatusCode != 403 || len(e.Reasons) != 1 || e.Reasons[0] != (Reason{"AccessDenied", "Invalid according to Policy: Policy expired."}) || e.RequestID != "R1" {
		t.Fatalf("%+v", e)
	}
	if srv.count() != 1 {
		t.Fatalf("a 403 was retried")
	}
}

func TestUploadFallsBackToPUT(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(200) })
	var opens atomic.Int32
	content := strings.Repeat("x", 10000)
	err := newTestClient(t, srv.URL).Upload(testCtx(t), UploadTarget{PutURL: srv.URL + "/put?X-Amz-Signature=abc"}, "f", int64(len(content)), opener(content, &opens))
	if err != nil {
		t.Fatal(err)
	}
	req := srv.got()[0]
	if req.Method != http.MethodPut || string(req.Body) != content || req.Header.Get("Content-Length") != "10000" || req.Header.Get("Authorization") != "" {
		t.Fatalf("%s, %d bytes, Content-Length %q", req.Method, len(req.Body), req.Header.Get("Content-Length"))
	}
}

func TestUploadRefusesAFileWhoseSizeChanged(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{"shorter": "ab", "longer": "abcd"} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
		var opens atomic.Int32
		err := newTestClient(t, srv.URL).Upload(testCtx(t), UploadTarget{URI: srv.URL, Fields: s3Fields}, "f", 3, opener(content, &opens))
		if err == nil || opens.Load() != 1 {
			t.Fatalf("%s: err %v after %d opens; want one failed attempt", name, err, opens.Load())
		}
	}
}

func TestUploadReportsAFileThatCannotBeOpened(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	err := newTestClient(t, srv.URL).Upload(testCtx(t), UploadTarget{URI: srv.URL}, "f", 3, func() (io.ReadCloser, error) {
		return nil, errors.New("permission denied")
	})
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("err %v", err)
	}
}

// zeros is an endless reader that costs no memory.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
