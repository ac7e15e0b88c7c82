package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

const bulkJobsPath = "/bulk-data/bulk-jobs"

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

// CreateJob creates a bulk job. It is retried only where Zuora cannot have
// acted, and every attempt carries the same Idempotency-Key. When the
// answer names a job but no upload target, the job comes back with the
// error so that the caller can cancel it.
func (c *Client) CreateJob(ctx context.Context, req CreateJobRequest) (*CreatedJob, error) {
	const op = "create bulk job"
	wire := createJobBody(req)
	if err := csvOptions(&wire); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	body, err := jsonBody(wire)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	var out createJobAnswer
	if err := c.call(ctx, apiCall{op: op, method: http.MethodPost, path: bulkJobsPath, body: body, policy: retryUnsafe}, &out); err != nil {
		return nil, err
	}
	job := &CreatedJob{ID: out.jobID(), Status: NormalizeStatus(out.Status), JobType: NormalizeJobType(out.JobType), Upload: out.target()}
	if job.ID == "" {
		return job, &Error{Operation: op, StatusCode: http.StatusOK, Reasons: []Reason{{Message: "the answer carried no job id"}}}
	}
	if job.Upload.URI == "" && job.Upload.PutURL == "" {
		return job, &Error{Operation: op, StatusCode: http.StatusOK,
			Reasons: []Reason{{Message: "job " + job.ID + " was created but the answer carried neither uploadRequest, uploadFileInfo nor uploadUrl"}}}
	}
	return job, nil
}

type idStatus struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// SubmitJob submits an uploaded job (POST .../submissions).
// A refusal for the five-job limit is a *SlotLimitError (IsSlotLimit).
func (c *Client) SubmitJob(ctx context.Context, id string) (*JobStatus, error) {
	st, err := c.changeJob(ctx, "submit bulk job", id, "/submissions")
	return st, asSlotLimit(err)
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
		JobID: orString(out.JobID, id), Status: NormalizeStatus(out.Status), SourceFile: out.SourceFile,
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
