package client

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAJobListAnswering404IsEmpty(t *testing.T) {
	t.Parallel()
	// getBulkJobSummaries: "404 No job summaries found".
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 404, `{"reasons":[{"code":"50000040","message":"No job summaries found"}]}`)
	})
	c := newTestClient(t, srv.URL)
	all, err := c.ListJobSummaries(testCtx(t), "Completed")
	if err != nil || len(all) != 0 {
		t.Fatalf("%v %v, want an empty list", all, err)
	}
	recent, err := c.ListRecentJobSummaries(testCtx(t), time.Time{}, nil)
	if err != nil || len(recent) != 0 {
		t.Fatalf("recent: %v %v", recent, err)
	}
	// A 404 elsewhere keeps its meaning.
	if _, err := c.JobSummary(testCtx(t), "gone"); !IsNotFound(err) {
		t.Fatalf("summary of an unknown job: %v, want not found", err)
	}
}

func TestAJobListFallsBackToAPageSizeZuoraAccepts(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Query().Get("limit") {
		case "1000":
			writeRaw(w, 400, `{"reasons":[{"code":"50000022","message":"limit must be an integer from 1 to 100"}]}`)
		case "100":
			if r.URL.Query().Get("cursor") == "" {
				writeRaw(w, 200, `{"data":[{"id":"1"}],"nextPageCursor":"c2"}`)
				return
			}
			writeRaw(w, 200, `{"data":[{"id":"2"}]}`)
		default:
			t.Errorf("unexpected query %s", r.URL.RawQuery)
		}
	})
	c := newTestClient(t, srv.URL)
	all, err := c.ListJobSummaries(testCtx(t), "")
	if err != nil || len(all) != 2 {
		t.Fatalf("%v %v", all, err)
	}
	if _, err := c.ListJobSummaries(testCtx(t), ""); err != nil {
		t.Fatal(err)
	}
	var limits []string
	for _, r := range srv.got() {
		limits = append(limits, r.Query)
	}
	want := "limit=1000 limit=100 cursor=c2&limit=100 limit=100 cursor=c2&limit=100"
	if got := strings.Join(limits, " "); got != want {
		t.Errorf("queries %q, want %q (the refused size is asked once per client)", got, want)
	}
}

func TestAJobListRefusingEveryLimitIsReadAtZuorasOwnSize(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Query().Has("limit") {
			writeRaw(w, 400, `{"message":"bad limit"}`)
			return
		}
		writeRaw(w, 200, `{"data":[{"id":"1"}]}`)
	})
	all, err := newTestClient(t, srv.URL).ListJobSummaries(testCtx(t), "")
	if err != nil || len(all) != 1 || srv.count() != 3 {
		t.Fatalf("%v %v after %d calls", all, err, srv.count())
	}
}

func TestEachJobSummaryStopsWhenTheVisitorSaysSo(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 200, `{"data":[{"id":"a"},{"id":"b"}],"nextPageCursor":"c`+r.URL.Query().Get("cursor")+`x"}`)
	})
	var seen []string
	err := newTestClient(t, srv.URL).EachJobSummary(testCtx(t), "", func(s Summary) bool {
		seen = append(seen, s.ID)
		return len(seen) < 3
	})
	if err != nil || strings.Join(seen, ",") != "a,b,a" || srv.count() != 2 {
		t.Fatalf("seen %v, %d calls, %v", seen, srv.count(), err)
	}
}

func TestLeanListEntriesDecodeAndAreCompletedFromTheirSummary(t *testing.T) {
	t.Parallel()
	// The reference sample entry of getBulkJobSummaries, member for member.
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if strings.HasSuffix(r.URL.Path, "/summaries") {
			writeRaw(w, 200, `{"data":[{"id":"3a3e85c4","name":"Bulk Job 1","status":"Completed","rowCount":500,"rowsSucceeded":480,"rowsFailed":20,"createdAt":1618327278,"lastUpdatedAt":1618327279}],"nextPageCursor":""}`)
			return
		}
		writeRaw(w, 200, `{"id":"3a3e85c4","name":"Bulk Job 1","createdBy":"admin","status":"Completed","rowCount":500,"objectType":"account","jobType":"Import","fileType":"csv"}`)
	})
	c := newTestClient(t, srv.URL)
	all, err := c.ListJobSummaries(testCtx(t), "")
	if err != nil || len(all) != 1 {
		t.Fatalf("%v %v", all, err)
	}
	s := all[0]
	if s.RowCount != 500 || s.RowsFailed != 20 || s.CreatedAt.Unix() != 1618327278 || !s.Lean() {
		t.Fatalf("lean entry decoded as %+v", s)
	}
	if got := strings.Join(s.Missing(), ","); got != "objectType,jobType,fileType,createdBy" {
		t.Errorf("Missing() = %s", got)
	}
	full, err := c.CompleteSummary(testCtx(t), s)
	if err != nil || full.ObjectType != "account" || full.JobType != "Import" || full.CreatedBy != "admin" || full.CreatedAt.Unix() != 1618327278 || full.Lean() {
		t.Fatalf("completed %+v %v", full, err)
	}
	again, err := c.CompleteSummary(testCtx(t), full)
	if err != nil || again != full || srv.count() != 2 {
		t.Fatalf("a complete summary costs a call: %d calls", srv.count())
	}
}

// A 200 without "data", or with "data": null, is not an empty tenant:
// counting it as none would submit into five running jobs.
func TestJobListWithoutDataFails(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"summaries":[{"id":"1","status":"In Progress"}]}`, `{"data":null,"nextPageCursor":""}`} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeRaw(w, 200, body)
		})
		n, err := newTestClient(t, srv.URL).RunningJobs(testCtx(t))
		if err == nil || !strings.Contains(err.Error(), `no "data" member`) {
			t.Fatalf("%s: %d %v: want an error naming the missing data member", body, n, err)
		}
	}
}
