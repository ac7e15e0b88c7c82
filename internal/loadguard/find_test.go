package loadguard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// fakeZuora is a tenant in memory: its jobs, the file each holds, and
// which object spellings name one object. It counts what the guard asks.
type fakeZuora struct {
	mu        sync.Mutex
	jobs      []client.Summary
	files     map[string]string         // job id → the file Zuora shows for it
	aliases   map[string]string         // lower-case spelling → object
	full      map[string]client.Summary // job id → its own summary, for lean entries
	lists     int
	hashes    int
	summaries int // JobSummary calls
	listErr   error
	// listDelay makes a listing take time, as 20 pages of Zuora's do.
	listDelay time.Duration

	completions map[string]int // job id → CompleteSummary calls
}

func (z *fakeZuora) ListRecentJobSummaries(_ context.Context, since time.Time, known func(string) bool) ([]client.Summary, error) {
	time.Sleep(z.listDelay)
	z.mu.Lock()
	defer z.mu.Unlock()
	z.lists++
	if z.listErr != nil {
		return nil, z.listErr
	}
	var out []client.Summary
	for _, s := range z.jobs { // newest first, as Zuora lists them
		if known != nil && known(s.ID) {
			break
		}
		if s.CreatedAt.IsZero() || !s.CreatedAt.Before(since) {
			out = append(out, s)
		}
	}
	return out, nil
}

// JobSummary is a job as it is now: its entry in jobs, or in full.
func (z *fakeZuora) JobSummary(_ context.Context, id string) (*client.Summary, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.summaries++
	for _, s := range z.jobs {
		if s.ID == id {
			return &s, nil
		}
	}
	if s, ok := z.full[id]; ok {
		return &s, nil
	}
	return nil, fmt.Errorf("no job %s", id)
}

func (z *fakeZuora) JobDownloads(_ context.Context, id string) (*client.Downloads, error) {
	if _, ok := z.files[id]; !ok {
		return nil, &client.Error{StatusCode: http.StatusNotFound}
	}
	return &client.Downloads{JobID: id, SourceFile: "https://files.example/" + id}, nil
}

func (z *fakeZuora) StreamFile(_ context.Context, link string, limit int64, w io.Writer) (int64, error) {
	z.mu.Lock()
	z.hashes++
	z.mu.Unlock()
	content := z.files[strings.TrimPrefix(link, "https://files.example/")]
	if int64(len(content)) > limit {
		n, _ := io.WriteString(w, content[:limit+1])
		return int64(n), errors.New("larger than the limit")
	}
	n, err := io.WriteString(w, content)
	return int64(n), err
}

func (z *fakeZuora) WithFreshLink(_ context.Context, _ string, _ client.LinkKind, link string, use func(string) error) (string, error) {
	return link, use(link)
}

// CompleteSummary answers from full, the jobs' own summaries, and counts
// the calls per job.
func (z *fakeZuora) CompleteSummary(_ context.Context, s client.Summary) (client.Summary, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.completions == nil {
		z.completions = map[string]int{}
	}
	z.completions[s.ID]++
	full, ok := z.full[s.ID]
	if !ok {
		return s, &client.Error{StatusCode: http.StatusNotFound}
	}
	full.Status, full.RowCount, full.RowsSucceeded = s.Status, s.RowCount, s.RowsSucceeded
	return full, nil
}

func (z *fakeZuora) SameObject(_ context.Context, a, b string) (same, known bool) {
	canon := func(s string) string {
		if o, ok := z.aliases[strings.ToLower(s)]; ok {
			return o
		}
		return strings.ToLower(s)
	}
	return canon(a) == canon(b), true
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

const file = "{\"name\":\"a\"}\n{\"name\":\"b\"}\n"

var now = time.Now()

func job(id, name, status string, rows, loaded int64, age time.Duration) client.Summary {
	return client.Summary{ID: id, Name: name, Status: status, ObjectType: "Account", JobType: "Import",
		RowCount: rows, RowsSucceeded: loaded, CreatedAt: now.Add(-age)}
}

func identity() Identity {
	return Identity{ObjectType: "Account", JobType: "Import", SHA256: sha(file), Size: int64(len(file)), Rows: 2, Name: "accounts"}
}

func TestIdentityKeyIgnoresObjectCaseOnly(t *testing.T) {
	t.Parallel()
	a, b := identity(), identity()
	b.ObjectType, b.Name, b.Rows = "ACCOUNT", "other", 9
	if a.Key() != b.Key() {
		t.Errorf("object case, name or rows changed the key: %q vs %q", a.Key(), b.Key())
	}
	for _, other := range []func(*Identity){
		func(i *Identity) { i.JobType = "Update" },
		func(i *Identity) { i.SHA256 = sha("x") },
		func(i *Identity) { i.ObjectType = "Contact" },
	} {
		c := identity()
		other(&c)
		if c.Key() == a.Key() {
			t.Errorf("%+v has the key of %+v", c, a)
		}
	}
}

func TestFindMatchesByHashOncePerRun(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{
		jobs: []client.Summary{
			job("other-bytes", "accounts", client.StatusCompleted, 2, 2, time.Hour),
			job("same", "seed", client.StatusCompleted, 2, 2, 2*time.Hour),
		},
		files: map[string]string{"other-bytes": "{\"name\":\"x\"}\n{\"name\":\"y\"}\n", "same": file},
	}
	g := New(z, 30)
	f, err := g.Find(context.Background(), identity(), false)
	if err != nil || f.Match == nil || f.Match.ID != "same" {
		t.Fatalf("finding %+v, %v; want the match same", f, err)
	}
	if z.hashes != 2 || z.lists != 1 {
		t.Errorf("hashed %d files and listed %d times; want 2 and 1", z.hashes, z.lists)
	}
	if f, err = g.Find(context.Background(), identity(), false); err != nil || f.Match == nil || z.hashes != 2 || z.lists != 1 {
		t.Errorf("a second look hashed or listed again (%d hashes, %d lists) or found %+v", z.hashes, z.lists, f)
	}
	if _, err = g.Find(context.Background(), identity(), true); err != nil || z.lists != 2 {
		t.Errorf("fresh did not list again: %d lists, %v", z.lists, err)
	}
}

func TestCandidatesFilter(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{aliases: map[string]string{"accounts-and-contacts": "account", "account": "account"}}
	g := New(z, 30)
	byName := job("by-name", "accounts", client.StatusCompleted, 2, 2, 3*time.Hour)
	echoedName := job("echoed-name", "seed", client.StatusCompleted, 2, 2, time.Hour)
	echoedName.ObjectType = "accounts-and-contacts"
	noTime := job("no-time", "seed", client.StatusCompleted, 2, 2, 0)
	noTime.CreatedAt = time.Time{} // Zuora did not say
	otherType := job("other-type", "accounts", client.StatusCompleted, 2, 2, time.Hour)
	otherType.JobType = "Update"
	noType := job("no-type", "accounts", client.StatusCompleted, 2, 2, time.Hour)
	noType.JobType = ""
	noObject := job("no-object", "accounts", client.StatusCompleted, 2, 2, time.Hour)
	noObject.ObjectType = ""
	otherObject := job("contact", "accounts", client.StatusCompleted, 2, 2, time.Hour)
	otherObject.ObjectType = "Contact"

	got := g.Candidates(context.Background(), []client.Summary{noTime, otherType, echoedName, noType, byName, noObject, otherObject}, identity())
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	// The resource's name first, then the newest; a job without a creation
	// time sorts last. Another job type or object is no candidate; a list
	// entry that does not say either stays one (only a positive mismatch
	// rules a job out).
	if want := "no-type no-object by-name echoed-name no-time"; strings.Join(ids, " ") != want {
		t.Errorf("candidates = %v, want %s", ids, want)
	}
}

func TestFindSkipsImplausibleRowCountsWithoutDownloading(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{
		jobs: []client.Summary{
			job("five", "accounts", client.StatusCompleted, 5, 5, time.Hour),
			job("header", "accounts", client.StatusCompleted, 3, 3, 2*time.Hour), // a CSV header Zuora may count
		},
		files: map[string]string{"five": file, "header": file},
	}
	f, err := New(z, 30).Find(context.Background(), identity(), false)
	if err != nil || f.Match == nil || f.Match.ID != "header" || z.hashes != 1 {
		t.Errorf("finding %+v, %v after %d hashes; want header, hashed once", f.Match, err, z.hashes)
	}
}

func TestFindLargerFileIsNoMatch(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{
		jobs:  []client.Summary{job("big", "accounts", client.StatusCompleted, 0, 0, time.Hour)},
		files: map[string]string{"big": file + file},
	}
	f, err := New(z, 30).Find(context.Background(), identity(), false)
	if err != nil || f.Match != nil || len(f.Unconfirmed) != 0 {
		t.Errorf("finding %+v, %v; want nothing", f, err)
	}
}

func TestFindStoppedJobs(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{
		jobs: []client.Summary{
			job("aborted-with-rows", "accounts", client.StatusAborted, 2, 1, time.Hour),
			job("failed-empty", "accounts", client.StatusFailed, 2, 0, 2*time.Hour),
			job("completed-no-file", "accounts", client.StatusCompleted, 2, 2, 3*time.Hour),
			job("cancelled", "accounts", client.StatusCancelled, 0, 0, 4*time.Hour),
		},
		files: map[string]string{},
	}
	f, err := New(z, 30).Find(context.Background(), identity(), false)
	// Within the window Zuora keeps every loaded file: a Completed job with
	// this row count and no file is an anomaly, reported like a stopped one.
	if err != nil || f.Match != nil || len(f.Unconfirmed) != 2 ||
		f.Unconfirmed[0].ID != "aborted-with-rows" || f.Unconfirmed[1].ID != "completed-no-file" {
		t.Errorf("finding %+v, %v; want aborted-with-rows and completed-no-file unconfirmed", f, err)
	}
	if z.hashes != 0 {
		t.Errorf("hashed %d files; Zuora showed none", z.hashes)
	}
}

func TestFindRunningJobs(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{jobs: []client.Summary{job("running", "accounts", client.StatusInProgress, 2, 1, time.Hour)}}
	g := New(z, 30)
	f, err := g.Find(context.Background(), identity(), false)
	if err != nil || f.Match != nil || len(f.Running) != 1 {
		t.Fatalf("finding %+v, %v; want one running", f, err)
	}
	// A job this run created is confirmed by the hash it uploaded.
	own := job("own", "accounts", client.StatusSubmitted, 0, 0, 0)
	g.Created(own, sha(file))
	if f, err = g.Find(context.Background(), identity(), false); err != nil || f.Match == nil || f.Match.ID != "own" || len(f.Running) != 0 {
		t.Errorf("finding %+v, %v; want own, nothing running", f, err)
	}
}

func TestFindUndoneImportIsNoDuplicate(t *testing.T) {
	t.Parallel()
	teardown := job("del", TeardownName("imp"), client.StatusCompleted, 2, 2, time.Minute)
	teardown.JobType = "Delete"
	z := &fakeZuora{
		jobs:  []client.Summary{teardown, job("imp", "accounts", client.StatusCompleted, 2, 2, time.Hour)},
		files: map[string]string{"imp": file},
	}
	f, err := New(z, 30).Find(context.Background(), identity(), false)
	if err != nil || f.Match != nil || z.hashes != 0 {
		t.Errorf("finding %+v, %v after %d hashes; the teardown undid imp", f, err, z.hashes)
	}
}

func TestFindOffOrWithoutHash(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{jobs: []client.Summary{job("same", "accounts", client.StatusCompleted, 2, 2, time.Hour)},
		files: map[string]string{"same": file}}
	noHash := identity()
	noHash.SHA256 = ""
	for name, tc := range map[string]struct {
		g  *Registry
		id Identity
	}{"off": {New(z, 0), identity()}, "nil": {nil, identity()}, "no hash": {New(z, 30), noHash}} {
		if f, err := tc.g.Find(context.Background(), tc.id, true); err != nil || f.Match != nil {
			t.Errorf("%s: %+v, %v", name, f, err)
		}
	}
	if z.lists != 0 {
		t.Errorf("listed %d times", z.lists)
	}
}

func TestFindListingFails(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{listErr: errors.New("boom")}
	_, err := New(z, 7).Find(context.Background(), identity(), false)
	if err == nil || !strings.Contains(err.Error(), "last 7 days") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("err = %v", err)
	}
}

func TestLockSerialisesOneIdentity(t *testing.T) {
	t.Parallel()
	g := New(&fakeZuora{}, 30)
	unlock := g.Lock(identity())
	done := make(chan struct{})
	go func() {
		defer close(done)
		g.Lock(identity())()
	}()
	select {
	case <-done:
		t.Fatal("a second lock of the same identity did not wait")
	case <-time.After(20 * time.Millisecond):
	}
	other := identity()
	other.SHA256 = sha("x")
	g.Lock(other)() // another identity does not wait
	unlock()
	unlock() // twice is harmless
	<-done
}
