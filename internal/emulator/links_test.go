package emulator

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// Download links live LinkLifetime (Zuora's hour by default) and are
// refused once it has passed.
func TestDownloadLinksLiveLinkLifetime(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		opts Options
		want string
	}{{Options{}, "3600"}, {Options{LinkLifetime: 90 * time.Second}, "90"}} {
		h := start(t, c.opts)
		s := h.run(jsonlJob("Account", "Import"), accountRow("Acme", "")+"\n")
		var dl downloadsJSON
		h.callOK("GET", "/bulk-data/bulk-jobs/"+s.ID+"/downloads", nil, &dl)
		for _, link := range []string{dl.SourceFile, dl.ErrorRowsFile, dl.SuccessRowsFile} {
			u, err := url.Parse(link)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Query().Get("X-Amz-Expires"); got != c.want {
				t.Errorf("X-Amz-Expires = %s, want %s", got, c.want)
			}
		}
		if resp, _ := h.get(dl.SuccessRowsFile); resp.StatusCode != http.StatusOK {
			t.Errorf("fresh link answered %d", resp.StatusCode)
		}
	}
}

func TestExpiredDownloadLinkRefused(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	link := h.emu.presign(http.MethodGet, h.base, resultsBucket, "x.success_rows.jsonl", time.Now().Add(-2*time.Hour), time.Hour)
	if resp, body := h.get(link); resp.StatusCode != http.StatusForbidden {
		t.Errorf("expired link answered %d: %s", resp.StatusCode, body)
	}
}
