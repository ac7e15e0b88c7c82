package client

import (
	"context"
	"strings"
)

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
	// "Canceled" is the American spelling IsTerminal has always accepted;
	// Zuora's pages write Cancelled, so it is read as that one status.
	if strings.EqualFold(strings.TrimSpace(s), "Canceled") {
		return StatusCancelled
	}
	return canonical(s, JobStatuses)
}

// NormalizeJobType spells a job type Import, Update, Delete or Cancel,
// whatever casing an answer used; an unknown one is returned as given.
func NormalizeJobType(s string) string {
	return canonical(s, JobTypes)
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
	// Only trimmed: which of its two spellings (objectType or objectName)
	// Zuora echoed is known to the catalogue alone (ObjectTypeFor).
	s.ObjectType = strings.TrimSpace(s.ObjectType)
	return s
}

// Zuora names each loadable object twice, objectType ("Account", what
// create-job takes) and objectName ("accounts-and-contacts"), and a job
// summary may echo either. The methods below treat the two as one, using
// the cached catalogue (ListObjects).

// FindObject prefers an exact objectType, then a case-insensitive
// objectType, then objectName: Zuora's catalogue spells types
// inconsistently ("Account", "accountingcode"), so users cannot be
// expected to guess the casing.
func FindObject(objects []Object, name string) (Object, bool) {
	name = strings.TrimSpace(name)
	matchers := []func(Object) bool{
		func(o Object) bool { return o.Type == name },
		func(o Object) bool { return strings.EqualFold(o.Type, name) },
		func(o Object) bool { return strings.EqualFold(o.Name, name) },
	}
	for _, match := range matchers {
		for _, o := range objects {
			if match(o) {
				return o, true
			}
		}
	}
	return Object{}, false
}

// LookupObject finds an object in the cached catalogue; false when it is
// unknown, the catalogue cannot be read, or c is nil (not configured).
func (c *Client) LookupObject(ctx context.Context, name string) (Object, bool) {
	if c == nil || name == "" { // a lean list entry names none
		return Object{}, false
	}
	objects, err := c.sharedObjects(ctx, FileTypeJSONL)
	if err != nil {
		return Object{}, false
	}
	return FindObject(objects, name)
}

// SameObject reports whether a and b name one object. same is true when
// they name it in any spelling Zuora uses (create-job's reference lists
// lower-case hyphenated names; summaries echo either spelling); known is
// true when the answer is certain. same=false with known=false means
// "cannot tell": a caller deciding whether a job may be a duplicate treats
// it as a possible match and lets the file's hash decide. The package
// tables answer first, then the tenant's catalogue (fetched once and
// cached), which covers custom objects and names the tables do not know.
func (c *Client) SameObject(ctx context.Context, a, b string) (same, known bool) {
	if same, known = SameObject(a, b); same || known {
		return same, known
	}
	if c == nil || a == "" || b == "" { // a lean list entry names none
		return false, false
	}
	objects, err := c.sharedObjects(ctx, FileTypeJSONL)
	if err != nil {
		return false, false
	}
	oa, okA := catalogueEntry(objects, a)
	ob, okB := catalogueEntry(objects, b)
	if okA && okB {
		return oa.Name == ob.Name, true
	}
	return false, false
}

// ObjectTypeFor is the create-job spelling of an object Zuora echoed in
// either spelling; the echo itself when the catalogue does not know it.
func (c *Client) ObjectTypeFor(ctx context.Context, echoed string) string {
	if o, ok := c.LookupObject(ctx, echoed); ok {
		return o.Type
	}
	return echoed
}
