package emulator

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSummariesPageNewestFirst(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	var ids []string
	for range 5 {
		ids = append(ids, h.create(jsonlJob("Account", "Import")).ID)
	}
	var got []string
	cursor := ""
	pages := 0
	for {
		q := url.Values{"limit": {"2"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page summariesPage
		h.callOK("GET", "/bulk-data/bulk-jobs/summaries?"+q.Encode(), nil, &page)
		pages++
		for _, s := range page.Data {
			got = append(got, s.ID)
		}
		if pages == 1 {
			h.create(jsonlJob("Account", "Import")) // must not shift later pages
		}
		if page.NextPageCursor == "" {
			break
		}
		cursor = page.NextPageCursor
	}
	want := []string{ids[4], ids[3], ids[2], ids[1], ids[0]}
	if strings.Join(got, ",") != strings.Join(want, ",") || pages != 3 {
		t.Errorf("got %v in %d pages, want %v", got, pages, want)
	}
	var page summariesPage
	h.callOK("GET", "/bulk-data/bulk-jobs/summaries", nil, &page)
	if len(page.Data) != 6 || page.NextPageCursor != "" {
		t.Errorf("default page: %d jobs, cursor %q", len(page.Data), page.NextPageCursor)
	}
}

func TestSummariesStatusFilterAndErrors(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.emu.SetPaused(true)
	a := h.create(jsonlJob("AccountingCode", "Import"))
	b := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(b, codes(1))
	h.submit(b.ID)
	for status, want := range map[string]string{"Created": a.ID, "submitted": b.ID, "In Progress": ""} {
		var page summariesPage
		h.callOK("GET", "/bulk-data/bulk-jobs/summaries?status="+url.QueryEscape(status), nil, &page)
		if want == "" && len(page.Data) != 0 || want != "" && (len(page.Data) != 1 || page.Data[0].ID != want) {
			t.Errorf("status %s: %+v", status, page.Data)
		}
	}
	for _, q := range []string{"limit=0", "limit=101", "limit=x", "status=Done", "cursor=bm9wZQ"} {
		resp, body := h.call("GET", "/bulk-data/bulk-jobs/summaries?"+q, nil)
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d %s", q, resp.StatusCode, body)
		}
	}
	if resp, body := h.call("GET", "/bulk-data/bulk-jobs/"+newUUID()+"/summary", nil); resp.StatusCode != 404 || !strings.Contains(reasonsOf(t, body), "not found") {
		t.Errorf("unknown summary: %d %s", resp.StatusCode, body)
	}
}

func TestTimestampForms(t *testing.T) {
	t.Parallel()
	iso := start(t, Options{})
	epoch := start(t, Options{EpochTimestamps: true, SummaryObjectName: true})
	c := iso.create(jsonlJob("Account", "Import"))
	var doc map[string]any
	iso.callOK("GET", "/bulk-data/bulk-jobs/"+c.ID+"/summary", nil, &doc)
	created, ok := doc["createdAt"].(string)
	if _, err := time.Parse("2006-01-02T15:04:05Z", created); !ok || err != nil {
		t.Errorf("ISO createdAt %#v", doc["createdAt"])
	}
	if _, has := doc["submittedAt"]; has || doc["objectType"] != "Account" {
		t.Errorf("summary %v", doc)
	}

	c = epoch.create(jsonlJob("Account", "Import"))
	epoch.upload(c, accountRow("A", "")+"\n")
	epoch.submit(c.ID)
	epoch.wait(c.ID, statusCompleted)
	_, body := epoch.call("GET", "/bulk-data/bulk-jobs/"+c.ID+"/summary", nil)
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	doc = nil
	_ = dec.Decode(&doc)
	for _, k := range []string{"createdAt", "submittedAt", "lastUpdatedAt"} {
		n, ok := doc[k].(json.Number)
		ms, err := n.Int64()
		if !ok || err != nil || time.Since(time.UnixMilli(ms)) > time.Minute {
			t.Errorf("%s = %#v, want recent epoch milliseconds", k, doc[k])
		}
	}
	if doc["objectType"] != "accounts-and-contacts" {
		t.Errorf("objectType %v with SummaryObjectName", doc["objectType"])
	}
}
