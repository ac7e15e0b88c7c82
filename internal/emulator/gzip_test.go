package emulator

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"testing"
)

// Answers over 1000 bytes come gzipped when the client asks for it, as
// Zuora's do; small ones and clients that do not ask get plain JSON.
func TestLargeAnswersAreGzipped(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	fields := "/data-loader/metadata/json/objects/accounts-and-contacts/fields?action=Import"

	resp, body := h.call("GET", fields, nil, "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("metadata (large) not gzipped: %v", resp.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || len(plain) <= gzipMinBytes || !json.Valid(plain) {
		t.Errorf("gunzipped %d bytes, valid JSON %v, err %v", len(plain), json.Valid(plain), err)
	}

	for _, tc := range []struct{ path, accept string }{
		{fields, "identity"}, {fields, "gzip;q=0"}, {"/data-loader/metadata/json/objects/accounting-code/fields?action=Delete", "gzip"},
	} {
		resp, body := h.call("GET", tc.path, nil, "Accept-Encoding", tc.accept)
		if resp.Header.Get("Content-Encoding") != "" || !json.Valid(body) {
			t.Errorf("%s with Accept-Encoding %q: encoding %q", tc.path, tc.accept, resp.Header.Get("Content-Encoding"))
		}
	}
}
