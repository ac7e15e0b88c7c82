package emulator

import "time"

// Credentials the emulator accepts when Options leave them empty. The
// provider's examples and the demo use them too.
const (
	DefaultClientID     = "emulator-client"
	DefaultClientSecret = "emulator-secret"
)

// Zuora's documented limits, used as defaults.
const (
	DefaultTokenLifetime  = time.Hour
	DefaultStepDelay      = 200 * time.Millisecond
	DefaultRowsPerStep    = 100
	DefaultMaxInProgress  = 5
	DefaultUploadExpiry   = 10 * time.Minute
	DefaultLinkLifetime   = time.Hour  // X-Amz-Expires=3600 in the guide's download links
	DefaultMaxUploadBytes = 2097152000 // the guide's content-length-range
	// DefaultRateLimitWindow: a rate limit counts per minute unless told
	// otherwise, as the rate-limits guide's RPM does.
	DefaultRateLimitWindow = time.Minute
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

	// UploadExpiry is how long a job's presigned upload policy stays valid
	// after the job is created. Default 10m, as Zuora's.
	UploadExpiry time.Duration

	// LinkLifetime is how long the presigned links of GET …/downloads
	// stay valid (X-Amz-Expires). Default 1h, as in Zuora's guide; tests
	// shorten it to see links renewed.
	LinkLifetime time.Duration

	// MaxUploadBytes is the policy's content-length-range maximum.
	// Default 2,097,152,000 bytes, as in the guide's policy.
	MaxUploadBytes int64

	// PutUploads makes create-job answer the CreateResponse's other
	// documented form: an uploadUrl taking a presigned PUT of the file,
	// instead of an uploadRequest for a presigned POST.
	PutUploads bool

	// Objects are served beside the built-in catalogue: a tenant's own
	// objects and field metadata (see ParseCatalogue). One that matches a
	// built-in object replaces its metadata for the actions it gives.
	Objects []ObjectMetadata

	// Profile is ProfileDefault ("" too) or ProfileReference: answer as
	// Zuora's published reference documents (profile.go): 404 for an
	// empty job list, lean list entries, 409 with the original body for a
	// replayed Idempotency-Key, uploadFileInfo on create, objectType
	// echoed in create-job's lower-case form, a 300 MB file limit, five
	// Submitted or In Progress jobs at most across all clients, and
	// RateLimit headers that run out.
	Profile string

	// OccupiedSlots jobs of another user (OtherUser) are In Progress from
	// the start and stay so until ReleaseOtherJobs, as a person's or
	// another workspace's jobs hold Data Loader's slots.
	OccupiedSlots int

	// RateLimit is the API calls allowed per RateLimitWindow; the
	// headers count down and a spent budget answers 429 until the window
	// resets. 0 means the profile's default (none for the default
	// profile; 2,500 a minute, an API Sandbox's, for the reference);
	// negative means none.
	RateLimit       int
	RateLimitWindow time.Duration

	// MaxPageSize is the largest `limit` the job list accepts. Default
	// 100, or 1,000 for the reference profile.
	MaxPageSize int

	// Dir is where uploads and result files are kept, in a fresh
	// subdirectory that Close removes. Default os.TempDir(); tests can
	// pass t.TempDir() so nothing outlives them even without Close.
	Dir string
}

func (o Options) withDefaults() Options {
	o = o.profileDefaults()
	if o.ClientID == "" {
		o.ClientID = DefaultClientID
	}
	if o.ClientSecret == "" {
		o.ClientSecret = DefaultClientSecret
	}
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = DefaultTokenLifetime
	}
	if o.StepDelay <= 0 {
		o.StepDelay = DefaultStepDelay
	}
	if o.RowsPerStep <= 0 {
		o.RowsPerStep = DefaultRowsPerStep
	}
	if o.MaxInProgress <= 0 {
		o.MaxInProgress = DefaultMaxInProgress
	}
	if o.UploadExpiry <= 0 {
		o.UploadExpiry = DefaultUploadExpiry
	}
	if o.LinkLifetime <= 0 {
		o.LinkLifetime = DefaultLinkLifetime
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if o.RateLimitWindow <= 0 {
		// Also for a default-profile RateLimit: a zero window would
		// reset on every call and never throttle.
		o.RateLimitWindow = DefaultRateLimitWindow
	}
	if o.MaxPageSize <= 0 {
		o.MaxPageSize = maxPageSize
	}
	return o
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
	Times      int           // how many requests it applies to; 0 means 1
	// AfterHandling: the request is handled (and its effect stored) and
	// only then answered with Status, or cut off by Reset: a lost
	// response. With Latency alone, the answer comes late, after the
	// effect is stored.
	AfterHandling bool
	// Reset closes the connection without an answer (a TCP reset), as a
	// proxy or a crashed gateway does.
	Reset bool
}

// Upload is what the S3 endpoint stored for a job.
type Upload struct {
	FieldOrder []string // form field names in the order received, file last
	Size       int64
	SHA256     string // hex
}

// JobView is a read-only snapshot of a stored job.
type JobView struct {
	ID, Name, Description, ObjectType, JobType, FileType, Status string
	Upload                                                       *Upload
	RowCount, RowsSucceeded, RowsFailed                          int
	FailureReason                                                string
}
