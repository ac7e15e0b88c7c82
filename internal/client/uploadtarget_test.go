package client

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCreateJobReadsEveryDocumentedUploadTarget(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		body string
		want UploadTarget
		id   string
	}{
		"uploadRequest": {`{"id":"j","uploadRequest":{"uri":"https://s3/b","fields":{"key":"k","Policy":"p"}}}`,
			UploadTarget{URI: "https://s3/b", Fields: []FormField{{"key", "k"}, {"Policy", "p"}}}, "j"},
		"uploadFileInfo": {`{"id":"j","uploadFileInfo":{"uploadUrl":"https://s3/c","formFields":{"key":"k","x-amz-signature":"s"},"jobId":"j"}}`,
			UploadTarget{URI: "https://s3/c", Fields: []FormField{{"key", "k"}, {"x-amz-signature", "s"}}}, "j"},
		"uploadFileInfo's jobId": {`{"uploadFileInfo":{"uploadUrl":"https://s3/c","formFields":{"key":"k"},"jobId":"j2"}}`,
			UploadTarget{URI: "https://s3/c", Fields: []FormField{{"key", "k"}}}, "j2"},
		"the reference sample: uploadUrl beside uploadRequest": {`{"id":"j","uploadUrl":"string","uploadRequest":{"uri":"https://s3/b","fields":{"key":"k"}}}`,
			UploadTarget{URI: "https://s3/b", Fields: []FormField{{"key", "k"}}}, "j"},
		"uploadUrl with uploadFileInfo's fields": {`{"id":"j","uploadUrl":"https://s3/d","uploadFileInfo":{"formFields":{"key":"k"}}}`,
			UploadTarget{URI: "https://s3/d", Fields: []FormField{{"key", "k"}}}, "j"},
		"a bare uploadUrl": {`{"id":"j","uploadUrl":"https://s3/put?X-Amz-Signature=s"}`,
			UploadTarget{PutURL: "https://s3/put?X-Amz-Signature=s"}, "j"},
		"uploadFileInfo without fields": {`{"id":"j","uploadFileInfo":{"uploadUrl":"https://s3/put2"}}`,
			UploadTarget{PutURL: "https://s3/put2"}, "j"},
	} {
		var a createJobAnswer
		if err := json.Unmarshal([]byte(tc.body), &a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := a.target()
		if g, w := mustJSONString(t, got), mustJSONString(t, tc.want); g != w || a.jobID() != tc.id {
			t.Errorf("%s: %s id %q, want %s id %q", name, g, a.jobID(), w, tc.id)
		}
	}
}

func mustJSONString(t *testing.T, v interface{}) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUploadPostsWheneverFormFieldsArePresent(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
	c := newTestClient(t, srv.URL)
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("abc")), nil }
	if err := c.Upload(testCtx(t), UploadTarget{PutURL: srv.URL + "/b", Fields: []FormField{{"key", "k"}}}, "f.csv", 3, open); err != nil {
		t.Fatal(err)
	}
	if err := c.Upload(testCtx(t), UploadTarget{PutURL: srv.URL + "/p"}, "f.csv", 3, open); err != nil {
		t.Fatal(err)
	}
	reqs := srv.got()
	if reqs[0].Method != http.MethodPost || !strings.Contains(string(reqs[0].Body), `name="key"`) || reqs[1].Method != http.MethodPut || string(reqs[1].Body) != "abc" {
		t.Fatalf("%s %s / %s %s", reqs[0].Method, reqs[0].Body, reqs[1].Method, reqs[1].Body)
	}
}
