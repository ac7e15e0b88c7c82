package loadguard

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Finding is what the tenant holds for one load identity.
type Finding struct {
	Match   *client.Summary  // a job that holds these bytes
	Running []client.Summary // unfinished jobs whose file cannot be read yet
	// Orphans are never-submitted jobs of this file (they carry its
	// marker) older than an upload can take: the caller cancels those
	// IsOrphan shows to be this provider's, once it knows its user.
	Orphans []client.Summary
	// Unsubmitted are Created jobs with the resource's name but without
	// this file's marker: a person may be preparing them; left alone.
	Unsubmitted []client.Summary
	// Stopped jobs (Failed, Aborted) that loaded rows and whose file Zuora
	// does not show: they may hold this file, and nothing can tell.
	Unconfirmed []client.Summary
}

// Find looks for a job in the tenant that already loaded id (the rule is
// in the package doc). fresh asks Zuora for jobs newer than the cached
// list (a create does, right before creating a job). A guard that is off,
// or an identity without a hash, finds nothing.
func (g *Registry) Find(ctx context.Context, id Identity, fresh bool) (Finding, error) {
	var f Finding
	if !g.Enabled() || id.SHA256 == "" {
		return f, nil
	}
	jobs, err := g.recent(ctx, fresh)
	if err != nil {
		return f, fmt.Errorf("listing the tenant's bulk jobs of the last %d days to find an earlier load of this file: %w", g.Days(), err)
	}
	g.NoteJudged(id, jobs)
	for _, s := range g.Candidates(ctx, jobs, id) {
		if !worthALook(s, id) {
			continue
		}
		s, same := g.complete(ctx, s, id)
		if !same {
			continue // the job's own summary names another object or job type
		}
		switch status := s.Status; {
		case status == client.StatusCreated:
			g.judgeCreated(&f, s, id, time.Now())
		case !client.IsTerminal(status):
			if h, ok := g.knownHash(s.ID); ok {
				if h.same(id) {
					return withMatch(f, s), nil
				}
				continue
			}
			f.Running = append(f.Running, s)
		case s.RowsSucceeded == 0 && status != client.StatusCompleted:
			// Failed or Aborted before loading anything: nothing to protect.
		default:
			same, shown, err := g.holdsFile(ctx, s.ID, id)
			switch {
			case err != nil:
				return f, err
			case same:
				return withMatch(f, s), nil
			case !shown && s.RowsSucceeded > 0:
				// Within the window Zuora still keeps the file (it keeps
				// uploaded files 12 months), so a Completed job without
				// one is an anomaly, not proof of another file.
				f.Unconfirmed = append(f.Unconfirmed, s)
			}
		}
	}
	return f, nil
}

// worthALook: could s be a load of id, from what its list entry shows?
// Cancelled jobs loaded nothing; a Created job matters only as an orphan
// with the resource's name; any other job must have a row count that can
// be this file's.
func worthALook(s client.Summary, id Identity) bool {
	switch s.Status {
	case client.StatusCancelled:
		return false
	case client.StatusCreated:
		// This file's marker (a run in flight, or an orphan), or the
		// resource's name without one (a person's job, left alone).
		return CarriesMarker(s.Name, id.SHA256) || UnmarkedName(s.Name) == id.Name
	}
	return PlausibleRowCount(s.RowCount, id.Rows)
}

// Candidates are the jobs that may load id's object with id's job type
// and were not undone by a teardown, in the order Find tries them. Only a
// positive mismatch rules a job out: a list entry without objectType or
// jobType (getBulkJobSummaries' sample entries carry neither), or object
// spellings that cannot be told apart, stay candidates and the hash
// decides.
func (g *Registry) Candidates(ctx context.Context, jobs []client.Summary, id Identity) []client.Summary {
	undone := UndoneImports(jobs)
	var candidates []client.Summary
	for _, s := range jobs {
		if undone[s.ID] || g.mismatch(ctx, s, id) {
			continue
		}
		candidates = append(candidates, s)
	}
	OrderCandidates(candidates, id.Name)
	return candidates
}

func withMatch(f Finding, s client.Summary) Finding {
	f.Match = &s
	f.Running, f.Unconfirmed = nil, nil
	return f
}

// UndoneImports are the imports whose records a teardown job deleted, all
// of them: loading their file again is no duplicate. A teardown that left
// records behind undid nothing for sure, so its import still counts.
func UndoneImports(jobs []client.Summary) map[string]bool {
	undone := map[string]bool{}
	byID := map[string]client.Summary{}
	for _, s := range jobs {
		byID[s.ID] = s
	}
	for _, s := range jobs {
		importID, ok := completedTeardown(s)
		if !ok || s.RowsFailed > 0 {
			continue
		}
		if imp, known := byID[importID]; known {
			if same, sure := client.SameObject(imp.ObjectType, s.ObjectType); sure && !same {
				continue
			}
		}
		undone[importID] = true
	}
	return undone
}

// OrderCandidates puts jobs with the resource's name first, then the
// newest: the likeliest match is confirmed first.
func OrderCandidates(jobs []client.Summary, name string) {
	sort.SliceStable(jobs, func(i, j int) bool {
		if ni, nj := UnmarkedName(jobs[i].Name) == name, UnmarkedName(jobs[j].Name) == name; ni != nj {
			return ni
		}
		return jobs[i].CreatedAt.After(jobs[j].CreatedAt)
	})
}

// PlausibleRowCount: could a job whose summary counts jobRows rows hold a
// file in which the plan counted fileRows? Zuora does not document whether
// a CSV header row counts, so one row more is still a candidate (the hash
// decides); 0 on either side means not counted yet.
func PlausibleRowCount(jobRows, fileRows int64) bool {
	return jobRows == 0 || fileRows == 0 || jobRows == fileRows || jobRows == fileRows+1
}
