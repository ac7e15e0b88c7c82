package loadguard

import (
	"context"
	"fmt"
	"strings"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

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

// completedTeardown is the import a Completed teardown job undoes; ok is
// false for any other job. A lean list entry has no jobType: the
// teardown's name says it.
func completedTeardown(s client.Summary) (importID string, ok bool) {
	importID, ok = UndoneImportID(s.Name)
	return importID, ok && (s.JobType == "" || s.JobType == "Delete") && s.Status == client.StatusCompleted
}

// Teardown is the Completed teardown job of import importID among the
// tenant's jobs of the window (listed once per run, as Find lists them),
// preferring one that deleted every row; nil when there is none or the
// guard is off. It lets a refresh see that another resource, or another
// state, deleted the records an import loaded.
func (g *Registry) Teardown(ctx context.Context, importID string) (*client.Summary, error) {
	if !g.Enabled() || importID == "" {
		return nil, nil
	}
	jobs, err := g.recent(ctx, false)
	if err != nil {
		return nil, fmt.Errorf("listing the tenant's bulk jobs of the last %d days to find a teardown of bulk job %s: %w", g.Days(), importID, err)
	}
	var best *client.Summary
	for i := range jobs {
		s := &jobs[i]
		if of, ok := completedTeardown(*s); !ok || of != importID {
			continue
		}
		if best == nil || betterTeardown(s, best) {
			best = s
		}
	}
	return best, nil
}

// betterTeardown: a teardown that deleted every row tells more than one
// that did not; between two alike, the newer.
func betterTeardown(a, b *client.Summary) bool {
	if complete := a.RowsFailed == 0; complete != (b.RowsFailed == 0) {
		return complete
	}
	return a.CreatedAt.After(b.CreatedAt)
}
