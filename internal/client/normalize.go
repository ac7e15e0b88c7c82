package client

import "strings"

// Zuora's answers spell statuses and job types in more than one way
// ("In Progress", "IN_PROGRESS", "InProgress"; "import", "Import"), and
// the pages (bulk-jobs reference, summaries samples) show several. The
// client spells them the documented way once, where it decodes an answer,
// so no caller compares spellings.

// JobStatuses are the statuses Zuora documents, in their spelling.
var JobStatuses = []string{
	StatusCreated, StatusSubmitted, StatusInProgress,
	StatusAborting, StatusCompleted, StatusFailed,
	StatusAborted, StatusCancelled, StatusDownloading,
}

// JobTypes are the job types Zuora documents, in their spelling.
var JobTypes = []string{"Import", "Update", "Delete", "Cancel"}

// NormalizeStatus spells a job status the way Zuora documents it ("In
// Progress", "Cancelled"), whatever casing, underscores or spacing an
// answer used; an unknown status is returned as given.
func NormalizeStatus(s string) string {
	return canonical(s, JobStatuses)
}

// NormalizeJobType spells a job type Import, Update, Delete or Cancel,
// whatever casing an answer used; an unknown one is returned as given.
func NormalizeJobType(s string) string {
	return canonical(s, JobTypes)
}

// normalizeObject trims the object an answer names; which of its two
// spellings (objectType or objectName) Zuora echoed is only known to the
// catalogue, so that is left to the caller.
func normalizeObject(s string) string {
	return strings.TrimSpace(s)
}

func canonical(s string, known []string) string {
	squashed := strings.ReplaceAll(strings.TrimSpace(s), "_", " ")
	for _, k := range known {
		if strings.EqualFold(squashed, k) || strings.EqualFold(strings.ReplaceAll(squashed, " ", ""), strings.ReplaceAll(k, " ", "")) {
			return k
		}
	}
	return s
}

// normalized is s with its status, job type and object spelled once.
func (s Summary) normalized() Summary {
	s.Status = NormalizeStatus(s.Status)
	s.JobType = NormalizeJobType(s.JobType)
	s.ObjectType = normalizeObject(s.ObjectType)
	return s
}
