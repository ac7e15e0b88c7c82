package emulator

import (
	"net/http"
	"time"
)

// idStatus is IdStatusResponse, also the shape of SubmitBulkJobResponse.
type idStatus struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	JobType string `json:"jobType,omitempty"`
}

// transition runs change on the job named in the path, under the lock,
// and answers {id, status}. change returns a refusal message, or "".
func (s *Server) transition(w http.ResponseWriter, r *http.Request, withJobType bool, change func(j *job, now time.Time) string) {
	j := s.lockJob(w, r)
	if j == nil {
		return
	}
	if msg := change(j, time.Now()); msg != "" {
		s.mu.Unlock()
		writeReason(w, http.StatusBadRequest, codeRuleRestriction, "%s", msg)
		return
	}
	resp := idStatus{ID: j.id, Status: j.status}
	if withJobType {
		resp.JobType = j.jobType
	}
	s.kickLocked()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

// handleSubmit is POST …/{id}/submissions: only a Created job with an
// upload can be submitted.
func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	user := userID(clientOf(r))
	s.transition(w, r, true, func(j *job, now time.Time) string {
		switch {
		case j.status != statusCreated:
			return "Bulk job " + j.id + " cannot be submitted in status " + j.status + "; only a Created job can be submitted"
		case j.upload == nil:
			return "Bulk job " + j.id + " has no uploaded file; upload the file with the job's uploadRequest before submitting"
		case s.isReference() && s.runningLocked() >= ReferenceMaxSubmitted:
			return slotRefusal(s.runningLocked())
		}
		j.status = statusSubmitted
		j.submittedAt, j.submittedBy = now, user
		j.touch(now)
		s.counts.Submissions++
		s.noteRunningLocked()
		return ""
	})
}

// handleCancel is POST …/{id}/cancellations: only before In Progress.
func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	s.transition(w, r, false, func(j *job, now time.Time) string {
		if j.status != statusCreated && j.status != statusSubmitted {
			hint := ""
			if j.status == statusInProgress {
				hint = "; abort it instead"
			}
			return "Bulk job " + j.id + " cannot be cancelled in status " + j.status + hint
		}
		j.status = statusCancelled
		j.touch(now)
		s.counts.Cancellations++
		return ""
	})
}

// handleAbort is POST …/{id}/aborts: In Progress becomes Aborting, and the
// processing loop stops it (Aborted) at its next step.
func (s *Server) handleAbort(w http.ResponseWriter, r *http.Request) {
	s.transition(w, r, false, func(j *job, now time.Time) string {
		if j.status != statusInProgress {
			hint := ""
			if j.status == statusCreated || j.status == statusSubmitted {
				hint = "; cancel it instead"
			}
			return "Bulk job " + j.id + " cannot be aborted in status " + j.status + hint
		}
		j.status = statusAborting
		j.touch(now)
		s.counts.Aborts++
		return ""
	})
}
