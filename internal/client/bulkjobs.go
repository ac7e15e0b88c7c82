package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const bulkJobsPath = "/bulk-data/bulk-jobs"

// maxSummaryPages stops a server whose cursor never ends.
const maxSummaryPages = 10000

func jobPath(id, suffix string) string {
	return bulkJobsPath + "/" + url.PathEscape(id) + suffix
}

func requireID(op, id string) error {
	if strings.TrimSpace(id) == "" {
		return fmt.Errorf("%s: a job ID is required", op)
	}
	return nil
}

// createJobBody is CreateJobRequest with its wire names; a conversion
// keeps the two in step.
type createJobBody struct {
	Name                  string          `json:"name,omitempty"`
	Description           string          `json:"description,omitempty"`
	ObjectType            string          `json:"objectType,omitempty"`
	JobType               string          `json:"jobType,omitempty"`
	FileType              string          `json:"fileType,omitempty"`
	Delimiter             string          `json:"delimiter,omitempty"`
	HasHeaders            *bool           `json:"hasHeaders,omitempty"`
	Headers               []string        `json:"headers,omitempty"`
	Mappings              []ColumnMapping `json:"mappings,omitempty"`
	RowIDHeader           string          `json:"rowIdHeader,omitempty"`
	IsCustomObject        *bool           `json:"isCustomObject,omitempty"`
	CustomObjectNamespace string          `json:"customObjectNamespace,omitempty"`
}

type createJobAnswer struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	JobType       string `json:"jobType"`
	UploadURL     string `json:"uploadUrl"`
	UploadRequest *struct {
		URI    string        `json:"uri"`
		Fields orderedFields `json:"fields"`
	} `json:"uploadRequest"`
}

// CreateJob creates a bulk job. It is retried only where Zuora cannot have
// acted, and every attempt carries the same Idempotency-Key. When the
// answer names a job but no upload target, the job comes back with the
// error so that the caller can cancel it.
func (c *Client) CreateJob(ctx context.Context, req CreateJobRequest) (*CreatedJob, error) {
	const op = "create bulk job"
	body, err := jsonBody(createJobBody(req))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	var out createJobAnswer
	if err := c.call(ctx, apiCall{op: op, method: http.MethodPost, path: bulkJobsPath, body: body, policy: retryUnsafe}, &out); err != nil {
		return nil, err
	}
	job := &CreatedJob{ID: out.ID, Status: NormalizeStatus(out.Status), JobType: NormalizeJobType(out.JobType), Upload: UploadTarget{PutURL: out.UploadURL}}
	if out.UploadRequest != nil {
		job.Upload.URI = out.UploadRequest.URI
		job.Upload.Fields = out.UploadRequest.Fields
	}
	if job.ID == "" {
		return job, &Error{Operation: op, StatusCode: http.StatusOK, Reasons: []Reason{{Message: "the answer carried no job id"}}}
	}
	if job.Upload.URI == "" && job.Upload.PutURL == "" {
		return job, &Error{Operation: op, StatusCode: http.StatusOK,
			Reasons: []Reason{{Message: "job " + job.ID + " was created but the answer carried neither uploadRequest nor uploadUrl"}}}
	}
	return job, nil
}

type idStatus struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// SubmitJob submits an uploaded job (POST .../submissions).
func (c *Client) SubmitJob(ctx context.Context, id string) (*JobStatus, error) {
	return c.changeJob(ctx, "submit bulk job", id, "/submissions")
}

// CancelJob stops a job that is not yet In Progress (POST .../cancellations).
func (c *Client) CancelJob(ctx context.Context, id string) (*JobStatus, error) {
	return c.changeJob(ctx, "cancel bulk job", id, "/cancellations")
}

// AbortJob stops a job that is In Progress (POST .../aborts).
func (c *Client) AbortJob(ctx context.Context, id string) (*JobStatus, error) {
	return c.changeJob(ctx, "abort bulk job", id, "/aborts")
}

func (c *Client) changeJob(ctx context.Context, op, id, suffix string) (*JobStatus, error) {
	if err := requireID(op, id); err != nil {
		return nil, err
	}
	var out idStatus
	if err := c.call(ctx, apiCall{op: op, method: http.MethodPost, path: jobPath(id, suffix), policy: retryUnsafe}, &out); err != nil {
		return nil, err
	}
	return &JobStatus{ID: orString(out.ID, id), Status: NormalizeStatus(out.Status)}, nil
}

// JobSummary fetches GET .../summary. A 404 gives an error for which
// IsNotFound is true.
func (c *Client) JobSummary(ctx context.Context, id string) (*Summary, error) {
	const op = "get bulk job summary"
	if err := requireID(op, id); err != nil {
		return nil, err
	}
	var out wireSummary
	if err := c.call(ctx, apiCall{op: op, method: http.MethodGet, path: jobPath(id, "/summary"), policy: retryIdempotent}, &out); err != nil {
		return nil, err
	}
	s := out.summary()
	s.ID = orString(s.ID, id)
	return &s, nil
}

// ListJobSummaries follows nextPageCursor through .../summaries. status
// may be empty.
func (c *Client) ListJobSummaries(ctx context.Context, status string) ([]Summary, error) {
	var all []Summary
	err := c.eachSummaryPage(ctx, status, func(page []Summary) bool {
		all = append(all, page...)
		return true
	})
	return all, err
}

// ListRecentJobSummaries lists the jobs created at or after since (and
// those whose creation time Zuora does not report). Zuora does not document
// the listing's order; the emulator and the samples list newest first, and
// while the creation times seen so far agree, paging stops after the first
// page that reaches a job older than since, or one for which known reports
// true: a caller that holds an earlier listing only needs what is newer.
// A listing seen in any other order is read to its end.
func (c *Client) ListRecentJobSummaries(ctx context.Context, since time.Time, known func(id string) bool) ([]Summary, error) {
	var recent []Summary
	var prev time.Time
	newestFirst := true
	err := c.eachSummaryPage(ctx, "", func(page []Summary) bool {
		reachedOlder := false
		for _, s := range page {
			if !s.CreatedAt.IsZero() {
				newestFirst = newestFirst && (prev.IsZero() || !s.CreatedAt.After(prev))
				prev = s.CreatedAt
			}
			switch {
			case known != nil && known(s.ID):
				reachedOlder = true
			case !s.CreatedAt.IsZero() && s.CreatedAt.Before(since):
				reachedOlder = true
			default:
				recent = append(recent, s)
			}
		}
		return !reachedOlder || !newestFirst
	})
	return recent, err
}

// eachSummaryPage hands each page of .../summaries to page until it
// returns false or the cursor ends.
func (c *Client) eachSummaryPage(ctx context.Context, status string, page func([]Summary) bool) error {
	const op = "list bulk job summaries"
	seen := map[string]bool{}
	cursor := ""
	for n := 0; ; n++ {
		if n == maxSummaryPages {
			return fmt.Errorf("%s: gave up after %d pages", op, maxSummaryPages)
		}
		query := url.Values{}
		if status != "" {
			query.Set("status", status)
		}
		if cursor != "" {
			query.Set("cursor", cursor)
		}
		var out struct {
			Data           []wireSummary `json:"data"`
			NextPageCursor string        `json:"nextPageCursor"`
		}
		if err := c.call(ctx, apiCall{op: op, method: http.MethodGet, path: bulkJobsPath + "/summaries", query: query, policy: retryIdempotent}, &out); err != nil {
			return err
		}
		summaries := make([]Summary, 0, len(out.Data))
		for _, w := range out.Data {
			summaries = append(summaries, w.summary())
		}
		more := page(summaries)
		cursor = out.NextPageCursor
		if !more || cursor == "" || len(out.Data) == 0 {
			return nil
		}
		if seen[cursor] {
			return errors.New(op + ": the server repeated page cursor " + cursor)
		}
		seen[cursor] = true
	}
}

// JobDownloads fetches GET .../downloads.
func (c *Client) JobDownloads(ctx context.Context, id string) (*Downloads, error) {
	const op = "get bulk job downloads"
	if err := requireID(op, id); err != nil {
		return nil, err
	}
	var out struct {
		JobID           string `json:"jobId"`
		Status          string `json:"status"`
		SourceFile      string `json:"sourceFile"`
		ErrorRowsFile   string `json:"errorRowsFile"`
		SuccessRowsFile string `json:"successRowsFile"`
		Delimiter       string `json:"delimiter"`
	}
	if err := c.call(ctx, apiCall{op: op, method: http.MethodGet, path: jobPath(id, "/downloads"), policy: retryIdempotent}, &out); err != nil {
		return nil, err
	}
	return &Downloads{
		JobID: orString(out.JobID, id), Status: out.Status, SourceFile: out.SourceFile,
		ErrorRowsFile: out.ErrorRowsFile, SuccessRowsFile: out.SuccessRowsFile, Delimiter: out.Delimiter,
	}, nil
}

// JobMappings fetches GET .../mappings.
func (c *Client) JobMappings(ctx context.Context, id string) ([]Mapping, error) {
	const op = "get bulk job mappings"
	if err := requireID(op, id); err != nil {
		return nil, err
	}
	var out struct {
		Mappings []struct {
			Field  string `json:"field"`
			Column string `json:"column"`
		} `json:"mappings"`
	}
	if err := c.call(ctx, apiCall{op: op, method: http.MethodGet, path: jobPath(id, "/mappings"), policy: retryIdempotent}, &out); err != nil {
		return nil, err
	}
	mappings := make([]Mapping, 0, len(out.Mappings))
	for _, m := range out.Mappings {
		mappings = append(mappings, Mapping{Field: m.Field, Column: m.Column})
	}
	return mappings, nil
}
