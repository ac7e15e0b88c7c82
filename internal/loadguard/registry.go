package loadguard

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Zuora is what the guard asks of Zuora; *client.Client satisfies it.
type Zuora interface {
	// ListRecentJobSummaries lists the jobs created at or after since,
	// stopping at one for which known reports true.
	ListRecentJobSummaries(ctx context.Context, since time.Time, known func(id string) bool) ([]client.Summary, error)
	// JobDownloads gives a job's result-file links (SourceFile is the
	// file it loaded); an error for which client.IsNotFound is true when
	// there are none.
	JobDownloads(ctx context.Context, id string) (*client.Downloads, error)
	// HashFile hashes the file behind link, reading at most limit bytes;
	// size is how much it read, more than limit when the file is larger.
	HashFile(ctx context.Context, link string, limit int64) (sha string, size int64, err error)
	// SameObject reports whether a and b name one object (objectType or
	// objectName, any spelling); known is false when it cannot tell.
	SameObject(ctx context.Context, a, b string) (same, known bool)
}

var _ Zuora = (*client.Client)(nil)

// Identity is what makes two loads the same: the same bytes into the same
// object with the same job type. Name only orders the candidates; Rows and
// Size, when known, skip candidates without a download.
type Identity struct {
	ObjectType, JobType, SHA256 string
	Size                        int64
	Rows                        int64
	Name                        string
}

// Key is the identity as a map key: the object in any case.
func (id Identity) Key() string {
	return strings.ToLower(id.ObjectType) + "\x00" + id.JobType + "\x00" + id.SHA256
}

// Registry is what one provider run knows about the tenant's jobs: the
// list within the window (fetched once, then only what is newer), the
// hashes of files already confirmed, and the jobs this run created. A nil
// Registry is a guard that is off.
type Registry struct {
	zuora  Zuora
	window time.Duration // 0: the guard is off

	mu     sync.Mutex
	listed bool
	jobs   map[string]client.Summary
	hashes map[string]string // job id → SHA-256 of the file Zuora holds
	own    map[string]bool   // jobs this run created
	rows   map[string]int64  // SHA-256 → rows plan counted in the file
	locks  map[string]*sync.Mutex
	inList map[string]bool            // jobs Zuora's list has shown
	user   string                     // createdBy of this provider's jobs
	judged map[string]map[string]bool // identity key → jobs Find judged
}

// New is the registry of one run, looking days back; 0 days turns the
// guard off.
func New(z Zuora, days int) *Registry {
	return &Registry{
		zuora: z, window: time.Duration(days) * 24 * time.Hour,
		jobs: map[string]client.Summary{}, hashes: map[string]string{},
		own: map[string]bool{}, rows: map[string]int64{}, locks: map[string]*sync.Mutex{},
		judged: map[string]map[string]bool{}, inList: map[string]bool{},
	}
}

// Enabled reports whether the guard looks for earlier loads at all.
func (g *Registry) Enabled() bool { return g != nil && g.window > 0 }

// Days is the window in days.
func (g *Registry) Days() int {
	if g == nil {
		return 0
	}
	return int(g.window.Hours() / 24)
}

// Lock serialises the guard and the job creation of one identity within
// this run, so two resources loading the same file never both create a job.
func (g *Registry) Lock(id Identity) (unlock func()) {
	g.mu.Lock()
	l, ok := g.locks[id.Key()]
	if !ok {
		l = &sync.Mutex{}
		g.locks[id.Key()] = l
	}
	g.mu.Unlock()
	l.Lock()
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

// Created records a job this run made, with the hash of what it uploaded,
// so later guards confirm it without waiting for it or downloading it.
func (g *Registry) Created(s client.Summary, sha string) {
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

// Seen updates what the run knows of a job.
func (g *Registry) Seen(s client.Summary) {
	if g == nil {
		return
	}
	g.mu.Lock()
	g.jobs[s.ID] = s
	g.mu.Unlock()
}

// NoteRows records the rows plan counted in the file with this hash.
func (g *Registry) NoteRows(sha string, rows int64) {
	if g == nil || sha == "" {
		return
	}
	g.mu.Lock()
	g.rows[sha] = rows
	g.mu.Unlock()
}

// RowsOf is what NoteRows recorded; 0 when the rows were not counted.
func (g *Registry) RowsOf(sha string) int64 {
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.rows[sha]
}

// recent lists the tenant's jobs within the window. The first call lists
// them all; fresh asks Zuora again for the jobs newer than those known.
func (g *Registry) recent(ctx context.Context, fresh bool) ([]client.Summary, error) {
	g.mu.Lock()
	listed := g.listed
	g.mu.Unlock()
	if !listed || fresh {
		known := func(id string) bool {
			g.mu.Lock()
			defer g.mu.Unlock()
			return listed && g.jobs[id].ID != "" && !g.own[id]
		}
		got, err := g.zuora.ListRecentJobSummaries(ctx, time.Now().Add(-g.window), known)
		if err != nil {
			return nil, err
		}
		g.mu.Lock()
		for _, s := range got {
			g.jobs[s.ID], g.inList[s.ID] = s, true
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

func (g *Registry) knownHash(id string) (string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	sha, ok := g.hashes[id]
	return sha, ok
}

func (g *Registry) noteHash(id, sha string) {
	g.mu.Lock()
	g.hashes[id] = sha
	g.mu.Unlock()
}

func (g *Registry) isOwn(id string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.own[id]
}
