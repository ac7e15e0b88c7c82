package client

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// jobServer answers a change (submissions, cancellations, aborts) with
// 400 unless it is listed in ok, and the summary with status; an empty
// status makes the summary fail too.
func jobServer(t *testing.T, status string, ok ...string) *testServer {
	return newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if strings.HasSuffix(r.URL.Path, "/summary") {
			if status == "" {
				writeRaw(w, http.StatusNotFound, `{"reasons":[{"message":"no such job"}]}`)
				return
			}
			writeJSON(w, map[string]any{"id": "job-1", "status": status})
			return
		}
		for _, s := range ok {
			if strings.HasSuffix(r.URL.Path, s) {
				writeJSON(w, map[string]any{"id": "job-1", "status": "in_progress"})
				return
			}
		}
		writeRaw(w, http.StatusBadRequest, `{"reasons":[{"message":"refused"}]}`)
	})
}

func TestSubmitAndConfirm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, status string
		ok           []string
		want         SubmitOutcome
		readErr      bool
	}{
		{"answered", "", []string{"/submissions"}, SubmitAccepted, false},
		{"lost answer, job moved on", "IN_PROGRESS", nil, SubmitAccepted, false},
		{"still created", "created", nil, SubmitRefused, false},
		{"cancelled before it was taken", "Cancelled", nil, SubmitRefused, false},
		{"summary unreadable", "", nil, SubmitUnconfirmed, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := jobServer(t, tc.status, tc.ok...)
			got, err := newTestClient(t, srv.URL).SubmitAndConfirm(testCtx(t), "job-1")
			if got != tc.want {
				t.Fatalf("outcome = %v, want %v (err %v)", got, tc.want, err)
			}
			var se *SubmitError
			if (tc.want == SubmitAccepted) != (err == nil) || (err != nil && !errors.As(err, &se)) {
				t.Fatalf("err = %v", err)
			}
			if se != nil && (se.ReadErr != nil) != tc.readErr {
				t.Errorf("ReadErr = %v", se.ReadErr)
			}
		})
	}
}

func TestCancelOrAbort(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, status string
		abort        bool
		ok           []string
		want         string
		wantErr      bool
		wantPaths    []string
	}{
		{"cancelled", "", true, []string{"/cancellations"}, StatusCancelled, false, []string{"/cancellations"}},
		{"started meanwhile: aborted", "In Progress", true, []string{"/aborts"}, StatusAborting, false,
			[]string{"/cancellations", "/summary", "/aborts"}},
		{"started meanwhile, no abort wanted", "In Progress", false, nil, StatusInProgress, true,
			[]string{"/cancellations", "/summary"}},
		{"abort refused", "In Progress", true, nil, StatusInProgress, true, []string{"/cancellations", "/summary", "/aborts"}},
		{"stopped by itself", "completed", true, nil, StatusCompleted, false, []string{"/cancellations", "/summary"}},
		{"lost cancel answer", "CANCELLED", false, nil, StatusCancelled, false, []string{"/cancellations", "/summary"}},
		{"still created", "Created", true, nil, StatusCreated, true, []string{"/cancellations", "/summary"}},
		{"summary unreadable", "", true, nil, "", true, []string{"/cancellations", "/summary"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := jobServer(t, tc.status, tc.ok...)
			got, err := newTestClient(t, srv.URL).CancelOrAbort(testCtx(t), "job-1", tc.abort)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Fatalf("CancelOrAbort = %q, %v; want %q, error %v", got, err, tc.want, tc.wantErr)
			}
			var paths []string
			for _, r := range srv.got() {
				paths = append(paths, r.Path[strings.LastIndex(r.Path, "/"):])
			}
			if strings.Join(paths, " ") != strings.Join(tc.wantPaths, " ") {
				t.Errorf("requests = %v, want %v", paths, tc.wantPaths)
			}
		})
	}
}
