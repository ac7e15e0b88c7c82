package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// harness is one emulator on a loopback listener with a token.
type harness struct {
	t     testing.TB
	emu   *Server
	base  string
	token string
}

func start(t testing.TB, opts Options) *harness {
	t.Helper()
	if opts.StepDelay == 0 {
		opts.StepDelay = 5 * time.Millisecond
	}
	opts.Dir = t.TempDir()
	emu := New(opts)
	srv := httptest.NewServer(emu)
	t.Cleanup(func() {
		srv.Close()
		_ = emu.Close()
	})
	h := &harness{t: t, emu: emu, base: srv.URL}
	h.token = h.fetchToken(emu.opts.ClientID, emu.opts.ClientSecret)
	return h
}

func (h *harness) fetchToken(id, secret string) string {
	h.t.Helper()
	resp, body := h.postForm("/oauth/token", url.Values{"client_id": {id}, "client_secret": {secret}, "grant_type": {"client_credentials"}})
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("token: %d %s", resp.StatusCode, body)
	}
	var tok tokenResponse
	mustJSON(h.t, body, &tok)
	return tok.AccessToken
}

func (h *harness) postForm(path string, form url.Values) (*http.Response, []byte) {
	h.t.Helper()
	resp, err := http.PostForm(h.base+path, form)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp, readAll(h.t, resp)
}

// call sends an authenticated API request; body is JSON-encoded unless nil.
func (h *harness) call(method, path string, body any, headers ...string) (*http.Response, []byte) {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, h.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+h.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp, readAll(h.t, resp)
}

// callOK is call that must answer 200 and decodes the answer into out.
func (h *harness) callOK(method, path string, body, out any, headers ...string) {
	h.t.Helper()
	resp, b := h.call(method, path, body, headers...)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		mustJSON(h.t, b, out)
	}
}

type created struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	JobType       string `json:"jobType"`
	UploadRequest struct {
		URI    string            `json:"uri"`
		Fields map[string]string `json:"fields"`
	} `json:"uploadRequest"`
	fieldOrder []string
}

func (h *harness) create(body map[string]any) created {
	h.t.Helper()
	resp, b := h.call("POST", "/bulk-data/bulk-jobs", body)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("create: %d %s", resp.StatusCode, b)
	}
	var c created
	mustJSON(h.t, b, &c)
	var raw struct {
		UploadRequest struct {
			Fields json.RawMessage `json:"fields"`
		} `json:"uploadRequest"`
	}
	mustJSON(h.t, b, &raw)
	c.fieldOrder = objectKeys(raw.UploadRequest.Fields)
	return c
}

func jsonlJob(objectType, jobType string) map[string]any {
	return map[string]any{"name": "test " + jobType, "objectType": objectType, "jobType": jobType, "fileType": "jsonl"}
}

// formPart is one multipart field; file parts have a filename.
type formPart struct{ name, value, filename string }

// issuedForm is a job's fields in the order issued, then the file.
func issuedForm(c created, content string) []formPart {
	var parts []formPart
	for _, name := range c.fieldOrder {
		parts = append(parts, formPart{name: name, value: c.UploadRequest.Fields[name]})
	}
	return append(parts, formPart{name: "file", value: content, filename: "rows.jsonl"})
}

func (h *harness) postMultipart(uri string, parts []formPart) (*http.Response, []byte) {
	h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		if p.filename != "" {
			w, _ = mw.CreateFormFile(p.name, p.filename)
		} else {
			w, _ = mw.CreateFormField(p.name)
		}
		_, _ = io.WriteString(w, p.value)
	}
	_ = mw.Close()
	resp, err := http.Post(uri, mw.FormDataContentType(), &buf)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp, readAll(h.t, resp)
}

func (h *harness) upload(c created, content string) {
	h.t.Helper()
	resp, b := h.postMultipart(c.UploadRequest.URI, issuedForm(c, content))
	if resp.StatusCode != http.StatusNoContent {
		h.t.Fatalf("upload: %d %s", resp.StatusCode, b)
	}
}

func (h *harness) submit(id string) {
	h.t.Helper()
	h.callOK("POST", "/bulk-data/bulk-jobs/"+id+"/submissions", nil, nil)
}

// run creates, uploads and submits a job and waits for it to finish.
func (h *harness) run(body map[string]any, content string) summaryJSON {
	h.t.Helper()
	c := h.create(body)
	h.upload(c, content)
	h.submit(c.ID)
	return h.wait(c.ID, statusCompleted, statusFailed, statusAborted, statusCancelled)
}

func (h *harness) summary(id string) summaryJSON {
	h.t.Helper()
	var s summaryJSON
	h.callOK("GET", "/bulk-data/bulk-jobs/"+id+"/summary", nil, &s)
	return s
}

// wait polls the summary until its status is one of want.
func (h *harness) wait(id string, want ...string) summaryJSON {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := h.summary(id)
		for _, w := range want {
			if s.Status == w {
				return s
			}
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("job %s stuck in %s, want %v", id, s.Status, want)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (h *harness) get(rawURL string) (*http.Response, []byte) {
	h.t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp, readAll(h.t, resp)
}

func readAll(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustJSON(t testing.TB, b []byte, out any) {
	t.Helper()
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
}

// reasonsOf decodes a reasons body and returns its messages joined.
func reasonsOf(t testing.TB, b []byte) string {
	t.Helper()
	var f failureBody
	mustJSON(t, b, &f)
	if f.Success || len(f.Reasons) == 0 {
		t.Fatalf("not a reasons body: %s", b)
	}
	msgs := make([]string, len(f.Reasons))
	for i, r := range f.Reasons {
		if r.Code < 10000000 {
			t.Errorf("reason code %d is not eight digits", r.Code)
		}
		msgs[i] = r.Message
	}
	return strings.Join(msgs, " | ")
}

func lines(b []byte) []string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// A valid Account Import row under the catalogue's metadata.
func accountRow(name string, extra string) string {
	return `{"name":"` + name + `","billCycleDay":1,"currency":"USD"` + extra +
		`,"billToContact":{"firstName":"Ada","lastName":"Lovelace","country":"GB"}` +
		`,"soldToContact":{"firstName":"Ada","lastName":"Lovelace","country":"GB"}}`
}
