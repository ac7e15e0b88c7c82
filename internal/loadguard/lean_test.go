package loadguard

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// lean is a list entry as getBulkJobSummaries' sample shows one: no
// objectType, jobType or fileType.
func lean(s client.Summary) client.Summary {
	s.ObjectType, s.JobType, s.FileType = "", "", ""
	return s
}

func rowsIdentity(t *testing.T, content string) string {
	t.Helper()
	sum, err := rowcheck.HashRows(strings.NewReader(content), "jsonl", false, rowcheck.RowOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return sum.SHA256
}

func canonicalIdentity(t *testing.T) Identity {
	id := identity()
	id.FileType, id.RowsSHA256 = "jsonl", rowsIdentity(t, file)
	return id
}

func TestFindCompletesLeanEntriesOncePerJobAndOnlyPlausibleOnes(t *testing.T) {
	t.Parallel()
	same := job("same", "seed", client.StatusCompleted, 2, 2, time.Hour)
	otherRows := job("other-rows", "seed", client.StatusCompleted, 7, 7, 2*time.Hour)
	contact := job("contact", "seed", client.StatusCompleted, 2, 2, 3*time.Hour)
	contact.ObjectType = "Contact"
	z := &fakeZuora{
		jobs:  []client.Summary{lean(same), lean(otherRows), lean(contact)},
		full:  map[string]client.Summary{"same": same, "other-rows": otherRows, "contact": contact},
		files: map[string]string{"same": file, "contact": file},
	}
	g := New(z, 30)
	for range 3 {
		f, err := g.Find(context.Background(), identity(), true)
		if err != nil || f.Match == nil || f.Match.ID != "same" {
			t.Fatalf("finding %+v, %v; want the lean entry same matched by its hash", f, err)
		}
	}
	// Newest first: same matches before contact is looked at; other-rows
	// fails the row-count filter and costs no call.
	if z.completions["same"] != 1 || z.completions["other-rows"] != 0 {
		t.Errorf("completions %v; want same once, other-rows never", z.completions)
	}
	if z.hashes != 1 {
		t.Errorf("hashed %d files; want 1 (once per run)", z.hashes)
	}
}

func TestFindRulesOutOnlyPositiveMismatches(t *testing.T) {
	t.Parallel()
	contact := job("contact", "accounts", client.StatusCompleted, 2, 2, time.Hour)
	contact.ObjectType = "Contact"
	update := job("update", "accounts", client.StatusCompleted, 2, 2, 2*time.Hour)
	update.JobType = "Update"
	unknown := job("unknown", "accounts", client.StatusCompleted, 2, 2, 3*time.Hour)
	z := &fakeZuora{
		jobs: []client.Summary{lean(contact), lean(update), lean(unknown)},
		// unknown's own summary is unreadable: it stays a candidate.
		full:  map[string]client.Summary{"contact": contact, "update": update},
		files: map[string]string{"contact": file, "update": file, "unknown": file},
	}
	f, err := New(z, 30).Find(context.Background(), identity(), false)
	if err != nil || f.Match == nil || f.Match.ID != "unknown" {
		t.Fatalf("finding %+v, %v; want unknown (the hash decides), not contact or update", f, err)
	}
	if z.hashes != 1 {
		t.Errorf("hashed %d files; the positive mismatches must not be downloaded", z.hashes)
	}
}

func TestFindReportsLeanCompletedJobWithoutFile(t *testing.T) {
	t.Parallel()
	done := job("done", "seed", client.StatusCompleted, 2, 2, time.Hour)
	z := &fakeZuora{jobs: []client.Summary{lean(done)}, full: map[string]client.Summary{"done": done}, files: map[string]string{}}
	f, err := New(z, 30).Find(context.Background(), identity(), false)
	if err != nil || f.Match != nil || len(f.Unconfirmed) != 1 || f.Unconfirmed[0].ID != "done" {
		t.Fatalf("finding %+v, %v; want done unconfirmed", f, err)
	}
	if f.Unconfirmed[0].ObjectType != "Account" {
		t.Errorf("the unconfirmed job was not completed: %+v", f.Unconfirmed[0])
	}
}

func TestFindMatchesTheSameRowsInOtherLineEndings(t *testing.T) {
	t.Parallel()
	for name, zuoraCopy := range map[string]string{
		"crlf":               strings.ReplaceAll(file, "\n", "\r\n"),
		"trailing blank":     file + "\n",
		"no final newline":   strings.TrimSuffix(file, "\n"),
		"blank lines inside": strings.Replace(file, "\n", "\n\n\r\n", 1),
	} {
		z := &fakeZuora{
			jobs:  []client.Summary{job("earlier", "accounts", client.StatusCompleted, 2, 2, time.Hour)},
			files: map[string]string{"earlier": zuoraCopy},
		}
		f, err := New(z, 30).Find(context.Background(), canonicalIdentity(t), false)
		if err != nil || f.Match == nil || f.Match.ID != "earlier" {
			t.Errorf("%s: finding %+v, %v; want the earlier job matched by its rows", name, f, err)
		}
		// Without the row identity, the raw bytes decide: not the same.
		f, err = New(z, 30).Find(context.Background(), identity(), false)
		if err != nil || f.Match != nil {
			t.Errorf("%s: raw identity matched %+v, %v", name, f.Match, err)
		}
	}
	other := &fakeZuora{
		jobs:  []client.Summary{job("earlier", "accounts", client.StatusCompleted, 2, 2, time.Hour)},
		files: map[string]string{"earlier": strings.Replace(file, `"b"`, `"c"`, 1)},
	}
	if f, err := New(other, 30).Find(context.Background(), canonicalIdentity(t), false); err != nil || f.Match != nil {
		t.Errorf("other rows matched: %+v, %v", f.Match, err)
	}
}

func TestCreatedJobIsConfirmedByItsRowIdentity(t *testing.T) {
	t.Parallel()
	running := job("mine", "accounts", client.StatusInProgress, 2, 0, time.Minute)
	z := &fakeZuora{jobs: []client.Summary{running}}
	g := New(z, 30)
	crlf := strings.ReplaceAll(file, "\n", "\r\n")
	g.NoteFile(sha(crlf), FileFacts{Rows: 2, RowsSHA256: rowsIdentity(t, crlf)})
	g.Created(running, sha(crlf))
	f, err := g.Find(context.Background(), canonicalIdentity(t), false)
	if err != nil || f.Match == nil || f.Match.ID != "mine" || z.hashes != 0 {
		t.Errorf("finding %+v, %v after %d downloads; want mine, confirmed without download", f, err, z.hashes)
	}
}

func TestUndoneImportsReadsLeanTeardowns(t *testing.T) {
	t.Parallel()
	jobs := []client.Summary{
		{ID: "imp", ObjectType: "Account", JobType: "Import", Status: client.StatusCompleted},
		{ID: "del", Name: TeardownName("imp"), Status: client.StatusCompleted},
	}
	if undone := UndoneImports(jobs); !undone["imp"] {
		t.Errorf("a lean teardown entry did not undo its import: %v", undone)
	}
}

func TestConcurrentFindsShareOneListing(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{jobs: []client.Summary{job("other", "x", client.StatusCompleted, 9, 9, time.Hour)}, listDelay: 50 * time.Millisecond}
	g := New(z, 30)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := g.Find(context.Background(), identity(), false); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if z.lists != 1 {
		t.Errorf("8 concurrent resources listed the tenant %d times; want 1", z.lists)
	}
}

func TestReadLimit(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ size, want int64 }{
		{100, 200 + 1<<20}, // CRLF and blank lines fit
		{client.MaxFileBytes - 10, client.MaxFileBytes},                // never beyond what Zuora accepts
		{client.MaxFileBytes + 10, 2*(client.MaxFileBytes+10) + 1<<20}, // a raised limit
	} {
		if got := readLimit(c.size); got != c.want {
			t.Errorf("readLimit(%d) = %d, want %d", c.size, got, c.want)
		}
	}
}
