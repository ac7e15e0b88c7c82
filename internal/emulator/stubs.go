package emulator

// CONTRACT STUBS. The owner of internal/emulator replaces each of these with
// the real implementation in its own files and deletes this file. The
// provider's acceptance tests, the client's tests and cmd/zuora-emulator
// code against these signatures: keep them.

import (
	"net/http"
	"time"
)

// Options configure a Server. Zero values mean the documented defaults.
type Options struct {
	ClientID     string // accepted client id; default "emulator-client"
	ClientSecret string // accepted client secret; default "emulator-secret"

	TokenLifetime time.Duration // default 1h; tests use seconds

	// StepDelay is the pace of asynchronous processing: how long a job
	// stays Submitted, and how long each step of In Progress takes.
	// Default 200ms. RowsPerStep rows are processed per step (default 100).
	StepDelay   time.Duration
	RowsPerStep int

	// EpochTimestamps makes summaries answer timestamps as epoch
	// milliseconds (the OpenAPI form) instead of ISO-8601 strings (the
	// guide's form).
	EpochTimestamps bool

	// SummaryObjectName makes summaries echo objectType as the object's
	// objectName ("accounts-and-contacts"), as the guide's sample does.
	SummaryObjectName bool

	MaxInProgress int // default 5
}

// Counts is what the server has received, for tests to assert.
type Counts struct {
	TokensIssued  int
	JobsCreated   int // distinct jobs (an Idempotency-Key replay is not counted)
	Uploads       int // accepted uploads
	Submissions   int // accepted submissions (replays not counted)
	Cancellations int
	Aborts        int
	Requests      int // every request, including refused ones
}

// Fault makes the next Times requests matching Method and PathSuffix fail.
type Fault struct {
	Method     string        // "" matches any
	PathSuffix string        // e.g. "/submissions"; "" matches any
	Status     int           // e.g. 429, 503; 0 with Latency only delays
	RetryAfter string        // Retry-After header value, if any
	Latency    time.Duration // delay before answering
	Times      int           // how many requests it applies to
	// AfterHandling: the request is handled (and its effect stored) and
	// only then answered with Status: a lost response.
	AfterHandling bool
}

// Upload is what the S3 endpoint stored for a job.
type Upload struct {
	FieldOrder []string // form field names in the order received, file last
	Size       int64
	SHA256     string
}

// JobView is a read-only snapshot of a stored job.
type JobView struct {
	ID, Name, Description, ObjectType, JobType, FileType, Status string
	Upload                                                       *Upload
	RowCount, RowsSucceeded, RowsFailed                          int
}

// Server is the emulator. It is an http.Handler; uploads are served under
// the same base URL, so one listener is all it needs.
type Server struct{ opts Options }

// New builds a server with the built-in catalogue.
func New(opts Options) *Server { return &Server{opts: opts} }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }

// Counts returns a snapshot of what was received.
func (s *Server) Counts() Counts { return Counts{} }

// InjectFault queues a fault.
func (s *Server) InjectFault(f Fault) {}

// Job returns a stored job by id.
func (s *Server) Job(id string) (JobView, bool) { return JobView{}, false }

// Jobs lists stored jobs in creation order.
func (s *Server) Jobs() []JobView { return nil }

// Records returns the records stored for an objectType by Import jobs
// (and changed by Update and Delete jobs), each as its JSON fields plus
// "Id".
func (s *Server) Records(objectType string) []map[string]any { return nil }

// IssueToken mints a valid access token directly, for tests of the static
// access_token configuration.
func (s *Server) IssueToken() string { return "" }

// ExpireTokens makes every token issued so far expired (answered with 401).
func (s *Server) ExpireTokens() {}

// SetPaused stops (true) or resumes (false) asynchronous processing, so a
// test can hold a job in Submitted or In Progress.
func (s *Server) SetPaused(paused bool) {}
