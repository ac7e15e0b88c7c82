package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// loadIdentity is what makes two loads the same: the same bytes into the
// same object with the same job type. Name only orders the candidates;
// Rows and Size, when known, skip candidates without a download.
type loadIdentity struct {
	ObjectType, JobType, SHA256 string
	Size                        int64
	Rows                        int64
	Name                        string
}

func (id loadIdentity) key() string {
	return strings.ToLower(id.ObjectType) + "\x00" + id.JobType + "\x00" + id.SHA256
}

// loadRegistry is what one provider run knows about the tenant's jobs:
// the list within the window (fetched once, then only what is newer), the
// hashes of files already confirmed, and the jobs this run created.
type loadRegistry struct {
	window time.Duration // 0: the guard is off

	mu     sync.Mutex
	listed bool
	jobs   map[string]client.Summary
	hashes map[string]string // job id → SHA-256 of the file Zuora holds
	own    map[string]bool   // jobs this run created
	rows   map[string]int64  // SHA-256 → rows plan counted in the file
	locks  map[string]*sync.Mutex
}

func newLoadRegistry(days int) *loadRegistry {
	return &loadRegistry{
		window: time.Duration(days) * 24 * time.Hour,
		jobs:   map[string]client.Summary{}, hashes: map[string]string{},
		own: map[string]bool{}, rows: map[string]int64{}, locks: map[string]*sync.Mutex{},
	}
}

func (g *loadRegistry) enabled() bool { return g != nil && g.window > 0 }

// lock serializes the guard and the job creation of one identity within
// this run, so two resources loading the same file never both create a job.
func (g *loadRegistry) lock(id loadIdentity) (unlock func()) {
	g.mu.Lock()
	l, ok := g.locks[id.key()]
	if !ok {
		l = &sync.Mutex{}
		g.locks[id.key()] = l
	}
	g.mu.Unlock()
	l.Lock()
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

// created records a job this run made, with the hash of what it uploaded,
// so later guards confirm it without waiting for it or downloading it.
func (g *loadRegistry) created(s client.Summary, sha string) {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.jobs[s.ID], g.own[s.ID] = s, true
	if sha != "" {
		g.hashes[s.ID] = sha
	}
}

// seen updates what the run knows of a job.
func (g *loadRegistry) seen(s client.Summary) {
	if g == nil {
		return
	}
	g.mu.Lock()
	g.jobs[s.ID] = s
	g.mu.Unlock()
}

func (g *loadRegistry) noteRows(sha string, rows int64) {
	if g == nil || sha == "" {
		return
	}
	g.mu.Lock()
	g.rows[sha] = rows
	g.mu.Unlock()
}

func (g *loadRegistry) rowsOf(sha string) int64 {
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.rows[sha]
}

// recent lists the tenant's jobs within the window. The first call lists
// them all; fresh asks Zuora again for the jobs newer than those known.
func (g *loadRegistry) recent(ctx context.Context, c *client.Client, fresh bool) ([]client.Summary, error) {
	g.mu.Lock()
	listed := g.listed
	g.mu.Unlock()
	if !listed || fresh {
		known := func(id string) bool {
			g.mu.Lock()
			defer g.mu.Unlock()
			return listed && g.jobs[id].ID != "" && !g.own[id]
		}
		got, err := c.ListRecentJobSummaries(ctx, time.Now().Add(-g.window), known)
		if err != nil {
			return nil, err
		}
		g.mu.Lock()
		for _, s := range got {
			g.jobs[s.ID] = s
		}
		g.listed = true
		g.mu.Unlock()
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]client.Summary, 0, len(g.jobs))
	for _, s := range g.jobs {
		out = append(out, s)
	}
	return out, nil
}

func (g *loadRegistry) knownHash(id string) (string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	sha, ok := g.hashes[id]
	return sha, ok
}

func (g *loadRegistry) isOwn(id string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.own[id]
}

// guardFinding is what the tenant holds for one load identity.
type guardFinding struct {
	Match   *client.Summary  // a job that holds these bytes
	Running []client.Summary // unfinished jobs whose file cannot be read yet
	Orphans []client.Summary // never-submitted jobs an earlier apply left
	// Stopped jobs (Failed, Aborted) that loaded rows and whose file Zuora
	// does not show: they may hold this file, and nothing can tell.
	Unconfirmed []client.Summary
}

// findLoad looks for a job in the tenant that already loaded id. fresh
// asks Zuora for jobs newer than the cached list (Create does, right
// before creating a job).
func (pd *providerData) findLoad(ctx context.Context, id loadIdentity, fresh bool) (guardFinding, error) {
	var f guardFinding
	g := pd.loads
	if !g.enabled() || id.SHA256 == "" {
		return f, nil
	}
	jobs, err := g.recent(ctx, pd.client, fresh)
	if err != nil {
		return f, fmt.Errorf("listing the tenant's bulk jobs of the last %d days to find an earlier load of this file: %w",
			int(g.window.Hours()/24), err)
	}
	undone := undoneImports(jobs)
	var candidates []client.Summary
	for _, s := range jobs {
		if s.JobType != id.JobType || !pd.sameObject(ctx, s.ObjectType, id.ObjectType) || undone[s.ID] {
			continue
		}
		candidates = append(candidates, s)
	}
	orderCandidates(candidates, id.Name)

	for _, s := range candidates {
		switch status := s.Status; {
		case status == client.StatusCancelled:
		case status == client.StatusCreated:
			if s.Name == id.Name && !g.isOwn(s.ID) {
				f.Orphans = append(f.Orphans, s)
			}
		case !plausibleRowCount(s.RowCount, id.Rows):
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
			same, shown, err := pd.holdsFile(ctx, s.ID, id)
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

func withMatch(f guardFinding, s client.Summary) guardFinding {
	f.Match = &s
	f.Running, f.Unconfirmed = nil, nil
	return f
}

// holdsFile hashes the file Zuora holds for a finished job, once per run.
// shown is false when Zuora provides no file for it. A file larger than
// the one to load is not read to its end.
func (pd *providerData) holdsFile(ctx context.Context, jobID string, id loadIdentity) (same, shown bool, err error) {
	g := pd.loads
	if sha, ok := g.knownHash(jobID); ok {
		return sha == id.SHA256, true, nil
	}
	dl, err := pd.client.JobDownloads(ctx, jobID)
	if client.IsNotFound(err) || (err == nil && dl.SourceFile == "") {
		tflog.Debug(ctx, "duplicate guard: Zuora provides no source file for the job", map[string]any{"job_id": jobID})
		return false, false, nil
	}
	if err != nil {
		return false, false, fmt.Errorf("reading the links of bulk job %s, which may hold this file: %w", jobID, err)
	}
	sha, size, err := pd.client.HashFile(ctx, dl.SourceFile, id.Size)
	if err != nil && size > id.Size {
		return false, true, nil // larger than the file to load, so not the same
	}
	if err != nil {
		return false, false, fmt.Errorf("hashing the file of bulk job %s, which may hold this file: %w", jobID, err)
	}
	g.mu.Lock()
	g.hashes[jobID] = sha
	g.mu.Unlock()
	tflog.Debug(ctx, "duplicate guard: hashed a candidate's file", map[string]any{"job_id": jobID, "sha256": sha, "bytes": size})
	return sha == id.SHA256, true, nil
}

// undoneImports are the imports whose records a teardown job deleted, all
// of them: loading their file again is no duplicate. A teardown that left
// records behind undid nothing for sure, so its import still counts.
func undoneImports(jobs []client.Summary) map[string]bool {
	undone := map[string]bool{}
	byID := map[string]client.Summary{}
	for _, s := range jobs {
		byID[s.ID] = s
	}
	for _, s := range jobs {
		importID, ok := undoneImportID(s.Name)
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

// orderCandidates puts jobs with the resource's name first, then the
// newest: the likeliest match is confirmed first.
func orderCandidates(jobs []client.Summary, name string) {
	sort.SliceStable(jobs, func(i, j int) bool {
		if ni, nj := jobs[i].Name == name, jobs[j].Name == name; ni != nj {
			return ni
		}
		return jobs[i].CreatedAt.After(jobs[j].CreatedAt)
	})
}

// describeJob names a job with the facts a user needs to recognise it.
func describeJob(s client.Summary) string {
	created := "at an unknown time"
	if !s.CreatedAt.IsZero() {
		created = s.CreatedAt.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("bulk job %s (%q, %s, %d rows loaded of %d, created %s)",
		s.ID, s.Name, s.Status, s.RowsSucceeded, s.RowCount, created)
}

// plausibleRowCount: could a job whose summary counts jobRows rows hold a
// file in which the plan counted fileRows? Zuora does not document whether
// a CSV header row counts, so one row more is still a candidate (the hash
// decides); 0 on either side means not counted yet.
func plausibleRowCount(jobRows, fileRows int64) bool {
	return jobRows == 0 || fileRows == 0 || jobRows == fileRows || jobRows == fileRows+1
}
