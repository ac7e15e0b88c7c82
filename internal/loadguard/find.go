package loadguard

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

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
	g.noteJudged(id, jobs)
	for _, s := range g.Candidates(ctx, jobs, id) {
		switch status := s.Status; {
		case status == client.StatusCancelled:
		case status == client.StatusCreated:
			g.judgeCreated(&f, s, id, time.Now())
		case !PlausibleRowCount(s.RowCount, id.Rows):
			// Another file: Zuora counted other rows.
		case !client.IsTerminal(status):
			if sha, ok := g.knownHash(s.ID); ok {
				if sha == id.SHA256 {
					return withMatch(f, s), nil
				}
				continue
			}
			f.Running = append(f.Running, s)
		case status != client.StatusCompleted && s.RowsSucceeded == 0:
			// Failed or Aborted before loading anything: nothing to protect.
		default:
			same, shown, err := g.holdsFile(ctx, s.ID, id)
			switch {
			case err != nil:
				return f, err
			case same:
				return withMatch(f, s), nil
			case !shown && status != client.StatusCompleted:
				f.Unconfirmed = append(f.Unconfirmed, s)
			}
		}
	}
	return f, nil
}

// Candidates are the jobs that load id's object with id's job type and
// were not undone by a teardown, in the order Find tries them.
func (g *Registry) Candidates(ctx context.Context, jobs []client.Summary, id Identity) []client.Summary {
	undone := UndoneImports(jobs)
	var candidates []client.Summary
	for _, s := range jobs {
		if same, _ := g.zuora.SameObject(ctx, s.ObjectType, id.ObjectType); s.JobType != id.JobType || !same || undone[s.ID] {
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

// holdsFile hashes the file Zuora holds for a finished job, once per run.
// shown is false when Zuora provides no file for it. A file larger than
// the one to load is not read to its end.
func (g *Registry) holdsFile(ctx context.Context, jobID string, id Identity) (same, shown bool, err error) {
	if sha, ok := g.knownHash(jobID); ok {
		return sha == id.SHA256, true, nil
	}
	dl, err := g.zuora.JobDownloads(ctx, jobID)
	if client.IsNotFound(err) || (err == nil && dl.SourceFile == "") {
		tflog.Debug(ctx, "duplicate guard: Zuora provides no source file for the job", map[string]any{"job_id": jobID})
		return false, false, nil
	}
	if err != nil {
		return false, false, fmt.Errorf("reading the links of bulk job %s, which may hold this file: %w", jobID, err)
	}
	sha, size, err := g.zuora.HashFile(ctx, dl.SourceFile, id.Size)
	if err != nil && size > id.Size {
		return false, true, nil // larger than the file to load, so not the same
	}
	if err != nil {
		return false, false, fmt.Errorf("hashing the file of bulk job %s, which may hold this file: %w", jobID, err)
	}
	g.noteHash(jobID, sha)
	tflog.Debug(ctx, "duplicate guard: hashed a candidate's file", map[string]any{"job_id": jobID, "sha256": sha, "bytes": size})
	return sha == id.SHA256, true, nil
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
		importID, ok := UndoneImportID(s.Name)
		if !ok || s.JobType != "Delete" || s.Status != client.StatusCompleted || s.RowsFailed > 0 {
			continue
		}
		if imp, known := byID[importID]; known && !strings.EqualFold(imp.ObjectType, s.ObjectType) {
			continue
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
