package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// raceTrials is how many times two runs race on one file (issue 20).
const raceTrials = 20

// Two runs (two workspaces: each its own terraform process, provider and
// state) apply the same file at the same moment, against an emulator
// slowed so that both list before either creates a job: it holds each
// create until the other run's arrives (or 3 s pass), as a slow network
// would. The claim settles it: one submission every time, both applies
// succeed, and both states hold the job that loaded the file. Every other
// trial runs on the reference profile.
func TestAccBulkJobClaim_racingRunsLoadOnce(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	content := accountRows("race", 20)
	raced := 0
	for trial := range raceTrials {
		t.Run(fmt.Sprintf("trial %d", trial), func(t *testing.T) {
			var creates rendezvous
			profile := []string{emulator.ProfileDefault, emulator.ProfileReference}[trial%2] // lean list entries, epoch seconds
			emu, url := serveEmulator(t, emulator.Options{Profile: profile}, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/bulk-data/bulk-jobs") {
						creates.meet(3 * time.Second)
					}
					next.ServeHTTP(w, r)
				})
			})
			source := writeJobFile(t, "accounts.jsonl", content)
			var ids [2]string
			var mu sync.Mutex
			for run := range ids {
				t.Run(fmt.Sprintf("run %d", run), func(t *testing.T) {
					t.Parallel()
					var id string
					applyInFreshWorkspace(t, resource.TestStep{
						Config: jobConfig(url, source, ""),
						ConfigStateChecks: []statecheck.StateCheck{
							expectState("status", knownvalue.StringExact(client.StatusCompleted)),
							expectState("name", knownvalue.StringExact("accounts")),
						},
						Check: captureJobID(&id),
					})
					mu.Lock()
					ids[run] = id
					mu.Unlock()
				})
			}
			t.Cleanup(func() {
				if t.Failed() {
					return
				}
				c := emu.Counts()
				if c.Submissions != 1 || len(emu.Records("Account")) != 20 {
					t.Errorf("%d submissions and %d accounts; want 1 and 20", c.Submissions, len(emu.Records("Account")))
				}
				winner := ""
				for _, j := range emu.Jobs() {
					switch j.Status {
					case client.StatusCompleted:
						winner = j.ID
					case client.StatusCancelled: // a loser's own job
					default:
						t.Errorf("job %s is %s", j.ID, j.Status)
					}
				}
				if ids[0] != winner || ids[1] != winner {
					t.Errorf("states hold %s and %s; the winner is %s", ids[0], ids[1], winner)
				}
				if c.JobsCreated == 2 {
					mu.Lock()
					raced++
					mu.Unlock()
				}
			})
		})
	}
	t.Logf("in %d of %d trials both runs created a job and the claim settled it", raced, raceTrials)
	if raced == 0 && !t.Failed() {
		t.Error("the runs never raced: the test proved nothing; slow the list more")
	}
}

// rendezvous holds the first caller of meet until a second one comes, or
// the timeout passes.
type rendezvous struct {
	mu      sync.Mutex
	waiting chan struct{}
}

func (r *rendezvous) meet(timeout time.Duration) {
	r.mu.Lock()
	if r.waiting != nil {
		close(r.waiting)
		r.waiting = nil
		r.mu.Unlock()
		return
	}
	ch := make(chan struct{})
	r.waiting = ch
	r.mu.Unlock()
	select {
	case <-ch:
	case <-time.After(timeout):
		r.mu.Lock()
		if r.waiting == ch {
			r.waiting = nil
		}
		r.mu.Unlock()
	}
}

// A run that created its job and was killed before submitting it, or is
// still uploading, holds a young Created job with the file's marker. The
// next run waits for it and never cancels it: when that run submits, it
// adopts the job; when it never does, apply stops at the create timeout
// with nothing cancelled; once the job is older than an upload can take,
// it is an orphan of this provider's, and apply cancels it and loads.
func TestAccBulkJobClaim_runInFlightIsWaitedForNeverCancelled(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("in flight", 3)
	source := writeJobFile(t, "accounts.jsonl", content)
	c := emulatorClient(t, url)
	marked := loadguard.MarkedName("accounts", sha256Hex(content), loadguard.NewAttempt(), false)

	// Killed after creating: never submitted.
	killed := makeJob(t, c, accountJob("Import", marked), "", jobCreated)
	applyInFreshWorkspace(t, resource.TestStep{
		Config:      jobConfig(url, source, "timeouts {\n    create = \"4s\"\n  }"),
		ExpectError: regexp.MustCompile(`(?s)may\s+still\s+be\s+uploading.*create\s+timeout\s+ran\s+out`),
	})
	if j, _ := emu.Job(killed); j.Status != client.StatusCreated || emu.Counts().Cancellations != 0 || emu.Counts().JobsCreated != 1 {
		t.Fatalf("the killed run's job is %s, %+v; want it Created, nothing cancelled or created", j.Status, emu.Counts())
	}

	// Still uploading: it submits while the next run waits.
	slow := createJob(t, c, accountJob("Import", marked))
	time.AfterFunc(time.Second, func() {
		if err := sendRows(c, slow, content, true); err != nil {
			t.Error(err)
		}
	})
	applyInFreshWorkspace(t, resource.TestStep{
		Config: jobConfig(url, source, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			expectState("status", knownvalue.StringExact(client.StatusCompleted)),
			expectState("rows_succeeded", knownvalue.Int64Exact(3)),
		},
		Check: resource.ComposeAggregateTestCheckFunc(expectJobID(&slow.ID),
			expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 1, Submissions: 1})),
	})
	if j, _ := emu.Job(killed); j.Status != client.StatusCreated {
		t.Errorf("the killed run's job is %s; it was still young", j.Status)
	}
}

// Five jobs at a time is tenant-wide (issue 14): with three slots held by
// another user, three files applied together wait for free slots, kept
// Created; never more than five run, nothing is cancelled, all complete.
func TestAccBulkJobClaim_waitsForFreeSlotsHeldByOthers(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{Profile: emulator.ProfileReference, OccupiedSlots: 3, StepDelay: 300 * time.Millisecond})
	release := time.AfterFunc(3*time.Second, func() { emu.ReleaseOtherJobs(3) })
	t.Cleanup(func() { release.Stop() })
	config := providerConfig(url)
	for _, name := range []string{"a", "b", "c"} {
		config += fmt.Sprintf(`
resource "zuora_bulk_job" %q {
  name        = %q
  object_type = "Account"
  source      = %q
}
`, name, name, writeJobFile(t, name+".jsonl", accountRows("slots "+name, 3)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("zuora_bulk_job.a", tfjsonpath.New("status"), knownvalue.StringExact(client.StatusCompleted)),
				statecheck.ExpectKnownValue("zuora_bulk_job.b", tfjsonpath.New("status"), knownvalue.StringExact(client.StatusCompleted)),
				statecheck.ExpectKnownValue("zuora_bulk_job.c", tfjsonpath.New("status"), knownvalue.StringExact(client.StatusCompleted)),
			},
			Check: expectCounts(emu, emulator.Counts{JobsCreated: 3, Uploads: 3, Submissions: 3}),
		}},
	})
	if most := emu.MaxRunning(); most > client.MaxRunningJobs {
		t.Errorf("%d jobs ran at once; Data Loader allows %d", most, client.MaxRunningJobs)
	}
}

// timeouts.create bounds everything Create does, the duplicate guard's
// listing included (issue 20 item 7): with a job list that takes a
// minute to answer, a 10 s create timeout ends the apply in about 10 s.
// The file's content is unknown until apply, and the list is slow once
// it has answered the plan that apply makes with the content known: what
// is slow is the listing of Create's guard.
func TestAccBulkJobClaim_createTimeoutBoundsTheGuard(t *testing.T) {
	var listed atomic.Bool
	emu, url := serveEmulator(t, emulator.Options{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/summaries") {
				next.ServeHTTP(w, r)
				return
			}
			if listed.Load() {
				select {
				case <-r.Context().Done():
					return
				case <-time.After(time.Minute):
				}
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			if rec.Code < 300 {
				listed.Store(true)
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
	})
	config := providerConfig(url) + fmt.Sprintf(`
resource "terraform_data" "rows" {
  input = %q
}

resource "zuora_bulk_job" "test" {
  name        = "accounts"
  object_type = "Account"
  content     = terraform_data.rows.output
  timeouts {
    create = "10s"
  }
}
`, accountRows("slow list", 2))
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:   func() { start = time.Now() }, // after ParallelTest's pause
			Config:      config,
			ExpectError: regexp.MustCompile(`10s\s+create\s+timeout\s+ran\s+out`),
		}},
	})
	if took := time.Since(start); took > 25*time.Second || !listed.Load() {
		t.Errorf("the apply took %s (the create timeout is 10s); the plan listed: %v", took, listed.Load())
	}
	if c := emu.Counts(); c.Submissions != 0 || c.JobsCreated != 0 {
		t.Errorf("%+v; nothing should have been created or submitted", c)
	}
}
