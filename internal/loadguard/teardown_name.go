package loadguard

import "strings"

// teardownNamePrefix starts the name of the Delete job that on_destroy =
// "delete_records" runs. The name is the only link Zuora keeps between a
// teardown and the import it undoes, so the guard reads it to skip imports
// whose records were deleted.
const teardownNamePrefix = "delete records of "

// TeardownName names the Delete job that undoes import job importID.
func TeardownName(importID string) string {
	return teardownNamePrefix + importID
}

// UndoneImportID is the import a teardown job's name says it undoes.
func UndoneImportID(jobName string) (string, bool) {
	id, ok := strings.CutPrefix(jobName, teardownNamePrefix)
	return id, ok && id != ""
}
