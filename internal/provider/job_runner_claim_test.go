package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// generatedAccounts is a generated Import job of n Account rows, as a
// dataset of this label would run it, accounting for nothing yet.
func generatedAccounts(content string, n int) generatedJob {
	return generatedJob{
		ObjectType: "Account", JobType: "Import", Label: datasetJobLabel("Account", "accountNumber", "import"),
		Description: "test", File: []byte(content), Rows: int64(n),
		Accounted: func(string) bool { return false }, Undone: datasetJobUndone,
	}
}

// runnerProcess is one provider process: its own client and duplicate
// guard registry, as a separate terraform run (another workspace or
// state file) has. days 0 is a guard turned off (duplicate_check_days).
func runnerProcess(t *testing.T, url string, days int) *providerData {
	c := emulatorClient(t, url)
	return &providerData{client: c, loads: loadguard.New(c, days)}
}

// Two runs at once (separate processes, the same tenant) generate the
// same file: both list, find nothing and create a job (the emulator holds
// each create until the other's arrives, as a slow network would). The
// claim settles it: exactly one job is submitted, the other is cancelled
// before it was, both runs return the same job, and the rows are loaded
// once. With the guard on and off: the generated job's safety does not
// depend on duplicate_check_days.
func TestGeneratedJobClaim_racingRunsSubmitOnce(t *testing.T) {
	for _, days := range []int{30, 0} {
		t.Run(fmt.Sprintf("duplicate_check_days=%d", days), func(t *testing.T) {
			var creates rendezvous
			emu, url := serveEmulator(t, emulator.Options{Profile: emulator.ProfileReference}, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/bulk-data/bulk-jobs") {
						creates.meet(3 * time.Second)
					}
					next.ServeHTTP(w, r)
				})
			})
			content := accountRows("claim", 4)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var wg sync.WaitGroup
			var ran [2]ranJob
			var errs [2]error
			for i := range ran {
				pd := runnerProcess(t, url, days)
				wg.Add(1)
				go func() {
					defer wg.Done()
					ran[i], errs[i] = pd.runGeneratedJob(ctx, generatedAccounts(content, 4))
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("run %d: %v", i, err)
				}
			}
			c := emu.Counts()
			if c.JobsCreated != 2 {
				t.Fatalf("%d jobs created; the runs did not race, so the test proved nothing", c.JobsCreated)
			}
			if c.Submissions != 1 || len(emu.Records("Account")) != 4 {
				t.Errorf("%d submissions and %d accounts; want 1 and 4", c.Submissions, len(emu.Records("Account")))
			}
			if ran[0].ID != ran[1].ID || ran[0].Status != client.StatusCompleted {
				t.Errorf("the runs returned %s (%s) and %s (%s); want one Completed job", ran[0].ID, ran[0].Status, ran[1].ID, ran[1].Status)
			}
			if ran[0].Adopted == ran[1].Adopted {
				t.Errorf("adopted: %v and %v; want exactly the loser to adopt", ran[0].Adopted, ran[1].Adopted)
			}
			for _, j := range emu.Jobs() {
				if j.ID != ran[0].ID && j.Status != client.StatusCancelled {
					t.Errorf("the losing run's job %s is %s; want Cancelled", j.ID, j.Status)
				}
			}
		})
	}
}

// A Created job with the generated name and this file's marker, younger
// than an upload can take, belongs to a run in flight: the runner waits
// for it and never cancels it, and adopts it once that run submits it.
func TestGeneratedJobClaim_youngCreatedJobIsWaitedForNotCancelled(t *testing.T) {
	content := accountRows("in flight", 3)
	emu, url, c, g, inFlight := leftCreated(t, content, 3)
	submitted := time.AfterFunc(time.Second, func() {
		if j, _ := emu.Job(inFlight.ID); j.Status != client.StatusCreated {
			t.Errorf("the in-flight job is %s before its run submitted it", j.Status)
		}
		if err := sendRows(c, inFlight, content, true); err != nil {
			t.Error(err)
		}
	})
	t.Cleanup(func() { submitted.Stop() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ran, err := runnerProcess(t, url, 30).runGeneratedJob(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	if ran.ID != inFlight.ID || !ran.Adopted {
		t.Errorf("ran %s (adopted %v); want the in-flight run's %s, adopted", ran.ID, ran.Adopted, inFlight.ID)
	}
	if got := emu.Counts(); got.Cancellations != 0 || got.JobsCreated != 1 || got.Submissions != 1 {
		t.Errorf("%+v; want nothing cancelled, one job created and submitted (the in-flight run's)", got)
	}
}

// An unsubmitted job of this file older than an upload can take was left
// by a run that is gone: it is cancelled and the rows are loaded by a
// new job (the existing orphan rule, now read through the marker).
func TestGeneratedJobClaim_oldCreatedJobIsCancelled(t *testing.T) {
	emu, url, _, g, orphan := leftCreated(t, accountRows("orphan", 2), 2)
	emu.BackdateJob(orphan.ID, loadguard.InFlightWindow+time.Minute, "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ran, err := runnerProcess(t, url, 30).runGeneratedJob(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	if j, _ := emu.Job(orphan.ID); j.Status != client.StatusCancelled || ran.ID == orphan.ID || ran.Adopted {
		t.Errorf("the orphan is %s and the run ran %s (adopted %v); want it cancelled and a new job", j.Status, ran.ID, ran.Adopted)
	}
	if len(emu.Records("Account")) != 2 {
		t.Errorf("%d accounts; want 2", len(emu.Records("Account")))
	}
}

// leftCreated is an emulator holding what another run of the generated
// Import of content left: a Created job with its name and marker, no file.
func leftCreated(t *testing.T, content string, rows int) (*emulator.Server, string, *client.Client, generatedJob, *client.CreatedJob) {
	emu, url := startEmulator(t, emulator.Options{})
	g := generatedAccounts(content, rows)
	c := emulatorClient(t, url)
	marked := loadguard.MarkedName(g.name(sha256Hex(content)), sha256Hex(content), loadguard.NewAttempt(), false)
	return emu, url, c, g, createJob(t, c, accountJob("Import", marked))
}

// A create whose answer is lost every time (Zuora made the job, the
// connection dropped) leaves a Created job with this run's marker, which
// any other run, and the next apply, would wait for as a run in flight.
// The runner cancels it before it reports the failure, so the next apply
// loads at once, with one submission.
func TestGeneratedJobClaim_lostCreateIsCancelled(t *testing.T) {
	var lose atomic.Bool
	lose.Store(true)
	emu, url := serveEmulator(t, emulator.Options{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if lose.Load() && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/bulk-data/bulk-jobs") {
				next.ServeHTTP(httptest.NewRecorder(), r) // Zuora makes the job
				panic(http.ErrAbortHandler)               // and the answer is lost
			}
			next.ServeHTTP(w, r)
		})
	})
	content := accountRows("lost", 2)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pd := runnerProcess(t, url, 30)
	if _, err := pd.runGeneratedJob(ctx, generatedAccounts(content, 2)); err == nil {
		t.Fatal("the run succeeded though no create was answered")
	}
	jobs := emu.Jobs()
	if len(jobs) != 1 || jobs[0].Status != client.StatusCancelled {
		t.Fatalf("after the lost create the emulator holds %+v; want one job, cancelled", jobs)
	}
	lose.Store(false)
	start := time.Now()
	ran, err := runnerProcess(t, url, 30).runGeneratedJob(ctx, generatedAccounts(content, 2))
	if err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited > 20*time.Second || ran.Adopted || emu.Counts().Submissions != 1 || len(emu.Records("Account")) != 2 {
		t.Errorf("the next run took %s, adopted %v, %d submissions, %d accounts; want a prompt new load of 2 rows",
			waited, ran.Adopted, emu.Counts().Submissions, len(emu.Records("Account")))
	}
}

// A job that waited Created for a slot past the in-flight window claims
// again before it submits: another run, which took it for an orphan and
// loaded the same rows meanwhile, holds the load, and submitJob stops
// with that winner instead of submitting (claimLostError). A job that has
// not waited that long submits without another listing.
func TestClaimAgain_afterALongSlotWaitYieldsToASubmittedRival(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	pd := runnerProcess(t, url, 30)
	content := accountRows("waited", 2)
	sha := sha256Hex(content)
	id := loadguard.Identity{ObjectType: "Account", JobType: "Import", SHA256: sha, Size: int64(len(content)), Rows: 2}
	ownID := makeJob(t, pd.client, accountJob("Import", loadguard.MarkedName("accounts", sha, loadguard.NewAttempt(), false)), "", jobCreated)
	emu.BackdateJob(ownID, loadguard.InFlightWindow+time.Minute, "")
	rival := loadJob(t, pd.client, loadguard.MarkedName("accounts", sha, loadguard.NewAttempt(), false), content)
	own := client.Summary{ID: ownID, Status: client.StatusCreated, ObjectType: "Account", JobType: "Import"}
	ctx := context.Background()

	if winner, err := pd.claimAgain(id, own, time.Now())(ctx); winner != nil || err != nil {
		t.Errorf("a job created just now: winner %v, err %v; want none", winner, err)
	}
	_, err := pd.submitJob(ctx, ownID, pd.claimAgain(id, own, time.Now().Add(-loadguard.InFlightWindow-time.Minute)))
	var lost *claimLostError
	if !errors.As(err, &lost) || lost.Winner.ID != rival {
		t.Fatalf("submitJob after a long wait: %v; want the claim lost to %s", err, rival)
	}
	if s, _ := pd.client.JobSummary(ctx, ownID); s.Status != client.StatusCreated {
		t.Errorf("the waiting job is %s; submitJob must not submit it", s.Status)
	}
}

// An earlier job of the same bytes created before a job the caller had
// recorded when the run began is an earlier load, not an interrupted run:
// a new job sends the rows (a value set back by a later Update must be
// set again). With no such job after it, it is adopted, as an interrupted
// apply's is, or a racing run's.
func TestGeneratedJob_supersededEarlierJobIsNotAdopted(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{Profile: emulator.ProfileReference})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first := generatedAccounts(accountRows("flip", 2), 2)
	earlier, err := runnerProcess(t, url, 30).runGeneratedJob(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	emu.BackdateJob(earlier.ID, 2*time.Minute, "")
	later, err := runnerProcess(t, url, 30).runGeneratedJob(ctx, generatedAccounts(accountRows("flop", 3), 3))
	if err != nil {
		t.Fatal(err)
	}

	ran, err := runnerProcess(t, url, 30).runGeneratedJob(ctx, first) // nothing recorded
	if err != nil || ran.ID != earlier.ID || !ran.Adopted || emu.Counts().JobsCreated != 2 {
		t.Fatalf("recording nothing: ran %v (adopted %v, %v), %d jobs created; want %s adopted", ran.Summary, ran.Adopted, err, emu.Counts().JobsCreated, earlier.ID)
	}
	recordedNow := first // by this run: no earlier load, maybe a racing run's job
	recordedNow.Accounted = func(id string) bool { return id == later.ID }
	ran, err = runnerProcess(t, url, 30).runGeneratedJob(ctx, recordedNow)
	if err != nil || ran.ID != earlier.ID || !ran.Adopted || emu.Counts().JobsCreated != 2 {
		t.Fatalf("recorded in this run: ran %v (adopted %v, %v), %d jobs created; want %s adopted", ran.Summary, ran.Adopted, err, emu.Counts().JobsCreated, earlier.ID)
	}
	recorded := recordedNow // before this run began
	recorded.RecordedBefore = recorded.Accounted
	ran, err = runnerProcess(t, url, 30).runGeneratedJob(ctx, recorded)
	if err != nil {
		t.Fatal(err)
	}
	if ran.ID == earlier.ID || ran.Adopted || emu.Counts().JobsCreated != 3 || emu.Counts().Submissions != 3 {
		t.Errorf("recording %s: ran %s (adopted %v), counts %+v; want a new job submitted", later.ID, ran.ID, ran.Adopted, emu.Counts())
	}
}

// A listed job without a creation time (Zuora gave none) is not known to
// be older than the jobs recorded: it is adoptable, never sent again.
func TestGeneratedJob_supersededNeedsACreationTime(t *testing.T) {
	recorded := client.Summary{ID: "recorded", CreatedAt: time.Now()}
	g := generatedJob{RecordedBefore: func(id string) bool { return id == recorded.ID }}
	jobs := []client.Summary{recorded}
	if g.superseded(client.Summary{ID: "no-time"}, jobs) {
		t.Error("a job without a creation time was judged older than a recorded one")
	}
	if !g.superseded(client.Summary{ID: "older", CreatedAt: recorded.CreatedAt.Add(-time.Hour)}, jobs) {
		t.Error("a job an hour older than a recorded one was not judged superseded")
	}
}
