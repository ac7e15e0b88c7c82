package client_test

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// These tests run the client against the in-process emulator in both
// profiles: today's emulator, and the one that answers as Zuora's
// published reference documents.

var profiles = []string{emulator.ProfileDefault, emulator.ProfileReference}

func profileClient(t *testing.T, opts emulator.Options) (*emulator.Server, *client.Client) {
	t.Helper()
	opts.Dir = t.TempDir()
	if opts.StepDelay == 0 {
		opts.StepDelay = 5 * time.Millisecond
	}
	emu := emulator.New(opts)
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { _ = emu.Close() })
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{
		BaseURL: srv.URL, ClientID: emulator.DefaultClientID, ClientSecret: emulator.DefaultClientSecret,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond,
		PollMin: 5 * time.Millisecond, PollMax: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return emu, c
}

const accountsCSV = "name;currency;billCycleDay\nSam;USD;1\nJoe;USD;1\n"

func openString(s string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }
}

// load creates, uploads and submits a CSV job, as the provider does.
func load(ctx context.Context, t *testing.T, c *client.Client, name string) string {
	t.Helper()
	job, err := c.CreateJob(ctx, client.CreateJobRequest{Name: name, ObjectType: "Account", JobType: "Import", FileType: "csv", Delimiter: ";"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Upload(ctx, job.Upload, "accounts.csv", int64(len(accountsCSV)), openString(accountsCSV)); err != nil {
		t.Fatal(err)
	}
	// The provider's submitJob loop: a slot taken between the count and
	// the submission sends the job back to waiting, with a new key.
	for attempt := 1; ; attempt++ {
		if err := c.WaitForJobSlot(ctx); err != nil {
			t.Fatal(err)
		}
		_, err := c.SubmitJob(client.WithKeyAttempt(ctx, attempt), job.ID)
		if !client.IsSlotLimit(err) {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	return job.ID
}

func TestCreateUploadSubmitWaitInBothProfiles(t *testing.T) {
	t.Parallel()
	for _, profile := range profiles {
		t.Run(profile, func(t *testing.T) {
			t.Parallel()
			emu, c := profileClient(t, emulator.Options{Profile: profile})
			id := load(t.Context(), t, c, "both profiles")
			s, err := c.WaitForJob(t.Context(), id, nil)
			if err != nil || s.Status != client.StatusCompleted || s.RowsSucceeded != 2 {
				t.Fatalf("%+v %v", s, err)
			}
			if same, _ := client.SameObject(s.ObjectType, "Account"); !same {
				t.Errorf("summary objectType %q is not Account", s.ObjectType)
			}
			if s.CreatedBy == "" {
				t.Error("the summary has no createdBy")
			}
			if got := len(emu.Records("Account")); got != 2 {
				t.Errorf("%d accounts stored, want 2", got)
			}
		})
	}
}

func TestAFreshTenantListsNothingWithoutErrorInBothProfiles(t *testing.T) {
	t.Parallel()
	for _, profile := range profiles {
		_, c := profileClient(t, emulator.Options{Profile: profile})
		all, err := c.ListJobSummaries(t.Context(), "")
		if err != nil || len(all) != 0 {
			t.Errorf("%s: %v %v", profile, all, err)
		}
		recent, err := c.ListRecentJobSummaries(t.Context(), time.Now().Add(-30*24*time.Hour), nil)
		if err != nil || len(recent) != 0 {
			t.Errorf("%s recent: %v %v", profile, recent, err)
		}
		if n, err := c.RunningJobs(t.Context()); err != nil || n != 0 {
			t.Errorf("%s running: %d %v", profile, n, err)
		}
	}
}

func TestLeanEntriesAreCompletedInBothProfiles(t *testing.T) {
	t.Parallel()
	for _, profile := range profiles {
		_, c := profileClient(t, emulator.Options{Profile: profile})
		id := load(t.Context(), t, c, "lean")
		if _, err := c.WaitForJob(t.Context(), id, nil); err != nil {
			t.Fatal(err)
		}
		all, err := c.ListJobSummaries(t.Context(), "")
		if err != nil || len(all) != 1 {
			t.Fatalf("%s: %v %v", profile, all, err)
		}
		if lean := all[0].Lean(); lean != (profile == emulator.ProfileReference) {
			t.Errorf("%s: lean %v, missing %v", profile, lean, all[0].Missing())
		}
		full, err := c.CompleteSummary(t.Context(), all[0])
		if same, known := client.SameObject(full.ObjectType, "accounts-and-contacts"); err != nil || !same || !known || full.JobType != "Import" || full.CreatedBy == "" {
			t.Errorf("%s: completed %+v %v", profile, full, err)
		}
	}
}

func TestAReplayedCreateIsTheOriginalJobInBothProfiles(t *testing.T) {
	t.Parallel()
	for _, profile := range profiles {
		emu, c := profileClient(t, emulator.Options{Profile: profile})
		ctx := client.WithIdempotencyKey(t.Context(), "workspace-1 accounts")
		req := client.CreateJobRequest{Name: "replayed", ObjectType: "Account", JobType: "Import", FileType: "jsonl"}
		first, err := c.CreateJob(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		again, err := c.CreateJob(ctx, req)
		if err != nil || again.ID != first.ID || again.Upload.URI == "" || len(again.Upload.Fields) == 0 {
			t.Errorf("%s: replay gave %+v %v, want job %s", profile, again, err, first.ID)
		}
		if n := emu.Counts().JobsCreated; n != 1 {
			t.Errorf("%s: %d jobs created", profile, n)
		}
		// Submit replays too: the second answer is the first's.
		content := `{"name":"Sam","currency":"USD","billCycleDay":1}` + "\n"
		if err := c.Upload(ctx, first.Upload, "a.jsonl", int64(len(content)), openString(content)); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if st, err := c.SubmitJob(ctx, first.ID); err != nil || st.ID != first.ID {
				t.Errorf("%s: submission %d: %+v %v", profile, i+1, st, err)
			}
		}
		if n := emu.Counts().Submissions; n != 1 {
			t.Errorf("%s: %d submissions", profile, n)
		}
	}
}

func TestThreeSlotsHeldByOthersNeverMoreThanFiveRunAndNothingIsCancelled(t *testing.T) {
	t.Parallel()
	emu, c := profileClient(t, emulator.Options{Profile: emulator.ProfileReference, OccupiedSlots: 3, StepDelay: 20 * time.Millisecond, RowsPerStep: 1})
	var wg sync.WaitGroup
	ids := make([]string, 3)
	for i := range ids {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ids[i] = load(t.Context(), t, c, "slot test")
			if s, err := c.WaitForJob(t.Context(), ids[i], nil); err != nil || s.Status != client.StatusCompleted {
				t.Errorf("job %d: %+v %v", i, s, err)
			}
		}(i)
	}
	wg.Wait()
	counts := emu.Counts()
	if most := emu.MaxRunning(); most > client.MaxRunningJobs || most < 4 {
		t.Errorf("at most %d jobs ran at once, want 4 or 5 and never more than 5", most)
	}
	if counts.Cancellations != 0 || counts.Submissions != 3 {
		t.Errorf("%d cancellations, %d submissions; want 0 and 3", counts.Cancellations, counts.Submissions)
	}
}

// A guard lists the jobs of its window once per run. With an integration
// that loads every minute, 30 days hold 40,000 jobs; this measures the
// calls one listing of 20,000 jobs in the window costs.
func TestListingTwentyThousandJobsInTheWindowCostsAtMost25Calls(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		profile  string
		maxCalls int
	}{{emulator.ProfileReference, 25}, {emulator.ProfileDefault, 205}} {
		emu, c := profileClient(t, emulator.Options{Profile: tc.profile, RateLimit: -1})
		day := 24 * time.Hour
		emu.AddOtherJobs(5_000, client.StatusCompleted, 60*day, 40*day) // older than the window
		emu.AddOtherJobs(20_000, client.StatusCompleted, 20*day, 0)
		before := emu.Counts().Requests
		jobs, err := c.ListRecentJobSummaries(t.Context(), time.Now().Add(-30*24*time.Hour), nil)
		calls := emu.Counts().Requests - before
		if err != nil || len(jobs) < 20_000 {
			t.Fatalf("%s: %d jobs, %v", tc.profile, len(jobs), err)
		}
		t.Logf("%s profile: %d list calls (token included) for %d jobs in the window", tc.profile, calls, len(jobs))
		if calls > tc.maxCalls {
			t.Errorf("%s: %d calls, want at most %d", tc.profile, calls, tc.maxCalls)
		}
	}
}

// The reference profile's rate limit runs out: the client waits out the
// 429s (by RateLimit-Reset: the page's 429 has no Retry-After) and the job still completes, and the figures it read
// say how little was left.
func TestASpentRateLimitIsWaitedOutOnTheReferenceProfile(t *testing.T) {
	t.Parallel()
	emu, c := profileClient(t, emulator.Options{Profile: emulator.ProfileReference, RateLimit: 3, RateLimitWindow: time.Second})
	id := load(t.Context(), t, c, "rate limited")
	s, err := c.WaitForJob(t.Context(), id, nil)
	if err != nil || s.Status != client.StatusCompleted {
		t.Fatalf("%+v %v", s, err)
	}
	if _, limit, ok := c.RateLimit(); !ok || limit != 3 {
		t.Errorf("rate limit read as %d (%v), want 3", limit, ok)
	}
	if counts := emu.Counts(); counts.Submissions != 1 || emu.Throttled() == 0 {
		t.Errorf("%d submissions, %d throttled requests; want 1 and some", counts.Submissions, emu.Throttled())
	}
}
