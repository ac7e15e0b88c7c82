package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestUploadRefusalsAreS3XML(t *testing.T) {
	t.Parallel()
	h := start(t, Options{MaxUploadBytes: 64})
	const row = `{"name":"x"}`
	without := func(parts []formPart, name string) []formPart {
		var out []formPart
		for _, p := range parts {
			if p.name != name {
				out = append(out, p)
			}
		}
		return out
	}
	with := func(parts []formPart, name, value string) []formPart {
		out := append([]formPart(nil), parts...)
		for i := range out {
			if out[i].name == name {
				out[i].value = value
			}
		}
		return out
	}
	c := h.create(jsonlJob("Account", "Import"))
	form := issuedForm(c, row)
	file := form[len(form)-1]
	for _, tc := range []struct {
		name   string
		parts  []formPart
		status int
		code   string
	}{
		{"missing date", without(form, "x-amz-date"), 403, "AccessDenied"},
		{"missing key", without(form, "key"), 400, "InvalidArgument"},
		{"missing policy", without(form, "Policy"), 400, "InvalidArgument"},
		{"changed token", with(form, "x-amz-security-token", "other"), 403, "AccessDenied"},
		{"changed signature", with(form, "x-amz-signature", strings.Repeat("0", 64)), 403, "SignatureDoesNotMatch"},
		{"changed policy", with(form, "Policy", "eyJ9"), 400, "InvalidPolicyDocument"},
		{"extra field", append(append(form[:len(form)-1:len(form)-1], formPart{name: "Content-Type", value: "text/plain"}), file), 403, "AccessDenied"},
		{"field after file", append(append([]formPart(nil), form...), formPart{name: "acl", value: "private"}), 400, "InvalidArgument"},
		{"no file", form[:len(form)-1], 400, "InvalidArgument"},
		{"too large", append(form[:len(form)-1:len(form)-1], formPart{name: "file", filename: "f", value: strings.Repeat("x", 65)}), 400, "EntityTooLarge"},
	} {
		resp, body := h.postMultipart(c.UploadRequest.URI, tc.parts)
		if resp.StatusCode != tc.status || !strings.Contains(string(body), "<Code>"+tc.code+"</Code>") ||
			!strings.HasPrefix(string(body), "<?xml") || !strings.Contains(string(body), "<RequestId>") {
			t.Errorf("%s: %d %s", tc.name, resp.StatusCode, body)
		}
	}
	resp, body := h.get(c.UploadRequest.URI) // not a POST
	if resp.StatusCode == 204 {
		t.Errorf("GET on the upload URI: %d %s", resp.StatusCode, body)
	}
	resp, err := http.Post(c.UploadRequest.URI, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); resp.StatusCode != 400 || !strings.Contains(string(body), "MalformedPOSTRequest") {
		t.Errorf("not multipart: %d %s", resp.StatusCode, body)
	}
	if v, _ := h.emu.Job(c.ID); v.Upload != nil || h.emu.Counts().Uploads != 0 {
		t.Errorf("a refused upload was stored: %+v", v.Upload)
	}

	h.upload(c, strings.Repeat("y", 64)) // exactly the maximum
	if v, _ := h.emu.Job(c.ID); v.Upload == nil || v.Upload.Size != 64 {
		t.Errorf("upload at the limit: %+v", v.Upload)
	}
}

func TestUploadPolicyExpires(t *testing.T) {
	t.Parallel()
	h := start(t, Options{UploadExpiry: 20 * time.Millisecond})
	c := h.create(jsonlJob("Account", "Import"))
	time.Sleep(40 * time.Millisecond)
	resp, body := h.postMultipart(c.UploadRequest.URI, issuedForm(c, "{}\n"))
	if resp.StatusCode != 403 || !strings.Contains(string(body), "Policy expired") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

func TestUploadAfterSubmissionIsRefusedAndReuploadReplaces(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.SetPaused(true)
	c := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(c, `{"name":"a","type":"Cash"}`+"\n")
	h.upload(c, `{"name":"b","type":"Cash"}`+"\n"+`{"name":"c","type":"Cash"}`+"\n")
	h.submit(c.ID)
	resp, body := h.postMultipart(c.UploadRequest.URI, issuedForm(c, "{}"))
	if resp.StatusCode != 403 || !strings.Contains(string(body), "AccessDenied") {
		t.Errorf("upload after submit: %d %s", resp.StatusCode, body)
	}
	if n := h.emu.Counts().Uploads; n != 2 {
		t.Errorf("Uploads = %d, want 2", n)
	}
	h.emu.SetPaused(false)
	if s := h.wait(c.ID, statusCompleted); s.RowCount != 2 {
		t.Errorf("the second upload was not the one processed: %+v", s)
	}
}

func TestPutUploadURL(t *testing.T) {
	t.Parallel()
	h := start(t, Options{PutUploads: true, MaxUploadBytes: 100})
	resp, b := h.call("POST", "/bulk-data/bulk-jobs", jsonlJob("AccountingCode", "Import"))
	var c struct {
		ID            string          `json:"id"`
		UploadURL     string          `json:"uploadUrl"`
		UploadRequest json.RawMessage `json:"uploadRequest"`
	}
	mustJSON(t, b, &c)
	if resp.StatusCode != 200 || !strings.HasPrefix(c.UploadURL, h.base+"/s3/"+uploadsBucket+"/"+c.ID+"?") || c.UploadRequest != nil {
		t.Fatalf("create: %d %s", resp.StatusCode, b)
	}
	put := func(url, body string) (*http.Response, []byte) {
		req, _ := http.NewRequest("PUT", url, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp, readAll(t, resp)
	}
	if resp, body := put(c.UploadURL, strings.Repeat("x", 101)); resp.StatusCode != 400 || !strings.Contains(string(body), "EntityTooLarge") {
		t.Errorf("too large: %d %s", resp.StatusCode, body)
	}
	if resp, body := put(strings.Replace(c.UploadURL, "X-Amz-Expires=", "X-Amz-Expires=9", 1), "{}"); resp.StatusCode != 403 {
		t.Errorf("tampered: %d %s", resp.StatusCode, body)
	}
	if resp, body := h.get(c.UploadURL); resp.StatusCode != 403 || !strings.Contains(string(body), "SignatureDoesNotMatch") {
		t.Errorf("a PUT link used to GET: %d %s", resp.StatusCode, body)
	}
	if resp, body := put(c.UploadURL, codes(2)); resp.StatusCode != 200 {
		t.Fatalf("put: %d %s", resp.StatusCode, body)
	}
	h.submit(c.ID)
	if s := h.wait(c.ID, statusCompleted); s.RowsSucceeded != 2 {
		t.Errorf("%+v", s)
	}
}

func TestCloseStopsProcessingAndRemovesFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	emu := New(Options{Dir: dir, StepDelay: time.Millisecond, RowsPerStep: 1})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	h := &harness{t: t, emu: emu, base: srv.URL, token: emu.IssueToken()}
	c := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(c, codes(1000))
	h.submit(c.ID)
	h.wait(c.ID, statusInProgress)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("work dir entries %v", entries)
	}
	if err := emu.Close(); err != nil {
		t.Fatal(err)
	}
	v, _ := emu.Job(c.ID)
	time.Sleep(10 * time.Millisecond)
	if after, _ := emu.Job(c.ID); after.RowsSucceeded != v.RowsSucceeded {
		t.Errorf("processing went on after Close: %d then %d rows", v.RowsSucceeded, after.RowsSucceeded)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Close left %v", entries)
	}
	_ = emu.Close() // a second Close is harmless
}
