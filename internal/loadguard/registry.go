package loadguard

import (
	"context"
	"io"
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
	// CompleteSummary fills what a lean list entry lacks (objectType,
	// jobType, …) from the job's own summary.
	CompleteSummary(ctx context.Context, s client.Summary) (client.Summary, error)
	// JobDownloads gives a job's result-file links (SourceFile is the
	// file it loaded); an error for which client.IsNotFound is true when
	// there are none.
	JobDownloads(ctx context.Context, id string) (*client.Downloads, error)
	// StreamFile copies the file behind link into w, reading at most
	// limit bytes; n is more than limit (with an error) when it is larger.
	StreamFile(ctx context.Context, link string, limit int64, w io.Writer) (n int64, err error)
	// WithFreshLink runs use with link and, if S3 refuses it, once more
	// with a link renewed from the job's downloads.
	WithFreshLink(ctx context.Context, jobID string, kind client.LinkKind, link string, use func(link string) error) (string, error)
	// SameObject reports whether a and b name one object (objectType or
	// objectName, any spelling); known is false when it cannot tell.
	SameObject(ctx context.Context, a, b string) (same, known bool)
	// JobSummary reads one job's summary, as it is now.
	JobSummary(ctx context.Context, id string) (*client.Summary, error)
}

var _ Zuora = (*client.Client)(nil)

// Identity is what makes two loads the same: the same rows into the same
// object with the same job type. The rows are compared by RowsSHA256, the
// canonical row identity (rowcheck.HashRows: line endings, blank lines
// and the final newline ignored), so a file checked out with CRLF or
// given a trailing blank line is still the load it was; SHA256, the raw
// bytes' hash (source_sha256), decides only when RowsSHA256 is unknown.
// FileType and HasHeaders say how to read Zuora's copy for its rows.
// Name only orders the candidates; Rows and Size, when known, skip
// candidates without a download.
type Identity struct {
	ObjectType, JobType string
	SHA256, RowsSHA256  string
	FileType            string
	HasHeaders          bool
	Size                int64
	Rows                int64
	Name                string
}

// Key is the identity as a map key: the object in any case, and the rows
// when their identity is known, else the bytes.
func (id Identity) Key() string {
	rows := "rows:" + id.RowsSHA256
	if id.RowsSHA256 == "" {
		rows = "bytes:" + id.SHA256
	}
	return strings.ToLower(id.ObjectType) + "\x00" + id.JobType + "\x00" + rows
}

// FileFacts is what a check of the local file found, by its raw SHA-256.
type FileFacts struct {
	Rows       int64  // data rows; 0 when not counted
	RowsSHA256 string // canonical row identity; "" when not computed
}

// fileHashes are the hashes of a file Zuora holds for a job: its bytes,
// and its rows read as rowsAs says (file type and header setting).
type fileHashes struct {
	raw, rows, rowsAs string
}

// Registry is what one provider run knows about the tenant's jobs: the
// list within the window (fetched once, then only what is newer), the
// hashes of files already confirmed, and the jobs this run created. A nil
// Registry is a guard that is off.
type Registry struct {
	zuora  Zuora
	window time.Duration // 0: the guard is off

	listMu sync.Mutex // held while listing, so one listing serves all
	mu     sync.Mutex
	listed bool
	jobs   map[string]client.Summary
	hashes map[string]fileHashes     // job id → hashes of the file Zuora holds
	own    map[string]bool           // jobs this run created
	files  map[string]FileFacts      // raw SHA-256 → what the check of the local file found
	full   map[string]client.Summary // job id → its completed summary (once per job per run)
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
		jobs: map[string]client.Summary{}, hashes: map[string]fileHashes{},
		own: map[string]bool{}, files: map[string]FileFacts{}, full: map[string]client.Summary{},
		locks:  map[string]*sync.Mutex{},
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
	// The bytes' lock always, then the rows' when known: a caller that
	// knows only the bytes (a teardown, which makes no plan in its process)
	// and one that knows the rows as well (Create) still meet, and the
	// fixed order never deadlocks.
	bytesKey := id
	bytesKey.RowsSHA256 = ""
	keys := []string{bytesKey.Key()}
	if id.RowsSHA256 != "" {
		keys = append(keys, id.Key())
	}
	var held []*sync.Mutex
	for _, k := range keys {
		g.mu.Lock()
		l, ok := g.locks[k]
		if !ok {
			l = &sync.Mutex{}
			g.locks[k] = l
		}
		g.mu.Unlock()
		l.Lock()
		held = append(held, l)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			for i := len(held) - 1; i >= 0; i-- {
				held[i].Unlock()
			}
		})
	}
}

// Created records a job this run made, with the raw SHA-256 of what it
// uploaded, so later guards confirm it without waiting for it or
// downloading it (its row identity is what the check noted for sha).
func (g *Registry) Created(s client.Summary, sha string) {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.jobs[s.ID], g.own[s.ID] = s, true
	if sha != "" {
		g.hashes[s.ID] = fileHashes{raw: sha, rows: g.files[sha].RowsSHA256, rowsAs: ownRows}
	}
}

// ownRows marks the row identity of a job this run uploaded: it was
// computed from the local file, as the identity's own.
const ownRows = "own"

// Seen updates what the run knows of a job.
func (g *Registry) Seen(s client.Summary) {
	if g == nil {
		return
	}
	g.mu.Lock()
	g.jobs[s.ID] = s
	g.mu.Unlock()
}

// NoteRows records the rows plan counted in the file with this raw hash.
func (g *Registry) NoteRows(sha string, rows int64) {
	g.noteFile(sha, func(f *FileFacts) { f.Rows = rows })
}

// NoteFile records what a check of the file with this raw hash found.
func (g *Registry) NoteFile(sha string, facts FileFacts) {
	g.noteFile(sha, func(f *FileFacts) { *f = facts })
}

func (g *Registry) noteFile(sha string, set func(*FileFacts)) {
	if g == nil || sha == "" {
		return
	}
	g.mu.Lock()
	f := g.files[sha]
	set(&f)
	g.files[sha] = f
	g.mu.Unlock()
}

// FileOf is what NoteFile and NoteRows recorded for the file with this
// raw hash; zero values when it was not checked.
func (g *Registry) FileOf(sha string) FileFacts {
	if g == nil {
		return FileFacts{}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.files[sha]
}

// recent lists the tenant's jobs within the window. The first call lists
// them all; fresh asks Zuora again for the jobs newer than those known.
// One listing serves every resource of the command: callers that arrive
// while it runs (Terraform plans resources in parallel) wait for it
// instead of listing the tenant again.
func (g *Registry) recent(ctx context.Context, fresh bool) ([]client.Summary, error) {
	g.listMu.Lock()
	defer g.listMu.Unlock()
	g.mu.Lock()
	listed := g.listed
	g.mu.Unlock()
	if !listed || fresh {
		known := func(id string) bool {
			g.mu.Lock()
			defer g.mu.Unlock()
			return listed && g.jobs[id].ID != "" && !g.own[id]
		}
		// A guard that is off (no window) still settles claims (Claim):
		// a rival claim was created after this run's own listing, or is
		// a Created job young enough to be in flight, so the listing
		// reaches back at least InFlightWindow.
		got, err := g.zuora.ListRecentJobSummaries(ctx, time.Now().Add(-max(g.window, InFlightWindow)), known)
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

func (g *Registry) knownHash(id string) (fileHashes, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	h, ok := g.hashes[id]
	return h, ok
}

func (g *Registry) noteHash(id string, h fileHashes) {
	g.mu.Lock()
	g.hashes[id] = h
	g.mu.Unlock()
}

func (g *Registry) isOwn(id string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.own[id]
}
