package client

// CONTRACT STUBS. The owner of internal/client replaces each of these with
// the real implementation in its own file and deletes this file. Signatures
// are the contract that internal/provider codes against: keep them.

import (
	"context"
	"errors"
	"io"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

var errStub = errors.New("client: not implemented yet")

// Client talks to one Zuora tenant. Safe for concurrent use.
type Client struct{ cfg Config }

// New validates cfg and builds a client. It does not call Zuora.
func New(cfg Config) (*Client, error) { return &Client{cfg: cfg}, nil }

// Authenticate fetches a token now (OAuth) so that bad credentials fail at
// provider configuration. A no-op for a static token.
func (c *Client) Authenticate(ctx context.Context) error { return errStub }

// ListObjects lists loadable objects. Cached for the client's life.
func (c *Client) ListObjects(ctx context.Context) ([]Object, error) { return nil, errStub }

// ObjectFields returns the parsed field metadata of an object and action
// (Import, Update, Delete, Cancel). Cached per (object, action).
func (c *Client) ObjectFields(ctx context.Context, objectName, action string) (*fieldmeta.Node, error) {
	return nil, errStub
}

// CreateJob creates a bulk job; retried only where safe, with one
// Idempotency-Key across the retries.
func (c *Client) CreateJob(ctx context.Context, req CreateJobRequest) (*CreatedJob, error) {
	return nil, errStub
}

// Upload sends size bytes from open() to the target. open is called again
// for each attempt, so a file can be re-read from the start. The body is
// streamed: memory does not grow with size.
func (c *Client) Upload(ctx context.Context, target UploadTarget, filename string, size int64, open func() (io.ReadCloser, error)) error {
	return errStub
}

// SubmitJob submits an uploaded job (POST .../submissions).
func (c *Client) SubmitJob(ctx context.Context, id string) (*JobStatus, error) { return nil, errStub }

// JobSummary fetches GET .../summary. A 404 gives an error for which
// IsNotFound is true.
func (c *Client) JobSummary(ctx context.Context, id string) (*Summary, error) { return nil, errStub }

// ListJobSummaries follows nextPageCursor through .../summaries. status
// may be empty.
func (c *Client) ListJobSummaries(ctx context.Context, status string) ([]Summary, error) {
	return nil, errStub
}

// JobDownloads fetches GET .../downloads.
func (c *Client) JobDownloads(ctx context.Context, id string) (*Downloads, error) {
	return nil, errStub
}

// CancelJob posts .../cancellations; AbortJob posts .../aborts.
func (c *Client) CancelJob(ctx context.Context, id string) (*JobStatus, error) { return nil, errStub }
func (c *Client) AbortJob(ctx context.Context, id string) (*JobStatus, error)  { return nil, errStub }

// JobMappings fetches GET .../mappings.
func (c *Client) JobMappings(ctx context.Context, id string) ([]Mapping, error) { return nil, errStub }

// WaitForJob polls the summary until a terminal status, backing off from
// PollMin to PollMax with jitter and honouring Retry-After. progress, when
// not nil, sees every summary. On ctx's end it returns the last summary it
// saw together with ctx.Err().
func (c *Client) WaitForJob(ctx context.Context, id string, progress func(Summary)) (*Summary, error) {
	return nil, errStub
}

// FetchHead downloads at most maxBytes from a presigned result-file URL
// (no Authorization header: the URL carries its own credentials).
func (c *Client) FetchHead(ctx context.Context, url string, maxBytes int64) ([]byte, error) {
	return nil, errStub
}

// IsTerminal reports whether a status is final: Completed, Failed,
// Aborted or Cancelled (any casing).
func IsTerminal(status string) bool { return false }

// IsNotFound reports whether err is an *Error with HTTP 404.
func IsNotFound(err error) bool { return false }
