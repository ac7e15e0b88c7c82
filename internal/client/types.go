package client

import (
	"net/http"
	"time"
)

// Config is everything New needs. Zero values mean the documented defaults.
type Config struct {
	BaseURL string // e.g. https://rest.zuora.com, no trailing slash needed

	// OAuth client credentials, or a static bearer token.
	ClientID     string
	ClientSecret string
	AccessToken  string

	EntityID string   // sent as Zuora-Entity-Ids when set
	OrgIDs   []string // sent comma-joined as Zuora-Org-Ids when set

	MaxRetries   int           // default 4; 0 after defaulting means "use default", use -1 for none
	RetryWaitMin time.Duration // default 1s; tests set milliseconds
	RetryWaitMax time.Duration // default 30s
	MaxRetryWait time.Duration // the most one call waits between its attempts in all, default 5m

	PollMin time.Duration // WaitForJob's first interval, default 1s
	PollMax time.Duration // WaitForJob's longest interval, default 10s

	UserAgent string // full header value, built by the provider

	// HTTPClient replaces the pooled cleanhttp transport (tests only).
	HTTPClient *http.Client
}

// Object is one loadable object from GET /data-loader/metadata/json/objects
// or …/csv/objects.
type Object struct {
	Name    string   // objectName, e.g. "accounts-and-contacts"
	Type    string   // objectType, e.g. "Account"; what create-job takes
	Actions []string // actionsSupported as Zuora sent them, e.g. "import"
	Label   string   // the CSV list's label ("Accounts and Contacts"); may be empty
}

// CreateJobRequest is the body of POST /bulk-data/bulk-jobs. Empty and nil
// members are omitted.
type CreateJobRequest struct {
	Name        string
	Description string
	ObjectType  string
	JobType     string // Import, Update, Delete, Cancel
	FileType    string // jsonl, csv
	Delimiter   string
	HasHeaders  *bool
	Headers     []string
	// Mappings map source columns (or JSON keys) to field paths;
	// RowIDHeader names the column whose value identifies a row in the
	// result files (createbulkjob).
	Mappings              []ColumnMapping
	RowIDHeader           string
	IsCustomObject        *bool
	CustomObjectNamespace string
}

// ColumnMapping is one of create-job's mappings: the source column and
// the target field, with type "array" and the element's arrayType for
// arrays. (Mapping is what GET …/mappings answers.)
type ColumnMapping struct {
	Source    string `json:"source"`
	Target    string `json:"target"`
	Type      string `json:"type,omitempty"`
	ArrayType string `json:"arrayType,omitempty"`
}

// FormField is one presigned-POST form field, kept in the order Zuora sent.
type FormField struct {
	Name  string
	Value string
}

// UploadTarget says where the file goes: a presigned S3 POST (URI+Fields)
// or, when only uploadUrl was given, a PUT to PutURL.
type UploadTarget struct {
	URI    string
	Fields []FormField
	PutURL string
}

// CreatedJob is the answer to create-job.
type CreatedJob struct {
	ID      string
	Status  string
	JobType string
	Upload  UploadTarget
}

// JobStatus is the {id, status} answer of submit, cancel and abort.
type JobStatus struct {
	ID     string
	Status string
}

// Summary is a job summary, from .../summary or an entry of .../summaries.
// Timestamps are parsed from epoch numbers (seconds or milliseconds) or ISO
// strings; the zero time means Zuora sent none.
type Summary struct {
	ID                    string
	Name                  string
	Description           string
	Status                string
	ObjectType            string
	JobType               string
	FileType              string
	FailureReason         string
	CreatedBy             string
	SubmittedBy           string
	RowCount              int64
	RowsSucceeded         int64
	RowsFailed            int64
	CreatedAt             time.Time
	SubmittedAt           time.Time
	LastUpdatedAt         time.Time
	IsCustomObject        bool
	CustomObjectNamespace string
	DataSourceType        string
	SystemType            string
}

// Downloads holds the result-file links of GET .../downloads.
type Downloads struct {
	JobID           string
	Status          string
	SourceFile      string
	ErrorRowsFile   string
	SuccessRowsFile string
	Delimiter       string
}

// Mapping is one entry of GET .../mappings.
type Mapping struct {
	Field  string
	Column string
}

// Job statuses as Zuora spells them.
const (
	StatusCreated     = "Created"
	StatusSubmitted   = "Submitted"
	StatusInProgress  = "In Progress"
	StatusAborting    = "Aborting"
	StatusCompleted   = "Completed"
	StatusFailed      = "Failed"
	StatusAborted     = "Aborted"
	StatusCancelled   = "Cancelled" //nolint:misspell // Zuora's spelling
	StatusDownloading = "Downloading"
)
