package client

import (
	"net/http"
	"strings"
	"testing"
)

// A summary whose counts are not counts is an error naming the field and
// the job, never zeros that would hide failed rows.
func TestMalformedSummaryCountsAreAnErrorNamingTheField(t *testing.T) {
	for _, c := range []struct{ member, want string }{
		{`"rowCount": -5`, `the summary's rowCount is -5`},
		{`"rowsFailed": 1e30`, `the summary's rowsFailed is 1e30`},
		{`"rowsSucceeded": "abc"`, `the summary's rowsSucceeded is "abc"`},
		{`"rowsFailed": 2.5`, `the summary's rowsFailed is 2.5`},
		{`"rowsFailed": {"n": 1}`, `the summary's rowsFailed is {"n": 1}`},
		// Undocumented spellings are read, and checked, the same way.
		{`"totalCount": -5`, `the summary's totalCount is -5`},
		{`"failedCount": 1e30`, `the summary's failedCount is 1e30`},
		{`"succeededCount": "abc"`, `the summary's succeededCount is "abc"`},
	} {
		t.Run(c.member, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				writeRaw(w, 200, `{"id":"job-7","status":"Completed",`+c.member+`}`)
			})
			_, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-7")
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range []string{"get bulk job summary", "bulk job job-7", c.want, "not a row count"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
}

func TestSummaryCountsInEveryAcceptedForm(t *testing.T) {
	for body, want := range map[string][3]int64{
		`"rowCount": 20, "rowsSucceeded": "15", "rowsFailed": 5.0`:                      {20, 15, 5},
		`"rowCount": null, "rowsSucceeded": "", "rowsFailed": 0`:                        {0, 0, 0},
		`"totalCount": 7, "succeededCount": 6, "failedCount": "1"`:                      {7, 6, 1},
		`"rowCount": 3, "totalCount": "junk is ignored beside the documented spelling"`: {3, 0, 0},
	} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeRaw(w, 200, `{"id":"job-7","status":"Completed",`+body+`}`)
		})
		s, err := newTestClient(t, srv.URL).JobSummary(testCtx(t), "job-7")
		if err != nil {
			t.Errorf("%s: %v", body, err)
			continue
		}
		if got := [3]int64{s.RowCount, s.RowsSucceeded, s.RowsFailed}; got != want {
			t.Errorf("%s: counts %v, want %v", body, got, want)
		}
	}
}
