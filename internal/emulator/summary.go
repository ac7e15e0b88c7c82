package emulator

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// summaryJSON is QueryJobSummaryResponse in the guide's member order.
type summaryJSON struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Description           string `json:"description,omitempty"`
	CreatedAt             any    `json:"createdAt"`
	CreatedBy             string `json:"createdBy"`
	SubmittedAt           any    `json:"submittedAt,omitempty"`
	SubmittedBy           string `json:"submittedBy,omitempty"`
	Status                string `json:"status"`
	RowCount              int    `json:"rowCount"`
	RowsSucceeded         int    `json:"rowsSucceeded"`
	RowsFailed            int    `json:"rowsFailed"`
	LastUpdatedAt         any    `json:"lastUpdatedAt"`
	FailureReason         string `json:"failureReason,omitempty"`
	ObjectType            string `json:"objectType"`
	JobType               string `json:"jobType"`
	IsCustomObject        bool   `json:"isCustomObject"`
	CustomObjectNamespace string `json:"customObjectNamespace"`
	DataSourceType        string `json:"dataSourceType"`
	SystemType            string `json:"systemType"`
	FileType              string `json:"fileType"`
}

// summaryLocked renders a job. Caller holds s.mu.
func (s *Server) summaryLocked(j *job) summaryJSON {
	objectType := j.object.Type
	switch {
	case s.opts.SummaryObjectName:
		objectType = j.object.Name
	case s.isReference():
		objectType = referenceObjectType(j.object.Type)
	}
	sum := summaryJSON{
		ID: j.id, Name: j.name, Description: j.description,
		CreatedAt: s.timestamp(j.createdAt), CreatedBy: j.createdBy,
		SubmittedBy: j.submittedBy,
		Status:      j.status,
		RowCount:    j.rowCount, RowsSucceeded: j.succeeded, RowsFailed: j.failed,
		LastUpdatedAt:         s.timestamp(j.lastUpdateAt),
		FailureReason:         j.failureReason,
		ObjectType:            objectType,
		JobType:               j.jobType,
		IsCustomObject:        j.object.custom,
		CustomObjectNamespace: j.namespace,
		DataSourceType:        "UserUpload",
		SystemType:            "Billing",
		FileType:              j.fileType,
	}
	if !j.submittedAt.IsZero() {
		sum.SubmittedAt = s.timestamp(j.submittedAt)
	}
	return sum
}

// timestamp answers in the guide's ISO-8601 form or, with
// EpochTimestamps, the OpenAPI description's epoch milliseconds; the
// reference profile answers epoch seconds, as its samples do.
func (s *Server) timestamp(t time.Time) any {
	if s.isReference() {
		return t.Unix() // the reference samples: epoch seconds
	}
	if s.opts.EpochTimestamps {
		return t.UnixMilli()
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// handleSummary is GET …/{id}/summary.
func (s *Server) handleSummary(w http.ResponseWriter, r *http.Request) {
	j := s.lockJob(w, r)
	if j == nil {
		return
	}
	sum := s.summaryLocked(j)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, sum)
}

const (
	defaultPageSize = 20
	maxPageSize     = 100
)

type summariesPage struct {
	Data           []summaryJSON `json:"data"`
	NextPageCursor string        `json:"nextPageCursor,omitempty"`
}

// handleSummaries is GET /bulk-data/bulk-jobs/summaries: newest first,
// with an opaque cursor naming the last job of the previous page, so jobs
// created while a client pages through do not shift what it sees.
func (s *Server) handleSummaries(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := defaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > s.opts.MaxPageSize {
			writeReason(w, http.StatusBadRequest, codeInvalidValue, "limit must be an integer from 1 to %d", s.opts.MaxPageSize)
			return
		}
		limit = n
	}
	status := ""
	if v := q.Get("status"); v != "" {
		for _, st := range allStatuses {
			if strings.EqualFold(st, v) {
				status = st
			}
		}
		if status == "" {
			writeReason(w, http.StatusBadRequest, codeInvalidValue, "Invalid status '%s'; expected one of %s", v, strings.Join(allStatuses, ", "))
			return
		}
	}
	before := int(^uint(0) >> 1)
	if v := q.Get("cursor"); v != "" {
		seq, ok := decodeCursor(v)
		if !ok {
			writeReason(w, http.StatusBadRequest, codeInvalidValue, "Invalid cursor")
			return
		}
		before = seq
	}

	if s.isReference() {
		s.referenceSummaries(w, status, before, limit)
		return
	}
	page := summariesPage{Data: []summaryJSON{}}
	page.NextPageCursor = s.pageJobs(status, before, limit, func(j *job) {
		page.Data = append(page.Data, s.summaryLocked(j))
	})
	writeJSON(w, http.StatusOK, page)
}

// pageJobs calls add, holding s.mu, for up to limit jobs older than the
// cursor's (before) in status (any when empty), newest first, and returns
// the next page's cursor, or "" when no matching job is left.
func (s *Server) pageJobs(status string, before, limit int, add func(*job)) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, last := 0, 0
	for i := len(s.jobOrder) - 1; i >= 0; i-- {
		j := s.jobOrder[i]
		if j.seq >= before || (status != "" && j.status != status) {
			continue
		}
		if n == limit {
			return encodeCursor(last)
		}
		add(j)
		n, last = n+1, j.seq
	}
	return ""
}

func encodeCursor(seq int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("seq:" + strconv.Itoa(seq)))
}

func decodeCursor(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	v, ok := strings.CutPrefix(string(b), "seq:")
	n, err := strconv.Atoi(v)
	return n, ok && err == nil && n > 0
}
