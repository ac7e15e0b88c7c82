package client

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

const createAnswer = `{"id":"dd447e38-6d9e-418d-9e61-6b553479727a","uploadRequest":{"uri":"https://bucket.example",
 "fields":{"bucket":"b","Policy":"cG9saWN5","x-amz-date":"20250129T030214Z","x-amz-signature":"5bd0",
  "x-amz-security-token":"IQoJ","x-amz-algorithm":"AWS4-HMAC-SHA256","key":"dd447e38","x-amz-credential":"ASIA/x"}},
 "status":"Created","jobType":"Import"}`

func TestCreateJobSendsTheRequestAndKeepsFieldOrder(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, createAnswer) })
	yes := true
	job, err := newTestClient(t, srv.URL).CreateJob(testCtx(t), CreateJobRequest{
		Name: "Import Accounts", ObjectType: "Account", JobType: "Import", FileType: "jsonl", IsCustomObject: &yes,
	})
	if err != nil {
		t.Fatal(err)
	}
	req := srv.got()[0]
	if req.Method != http.MethodPost || req.Path != "/bulk-data/bulk-jobs" || req.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%s %s %q", req.Method, req.Path, req.Header.Get("Content-Type"))
	}
	var sent map[string]interface{}
	if err := json.Unmarshal(req.Body, &sent); err != nil {
		t.Fatal(err)
	}
	want := map[string]interface{}{"name": "Import Accounts", "objectType": "Account", "jobType": "Import", "fileType": "jsonl", "isCustomObject": true}
	if !reflect.DeepEqual(sent, want) {
		t.Fatalf("sent %v, want %v (empty members omitted)", sent, want)
	}
	names := fieldNames(job.Upload.Fields)
	wantNames := []string{"bucket", "Policy", "x-amz-date", "x-amz-signature", "x-amz-security-token", "x-amz-algorithm", "key", "x-amz-credential"}
	if !reflect.DeepEqual(names, wantNames) || job.Upload.Fields[1].Value != "cG9saWN5" {
		t.Fatalf("fields %v", job.Upload.Fields)
	}
	if job.ID != "dd447e38-6d9e-418d-9e61-6b553479727a" || job.Status != "Created" || job.Upload.URI != "https://bucket.example" || job.Upload.PutURL != "" {
		t.Fatalf("%+v", job)
	}
}

func TestCreateJobTakesAnUploadURL(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 200, `{"id":"j","uploadUrl":"https://put.example/j?sig=1","status":"Created"}`)
	})
	job, err := newTestClient(t, srv.URL).CreateJob(testCtx(t), CreateJobRequest{Name: "n", ObjectType: "Account"})
	if err != nil || job.Upload.PutURL != "https://put.example/j?sig=1" || job.Upload.URI != "" {
		t.Fatalf("%+v %v", job, err)
	}
}

func TestCreateJobWithoutAnUploadTargetFails(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, `{"id":"j","status":"Created"}`) })
	job, err := newTestClient(t, srv.URL).CreateJob(testCtx(t), CreateJobRequest{Name: "n"})
	if err == nil || job == nil || job.ID != "j" {
		t.Fatalf("%+v %v; want the job id and an error", job, err)
	}
}

func TestJobActionsUseTheirEndpoints(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/downloads"):
			writeRaw(w, 200, `{"jobId":"a/b","status":"COMPLETED","sourceFile":"s","errorRowsFile":"e","successRowsFile":"ok","delimiter":","}`)
		case strings.HasSuffix(r.URL.Path, "/mappings"):
			writeRaw(w, 200, `{"mappings":[{"field":"name","column":"Name"}]}`)
		default:
			writeRaw(w, 200, `{"id":"a/b","status":"Submitted"}`)
		}
	})
	c := newTestClient(t, srv.URL)
	ctx := testCtx(t)
	if st, err := c.SubmitJob(ctx, "a/b"); err != nil || st.Status != "Submitted" {
		t.Fatalf("%+v %v", st, err)
	}
	if _, err := c.CancelJob(ctx, "a/b"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AbortJob(ctx, "a/b"); err != nil {
		t.Fatal(err)
	}
	d, err := c.JobDownloads(ctx, "a/b")
	if err != nil || *d != (Downloads{JobID: "a/b", Status: "Completed", SourceFile: "s", ErrorRowsFile: "e", SuccessRowsFile: "ok", Delimiter: ","}) {
		t.Fatalf("%+v %v", d, err)
	}
	m, err := c.JobMappings(ctx, "a/b")
	if err != nil || !reflect.DeepEqual(m, []Mapping{{Field: "name", Column: "Name"}}) {
		t.Fatalf("%+v %v", m, err)
	}
	var got []string
	for _, r := range srv.got() {
		got = append(got, r.Method+" "+r.Path)
	}
	want := []string{
		"POST /bulk-data/bulk-jobs/a%2Fb/submissions", "POST /bulk-data/bulk-jobs/a%2Fb/cancellations",
		"POST /bulk-data/bulk-jobs/a%2Fb/aborts", "GET /bulk-data/bulk-jobs/a%2Fb/downloads", "GET /bulk-data/bulk-jobs/a%2Fb/mappings",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v", got)
	}
	if _, err := c.SubmitJob(ctx, " "); err == nil {
		t.Fatal("an empty id was sent")
	}
}

func TestJobSummaryTakesBothDocumentedForms(t *testing.T) {
	t.Parallel()
	guide := `{"id":"dd44","name":"Import Accounts","description":"d","createdAt":"2025-01-29T03:02:14Z","createdBy":"u",
	 "submittedAt":"2025-01-29 03:02:26","status":"Completed","rowCount":"20","rowsSucceeded":15,"rowsFailed":"5",
	 "lastUpdatedAt":"2025-01-29T03:02:35.250+00:00","objectType":"accounts-and-contacts","jobType":"Import",
	 "isCustomObject":false,"customObjectNamespace":"default","dataSourceType":"UserUpload","systemType":"Billing","fileType":"jsonl"}`
	spec := `{"id":"dd44","createdAt":1738119734,"submittedAt":1738119746000,"lastUpdatedAt":null,"rowCount":20,
	 "rowsSucceeded":15,"rowsFailed":5,"status":"In Progress","systemType":"BILLING","isCustomObject":"true"}`
	for name, body := range map[string]string{"guide": guide, "spec": spec} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, body) })
		s, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "dd44")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.RowCount != 20 || s.RowsSucceeded != 15 || s.RowsFailed != 5 {
			t.Fatalf("%s: counts %+v", name, s)
		}
		if !s.CreatedAt.Equal(time.Date(2025, 1, 29, 3, 2, 14, 0, time.UTC)) || !s.SubmittedAt.Equal(time.Date(2025, 1, 29, 3, 2, 26, 0, time.UTC)) {
			t.Fatalf("%s: times %v %v", name, s.CreatedAt, s.SubmittedAt)
		}
		if name == "guide" && (!s.LastUpdatedAt.Equal(time.Date(2025, 1, 29, 3, 2, 35, 250e6, time.UTC)) || s.SystemType != "Billing" || s.Description != "d") {
			t.Fatalf("guide: %+v", s)
		}
		if name == "spec" && (!s.LastUpdatedAt.IsZero() || !s.IsCustomObject) {
			t.Fatalf("spec: %+v", s)
		}
	}
}

func TestListJobSummariesFollowsTheCursor(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Query().Get("cursor") {
		case "":
			writeRaw(w, 200, `{"data":[{"id":"1","status":"Completed"},{"id":"2","status":"Completed"}],"nextPageCursor":"c2"}`)
		case "c2":
			writeRaw(w, 200, `{"data":[{"id":"3","status":"Completed","createdAt":1738119734000}],"nextPageCursor":"c3"}`)
		default:
			writeRaw(w, 200, `{"data":[]}`)
		}
	})
	all, err := newTestClient(t, srv.URL).ListJobSummaries(testCtx(t), "In Progress")
	if err != nil || len(all) != 3 || all[2].ID != "3" || all[2].CreatedAt.Year() != 2025 {
		t.Fatalf("%+v %v", all, err)
	}
	reqs := srv.got()
	if len(reqs) != 3 || reqs[0].Query != "limit=1000&status=In+Progress" || reqs[1].Query != "cursor=c2&limit=1000&status=In+Progress" {
		t.Fatalf("requests %+v", reqs)
	}
}

func TestListJobSummariesStopsOnARepeatedCursor(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 200, `{"data":[{"id":"1"}],"nextPageCursor":"same"}`)
	})
	if _, err := newTestClient(t, srv.URL).ListJobSummaries(testCtx(t), ""); err == nil || srv.count() != 2 {
		t.Fatalf("%d requests, %v", srv.count(), err)
	}
}

func TestListRecentJobSummariesStopsAtTheWindow(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Query().Get("cursor") {
		case "":
			writeRaw(w, 200, `{"data":[{"id":"new","createdAt":"2026-03-10T00:00:00Z"},{"id":"undated"}],"nextPageCursor":"c2"}`)
		case "c2":
			writeRaw(w, 200, `{"data":[{"id":"edge","createdAt":"2026-03-01T00:00:00Z"},{"id":"old","createdAt":"2026-02-01T00:00:00Z"}],"nextPageCursor":"c3"}`)
		default:
			writeRaw(w, 200, `{"data":[{"id":"older","createdAt":"2026-01-01T00:00:00Z"}]}`)
		}
	})
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	got, err := newTestClient(t, srv.URL).ListRecentJobSummaries(testCtx(t), since, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if strings.Join(ids, ",") != "new,undated,edge" || srv.count() != 2 {
		t.Fatalf("ids %v after %d requests; want new,undated,edge after 2", ids, srv.count())
	}
}

// Zuora does not document the order: a listing that runs oldest first is
// read to its end, so the recent job on its last page is found.
func TestListRecentJobSummariesReadsAnOldestFirstListingToItsEnd(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Query().Get("cursor") {
		case "":
			writeRaw(w, 200, `{"data":[{"id":"oldest","createdAt":"2026-01-01T00:00:00Z"},{"id":"old","createdAt":"2026-02-01T00:00:00Z"}],"nextPageCursor":"c2"}`)
		default:
			writeRaw(w, 200, `{"data":[{"id":"new","createdAt":"2026-03-10T00:00:00Z"}]}`)
		}
	})
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	got, err := newTestClient(t, srv.URL).ListRecentJobSummaries(testCtx(t), since, nil)
	if err != nil || len(got) != 1 || got[0].ID != "new" || srv.count() != 2 {
		t.Fatalf("%+v %v after %d requests; want only new, after 2", got, err, srv.count())
	}
}

func TestListRecentJobSummariesStopsAtAKnownJob(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Query().Get("cursor") {
		case "":
			writeRaw(w, 200, `{"data":[{"id":"fresh"},{"id":"cached"}],"nextPageCursor":"c2"}`)
		default:
			writeRaw(w, 200, `{"data":[{"id":"beyond"}]}`)
		}
	})
	got, err := newTestClient(t, srv.URL).ListRecentJobSummaries(testCtx(t), time.Time{}, func(id string) bool { return id == "cached" })
	if err != nil || len(got) != 1 || got[0].ID != "fresh" || srv.count() != 1 {
		t.Fatalf("%+v %v after %d requests", got, err, srv.count())
	}
}
