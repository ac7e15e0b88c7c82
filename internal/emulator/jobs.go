package emulator

import (
	"net/http"
	"time"
)

// Job statuses as Zuora spells them.
const (
	statusCreated     = "Created"
	statusSubmitted   = "Submitted"
	statusInProgress  = "In Progress"
	statusAborting    = "Aborting"
	statusCompleted   = "Completed"
	statusFailed      = "Failed"
	statusAborted     = "Aborted"
	statusCancelled   = "Cancelled"
	statusDownloading = "Downloading"
)

var allStatuses = []string{statusCreated, statusSubmitted, statusInProgress, statusAborting,
	statusCompleted, statusFailed, statusAborted, statusCancelled, statusDownloading}

// job is a stored bulk job. Every field is guarded by Server.mu.
type job struct {
	seq         int
	id          string
	name        string
	description string
	object      *object
	jobType     string
	fileType    string
	csv         csvSpec
	namespace   string
	rowIDHeader string // create-job's rowIdHeader: a column (or JSON key) that is no field

	createdBy, submittedBy               string
	createdAt, submittedAt, lastUpdateAt time.Time

	status        string
	failureReason string
	rowCount      int
	succeeded     int
	failed        int

	// held: another user's job (AddOtherJobs) that keeps its status until
	// released; processing leaves it alone.
	held bool

	grant   *uploadGrant  // the presigned POST handed out at creation
	upload  *storedUpload // what was uploaded, nil until then
	run     *jobRun       // processing state while In Progress
	results resultPaths   // set once processing starts
}

// csvSpec is how a CSV upload is read.
type csvSpec struct {
	delimiter  rune
	hasHeaders bool
	headers    []string          // the header when hasHeaders is false
	mappings   map[string]string // column → field, from create-job mappings
	arrays     []string          // mapped columns of type array: "a|b" is two elements
}

func (j *job) view() JobView {
	v := JobView{
		ID: j.id, Name: j.name, Description: j.description,
		ObjectType: j.object.Type, JobType: j.jobType, FileType: j.fileType,
		Status: j.status, RowCount: j.rowCount, RowsSucceeded: j.succeeded, RowsFailed: j.failed,
		FailureReason: j.failureReason,
	}
	if j.upload != nil {
		u := j.upload.meta
		u.FieldOrder = append([]string(nil), u.FieldOrder...)
		v.Upload = &u
	}
	return v
}

func (j *job) touch(now time.Time) { j.lastUpdateAt = now }

// jobLocked finds a job by id. Caller holds s.mu.
func (s *Server) jobLocked(id string) *job { return s.jobs[id] }

// lockJob finds the job named in the path and returns it with s.mu held;
// for an unknown id it answers 404 and returns nil, not holding the lock.
func (s *Server) lockJob(w http.ResponseWriter, r *http.Request) *job {
	id := r.PathValue("id")
	s.mu.Lock()
	if j := s.jobLocked(id); j != nil {
		return j
	}
	s.mu.Unlock()
	writeReason(w, http.StatusNotFound, codeNotFound, "Bulk job '%s' not found", id)
	return nil
}

// isActive: the job still needs the processing loop.
func (j *job) isActive() bool {
	if j.held {
		return false
	}
	switch j.status {
	case statusSubmitted, statusInProgress, statusAborting:
		return true
	}
	return false
}
