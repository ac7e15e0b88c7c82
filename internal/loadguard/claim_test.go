package loadguard

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

const provider = "provider-user"

// marked is a job of this file's identity, as another run made it.
func marked(id, status string, age time.Duration) client.Summary {
	s := job(id, MarkedName("accounts", sha(file), "0a1b", false), status, 0, 0, age)
	s.CreatedBy = provider
	return s
}

func TestMarkedNameRoundTrips(t *testing.T) {
	t.Parallel()
	h := sha(file)
	attempt := NewAttempt()
	if again, third := NewAttempt(), NewAttempt(); len(attempt) != 4 || attempt == again && attempt == third {
		t.Errorf("attempt %q: want four random hex digits", attempt)
	}
	name := MarkedName("Seed accounts", h, attempt, false)
	if want := "Seed accounts [zt:" + h[:8] + "." + attempt + "]"; name != want {
		t.Fatalf("MarkedName = %q, want %q", name, want)
	}
	writeOnly := MarkedName("Seed accounts", h, attempt, true)
	if want := "Seed accounts [zt:" + h[:8] + "." + attempt + ".wo]"; writeOnly != want {
		t.Fatalf("MarkedName, write-only = %q, want %q", writeOnly, want)
	}
	for _, c := range []struct {
		name      string
		writeOnly bool
	}{
		{name, false},
		{MarkedName("Seed accounts", h, "", false), false},
		{writeOnly, true},
		{MarkedName("Seed accounts", h, "", true), true},
	} {
		if UnmarkedName(c.name) != "Seed accounts" || !CarriesMarker(c.name, h) || MarkedWriteOnly(c.name) != c.writeOnly {
			t.Errorf("%q: unmarked %q, carries %v, write-only %v (want %v)",
				c.name, UnmarkedName(c.name), CarriesMarker(c.name, h), MarkedWriteOnly(c.name), c.writeOnly)
		}
	}
	for _, other := range []string{"Seed accounts", "Seed accounts [zt:" + h[:7] + "]", "x [zt:" + sha("y")[:8] + "]", "x [zt:" + sha("y")[:8] + ".wo]"} {
		if CarriesMarker(other, h) {
			t.Errorf("%q carries the marker of %s", other, h[:8])
		}
	}
	for _, plain := range []string{"Seed accounts .wo", "Seed accounts [zt:" + h[:8] + ".w]", "delete records of 123"} {
		if MarkedWriteOnly(plain) {
			t.Errorf("%q: taken as write-only without the marker's flag", plain)
		}
	}
	if MarkedName("a", "", "0a1b", true) != "a" || UnmarkedName("a [zt:nothex!]") != "a [zt:nothex!]" {
		t.Error("an unknown hash or a foreign suffix changed the name")
	}
}

func TestRankClaimsEarliestThenID(t *testing.T) {
	t.Parallel()
	at := now.Truncate(time.Second)
	claims := []client.Summary{
		{ID: "c", CreatedAt: at},
		{ID: "no-time"},
		{ID: "b", CreatedAt: at},
		{ID: "late", CreatedAt: at.Add(time.Second)},
		{ID: "a", CreatedAt: at.Add(time.Second)},
	}
	RankClaims(claims)
	var ids []string
	for _, s := range claims {
		ids = append(ids, s.ID)
	}
	// Within one second, the id decides; a job without a time ranks last.
	if got, want := strings.Join(ids, " "), "b c a late no-time"; got != want {
		t.Errorf("ranked %s, want %s", got, want)
	}
}

// claimOn lists z and returns the winner of own's claim.
func claimOn(t *testing.T, g *Registry, own client.Summary) client.Summary {
	t.Helper()
	g.Created(own, sha(file))
	w, err := g.Claim(context.Background(), identity(), own, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestClaimTheEarliestLiveClaimWins(t *testing.T) {
	t.Parallel()
	own := marked("m-own", client.StatusCreated, time.Second)
	for name, tc := range map[string]struct {
		others []client.Summary
		want   string
	}{
		"alone":                          {nil, "m-own"},
		"an earlier run":                 {[]client.Summary{marked("m-early", client.StatusCreated, 2*time.Second)}, "m-early"},
		"an earlier submitted":           {[]client.Summary{marked("m-early", client.StatusSubmitted, 2*time.Second)}, "m-early"},
		"a later run":                    {[]client.Summary{marked("m-late", client.StatusCreated, 0)}, "m-own"},
		"same second, lower id":          {[]client.Summary{marked("a-tie", client.StatusCreated, time.Second)}, "a-tie"},
		"same second, higher id":         {[]client.Summary{marked("z-tie", client.StatusCreated, time.Second)}, "m-own"},
		"cancelled earlier":              {[]client.Summary{marked("m-early", client.StatusCancelled, 2*time.Second)}, "m-own"},
		"failed earlier, nothing loaded": {[]client.Summary{marked("m-early", client.StatusFailed, 2*time.Second)}, "m-own"},
		"canceled earlier, US spelling":  {[]client.Summary{marked("m-early", "Canceled", 2*time.Second)}, "m-own"},
		"failed earlier after loading rows": {func() []client.Summary {
			s := marked("m-early", client.StatusFailed, 2*time.Second)
			s.RowsSucceeded = 1
			return []client.Summary{s}
		}(), "m-early"},
		"old created (orphan)": {[]client.Summary{marked("m-old", client.StatusCreated, InFlightWindow+time.Minute)}, "m-own"},
		"another file":         {[]client.Summary{job("other", MarkedName("accounts", sha("x"), "", false), client.StatusCreated, 0, 0, time.Hour)}, "m-own"},
		"another job type": {func() []client.Summary {
			s := marked("update", client.StatusCreated, 2*time.Second)
			s.JobType = "Update"
			return []client.Summary{s}
		}(), "m-own"},
		"an earlier run, job type spelt otherwise": {func() []client.Summary {
			s := marked("m-spelt", client.StatusCreated, 2*time.Second)
			s.JobType = "IMPORT"
			return []client.Summary{s}
		}(), "m-spelt"},
		"lean entry of an earlier run": {func() []client.Summary {
			s := marked("m-lean", client.StatusCreated, 2*time.Second)
			s.ObjectType, s.JobType = "", ""
			return []client.Summary{s}
		}(), "m-lean"},
	} {
		z := &fakeZuora{jobs: append(tc.others, own)}
		if w := claimOn(t, New(z, 30), own); w.ID != tc.want {
			t.Errorf("%s: winner %s, want %s", name, w.ID, tc.want)
		}
	}
}

// A run whose job waited Created past InFlightWindow (for a slot) claims
// again before it submits: a later run that took the job for an orphan
// and submitted its own holds the load, and the waiting run adopts it.
// Without a submitted rival, the earliest claim still wins.
func TestClaimASubmittedClaimWinsOverOneStillCreated(t *testing.T) {
	t.Parallel()
	own := marked("m-own", client.StatusCreated, InFlightWindow+2*time.Minute)
	later := marked("m-later", client.StatusSubmitted, time.Minute)
	z := &fakeZuora{jobs: []client.Summary{own, later}}
	if w := claimOn(t, New(z, 30), own); w.ID != "m-later" {
		t.Errorf("winner %s, want the submitted m-later", w.ID)
	}
	waiting := marked("m-later", client.StatusCreated, time.Minute)
	z = &fakeZuora{jobs: []client.Summary{own, waiting}}
	if w := claimOn(t, New(z, 30), own); w.ID != "m-own" {
		t.Errorf("winner %s, want the earliest, m-own, when none is submitted", w.ID)
	}
}

// claimAfterFind: Find sees seen, then this run creates own and claims.
func claimAfterFind(t *testing.T, seen client.Summary) string {
	t.Helper()
	z := &fakeZuora{jobs: []client.Summary{seen}}
	g := New(z, 30)
	if _, err := g.Find(context.Background(), identity(), true); err != nil {
		t.Fatal(err)
	}
	own := marked("m-own", client.StatusCreated, 0)
	z.jobs = []client.Summary{own, seen}
	return claimOn(t, g, own).ID
}

// A finished job Find judged before this run created its own (a load the
// guard ruled out, say) is no claim, whatever its age. One Find saw but
// could not judge (a lean entry) or did not wait for is still a claim
// while it is unfinished.
func TestClaimAfterFind(t *testing.T) {
	t.Parallel()
	if w := claimAfterFind(t, marked("m-failed", client.StatusFailed, time.Hour)); w != "m-own" {
		t.Errorf("winner %s, want the run's own job over a failed one Find ruled out", w)
	}
	lean := marked("m-lean", client.StatusCreated, 2*time.Second)
	lean.ObjectType, lean.JobType = "", ""
	if w := claimAfterFind(t, lean); w != "m-lean" {
		t.Errorf("winner %s, want the earlier run's m-lean", w)
	}
}

// The claim's clock is Zuora's: own's createdAt is taken from the list.
func TestClaimUsesTheListsCreatedAt(t *testing.T) {
	t.Parallel()
	other := marked("b-other", client.StatusCreated, 2*time.Second)
	listed := marked("a-own", client.StatusCreated, 3*time.Second)
	z := &fakeZuora{jobs: []client.Summary{other, listed}}
	own := listed
	own.CreatedAt = now // the local clock says later
	if w := claimOn(t, New(z, 30), own); w.ID != "a-own" {
		t.Errorf("winner %s, want a-own (earlier by the list)", w.ID)
	}
}

// A list that does not show the run's own job cannot rank it: the claim
// asks once more, then gives up rather than guess.
func TestClaimNeedsTheListToShowOwn(t *testing.T) {
	t.Parallel()
	z := &fakeZuora{}
	g := New(z, 30)
	own := marked("m-own", client.StatusCreated, 0)
	g.Created(own, sha(file))
	if _, err := g.Claim(context.Background(), identity(), own, time.Time{}); err == nil || !strings.Contains(err.Error(), "does not show") {
		t.Errorf("err = %v; want the list not showing m-own", err)
	}
	if z.lists != 2 {
		t.Errorf("listed %d times, want 2", z.lists)
	}
}

func TestClaimWaitsASecondAfterTheCreate(t *testing.T) {
	t.Parallel()
	own := marked("m-own", client.StatusCreated, 0)
	g := New(&fakeZuora{jobs: []client.Summary{own}}, 30)
	g.Created(own, sha(file))
	start := time.Now()
	if _, err := g.Claim(context.Background(), identity(), own, start); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < claimSettle {
		t.Errorf("listed after %s; want at least %s after the create", waited, claimSettle)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Claim(ctx, identity(), own, time.Now()); err == nil {
		t.Error("a cancelled claim listed anyway")
	}
}

func TestFindSortsCreatedJobs(t *testing.T) {
	t.Parallel()
	person := job("person", "accounts", client.StatusCreated, 0, 0, time.Hour)
	person.CreatedBy = "someone@tenant.example"
	z := &fakeZuora{jobs: []client.Summary{
		marked("in-flight", client.StatusCreated, time.Minute),
		marked("old", client.StatusCreated, InFlightWindow+time.Minute),
		person,
		job("other-name", "seed", client.StatusCreated, 0, 0, time.Hour),
	}}
	g := New(z, 30)
	g.Created(marked("own-created", client.StatusCreated, 0), "")
	f, err := g.Find(context.Background(), identity(), false)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(jobs []client.Summary) string {
		var out []string
		for _, s := range jobs {
			out = append(out, s.ID)
		}
		return strings.Join(out, " ")
	}
	if ids(f.Running) != "in-flight" || ids(f.Orphans) != "old" || ids(f.Unsubmitted) != "person" {
		t.Errorf("running %q, orphans %q, unsubmitted %q; want in-flight, old, person",
			ids(f.Running), ids(f.Orphans), ids(f.Unsubmitted))
	}
}

func TestIsOrphanNeedsTheProvidersUserAndAge(t *testing.T) {
	t.Parallel()
	g := New(&fakeZuora{}, 30)
	old := marked("old", client.StatusCreated, InFlightWindow+time.Minute)
	if g.IsOrphan(old, identity(), time.Now()) {
		t.Error("an orphan before the provider's user is known")
	}
	g.SetUser(provider)
	if !g.IsOrphan(old, identity(), time.Now()) {
		t.Error("an old job of this file by the provider's user is no orphan")
	}
	young := marked("young", client.StatusCreated, time.Minute)
	someone := old
	someone.CreatedBy = "someone@tenant.example"
	unknown := old
	unknown.CreatedBy = ""
	unmarked := old
	unmarked.Name = "accounts"
	submitted := old
	submitted.Status = client.StatusSubmitted
	for name, s := range map[string]client.Summary{"young": young, "someone's": someone, "creator unknown": unknown,
		"unmarked": unmarked, "submitted": submitted} {
		if g.IsOrphan(s, identity(), time.Now()) {
			t.Errorf("%s job is an orphan", name)
		}
	}
}

// A rival Find listed while it ran is known to the registry, so the
// claim's fresh listing stops before it and keeps its old status. It is
// read again: one that has since failed without loading a row is no claim,
// and this run submits its own job instead of adopting nothing.
func TestClaimReadsAgainARivalThatWasUnfinished(t *testing.T) {
	t.Parallel()
	rival := marked("m-rival", client.StatusSubmitted, 3*time.Second)
	z := &fakeZuora{jobs: []client.Summary{rival}}
	g := New(z, 30)
	if _, err := g.Find(context.Background(), identity(), true); err != nil {
		t.Fatal(err)
	}
	failed := rival
	failed.Status = client.StatusFailed
	own := marked("m-own", client.StatusCreated, 0)
	z.mu.Lock()
	z.jobs = []client.Summary{own, failed}
	z.mu.Unlock()
	if w := claimOn(t, g, own); w.ID != "m-own" {
		t.Errorf("winner %s, want m-own: the rival failed without loading a row", w.ID)
	}
	if z.summaries == 0 {
		t.Error("the rival's summary was not read again")
	}
}

// A caller that knows only the file's bytes (a teardown) and one that
// knows its rows too (Create) take the same lock: Lock always holds the
// bytes' lock, then the rows'.
func TestLockMeetsWhetherOrNotTheRowsAreKnown(t *testing.T) {
	t.Parallel()
	g := New(&fakeZuora{}, 30)
	withRows := identity()
	withRows.RowsSHA256 = sha("rows")
	bytesOnly := withRows
	bytesOnly.RowsSHA256 = ""
	unlock := g.Lock(withRows)
	got := make(chan struct{})
	go func() {
		defer g.Lock(bytesOnly)()
		close(got)
	}()
	select {
	case <-got:
		t.Fatal("the bytes-only lock was taken while the rows lock was held")
	case <-time.After(100 * time.Millisecond):
	}
	unlock()
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the bytes-only lock was never taken after the unlock")
	}
}
