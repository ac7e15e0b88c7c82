package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// captureJobID saves the job id in state into dst.
func captureJobID(dst *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateJobID(s)
		*dst = id
		return err
	}
}

// expectJobID checks that state holds the job id *want.
func expectJobID(want *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateJobID(s)
		if err == nil && id != *want {
			err = fmt.Errorf("state holds job %s, want %s", id, *want)
		}
		return err
	}
}

// applyInFreshWorkspace applies config with a state of its own, as a
// second workspace, or a run whose provider died before saving state.
func applyInFreshWorkspace(t *testing.T, step resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{step}})
}

// loadedOnce starts an emulator and loads rows in a first workspace; it
// returns the emulator, its URL, the file and the job that loaded it.
func loadedOnce(t *testing.T, rows string) (emu *emulator.Server, url, source, first string) {
	t.Helper()
	emu, url = startEmulator(t, emulator.Options{})
	source = writeJobFile(t, "accounts.jsonl", rows)
	applyInFreshWorkspace(t, resource.TestStep{Config: jobConfig(url, source, ""), Check: captureJobID(&first)})
	return emu, url, source, first
}

func TestAccBulkJobGuard_secondWorkspaceAdopts(t *testing.T) {
	t.Parallel()
	emu, url, source, first := loadedOnce(t, accountRows("workspace", 3))
	applyInFreshWorkspace(t, resource.TestStep{
		Config: jobConfig(url, source, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			expectState("status", knownvalue.StringExact(client.StatusCompleted)),
			expectState("rows_succeeded", knownvalue.Int64Exact(3)),
			expectState("source_sha256", knownvalue.StringExact(sha256Hex(accountRows("workspace", 3)))),
			expectState("source_file_url", knownvalue.NotNull()),
		},
		Check: resource.ComposeAggregateTestCheckFunc(expectJobID(&first),
			expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
	})
}

// The provider died once Zuora had accepted the submission: the job runs
// on, and state never heard of it. The next apply waits for that job,
// confirms its file and adopts it.
func TestAccBulkJobGuard_killedAfterSubmissionAdoptsTheRunningJob(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("killed", 3)
	source := writeJobFile(t, "accounts.jsonl", content)
	c := emulatorClient(t, url)

	emu.SetPaused(true) // the job stays Submitted while plan looks at it
	submitted := makeJob(t, c, accountJob("Import", "accounts"), content, jobSubmitted)
	resume := time.AfterFunc(2*time.Second, func() { emu.SetPaused(false) })
	t.Cleanup(func() { resume.Stop() })

	applyInFreshWorkspace(t, resource.TestStep{
		Config: jobConfig(url, source, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			expectState("status", knownvalue.StringExact(client.StatusCompleted)),
			expectState("rows_succeeded", knownvalue.Int64Exact(3)),
		},
		Check: resource.ComposeAggregateTestCheckFunc(expectJobID(&submitted),
			expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
	})
}

func TestAccBulkJobGuard_cosmeticEditsApplyInPlace(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("cosmetic", 2)
	source := writeJobFile(t, "accounts.jsonl", content)
	moved := writeJobFile(t, "moved.jsonl", content) // another path, the same bytes
	var first string
	inPlace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate)}}
	renamed := func(src, extra string) string {
		return strings.Replace(jobConfig(url, src, extra), `name        = "accounts"`, `name        = "accounts, renamed"`, 1)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, ""), Check: captureJobID(&first)},
			{
				Config:            renamed(source, `description = "seed accounts"`),
				ConfigPlanChecks:  inPlace,
				ConfigStateChecks: []statecheck.StateCheck{expectState("name", knownvalue.StringExact("accounts, renamed"))},
			},
			{
				Config:            renamed(moved, `description = "seed accounts"`),
				ConfigPlanChecks:  inPlace,
				ConfigStateChecks: []statecheck.StateCheck{expectState("source", knownvalue.StringExact(moved))},
			},
			{
				Config: renamed(moved, `description = "seed accounts"
  validation = "warn"
  pci_check = "warn"
  max_failed_rows = 5
  wait_for_completion = false
  if_already_loaded = "error"
  timeouts {
    create = "5m"
  }`),
				ConfigPlanChecks: inPlace,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("if_already_loaded", knownvalue.StringExact("error")),
					expectState("status", knownvalue.StringExact(client.StatusCompleted)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobID(&first),
					expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
			},
		},
	})
}

// A job Zuora no longer returns stays in state as it was: no plan
// proposes loading its file again.
func TestAccBulkJobGuard_notFoundKeepsTheResource(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("gone", 2))
	var first string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, ""), Check: captureJobID(&first)},
			{
				PreConfig: func() {
					emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathSuffix: "/summary", Status: http.StatusNotFound, Times: 1000})
				},
				Config: jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("status", knownvalue.StringExact(client.StatusCompleted)),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobID(&first),
					expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
			},
		},
	})
}

// A create that failed taints the resource; the replacement finds the same
// job, reports the same failure and loads nothing. Accepting the result
// with max_failed_rows settles it, still with one submission.
func TestAccBulkJobGuard_failedCreateIsNotLoadedAgain(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", rowsFailingInZuora(2))
	var first string
	once := expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, "max_failed_rows = 0"), ExpectError: regexp.MustCompile(`Too many rows failed`)},
			{Config: jobConfig(url, source, "max_failed_rows = 0"), ExpectError: regexp.MustCompile(`(?s)Too many rows failed.*was adopted`)},
			{
				Config: jobConfig(url, source, "max_failed_rows = 10"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("rows_succeeded", knownvalue.Int64Exact(1)),
					expectState("rows_failed", knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(captureJobID(&first), notTainted, once),
			},
		},
	})
	if jobs := emu.Jobs(); len(jobs) != 1 || jobs[0].ID != first {
		t.Errorf("emulator jobs = %+v, want only %s", jobs, first)
	}
}

func TestAccBulkJobGuard_loadAgainLoadsAgain(t *testing.T) {
	t.Parallel()
	emu, url, source, first := loadedOnce(t, accountRows("again", 2))
	applyInFreshWorkspace(t, resource.TestStep{
		Config: jobConfig(url, source, `if_already_loaded = "load_again"`),
		Check: resource.ComposeAggregateTestCheckFunc(
			func(s *terraform.State) error {
				if id, _ := stateJobID(s); id == first {
					return fmt.Errorf("state holds the first job %s; want a new one", id)
				}
				return nil
			},
			expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 2, Submissions: 2})),
	})
}

func TestAccBulkJobGuard_errorFailsThePlan(t *testing.T) {
	t.Parallel()
	emu, url, source, first := loadedOnce(t, accountRows("refuse", 2))
	applyInFreshWorkspace(t, resource.TestStep{
		Config:      jobConfig(url, source, `if_already_loaded = "error"`),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)This file was loaded already.*` + first),
	})
	if err := expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})(nil); err != nil {
		t.Error(err)
	}
}

// A job an earlier apply of this provider created but never submitted (it
// was killed during the upload, more than an upload's time ago) holds no
// data: the next apply cancels it and loads the file. It carries the
// file's marker and the provider's Zuora user created it; a person's
// Created job with the resource's name, and an old one of this file by
// another user, are left alone (issue 14).
func TestAccBulkJobGuard_orphanInCreatedIsCancelled(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("orphan", 2)
	source := writeJobFile(t, "accounts.jsonl", content)
	c := emulatorClient(t, url)
	orphan := seedOrphan(t, emu, url, content)
	someones := makeJob(t, c, accountJob("Import", loadguard.MarkedName("accounts", sha256Hex(content), loadguard.NewAttempt(), false)), "", jobCreated)
	persons := makeJob(t, c, accountJob("Import", "accounts"), "", jobCreated)
	emu.BackdateJob(someones, loadguard.InFlightWindow+time.Minute, emulator.OtherUser)
	emu.BackdateJob(persons, time.Minute, emulator.OtherUser)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            jobConfig(url, source, ""),
			ConfigStateChecks: []statecheck.StateCheck{expectState("status", knownvalue.StringExact(client.StatusCompleted))},
			Check:             expectCounts(emu, emulator.Counts{JobsCreated: 4, Uploads: 1, Submissions: 1, Cancellations: 1}),
		}},
	})
	for id, want := range map[string]string{orphan: client.StatusCancelled, someones: client.StatusCreated, persons: client.StatusCreated} {
		if j, _ := emu.Job(id); j.Status != want {
			t.Errorf("job %s (%q) is %s, want %s", id, j.Name, j.Status, want)
		}
	}
}

// A person's Created job with the resource's name sits in the tenant, on
// the reference profile (lean list entries): apply loads the file in a
// job of its own and leaves the person's job Created.
func TestAccBulkJobGuard_personsCreatedJobIsLeftAlone(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{Profile: emulator.ProfileReference})
	source := writeJobFile(t, "accounts.jsonl", accountRows("person", 2))
	persons := makeJob(t, emulatorClient(t, url), accountJob("Import", "accounts"), "", jobCreated)
	emu.BackdateJob(persons, time.Hour, emulator.OtherUser)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("status", knownvalue.StringExact(client.StatusCompleted)),
				expectState("name", knownvalue.StringExact("accounts")),
			},
			Check: expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 1, Submissions: 1}),
		}},
	})
	if j, _ := emu.Job(persons); j.Status != client.StatusCreated {
		t.Errorf("the person's job is %s, want Created", j.Status)
	}
}

// Two resources of one configuration loading the same file make one job.
func TestAccBulkJobGuard_sameFileTwiceInOneConfigurationLoadsOnce(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("twice", 2))
	config := jobConfig(url, source, "") + fmt.Sprintf(`
resource "zuora_bulk_job" "again" {
  name        = "accounts again"
  object_type = "Account"
  source      = %q
}
`, source)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs(jobAddr, tfjsonpath.New("id"), "zuora_bulk_job.again", tfjsonpath.New("id"), compare.ValuesSame()),
			},
			Check: expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
		}},
	})
}

func TestJudgeMatch(t *testing.T) {
	src := path.Root("source")
	for _, c := range []struct {
		status, mode string
		rows         int64
		want         diag.Severity
		says         string
	}{
		{client.StatusCompleted, alreadyLoadedAdopt, 3, diag.SeverityWarning, "apply adopts it instead of loading the file again"},
		{client.StatusInProgress, alreadyLoadedAdopt, 0, diag.SeverityWarning, "apply adopts it"},
		{client.StatusCompleted, alreadyLoadedError, 3, diag.SeverityError, `if_already_loaded is "error"`},
		{client.StatusAborted, alreadyLoadedAdopt, 2, diag.SeverityError, "stopped after loading 2 rows"},
		{client.StatusFailed, alreadyLoadedAdopt, 2, diag.SeverityError, "stopped after loading 2 rows"},
	} {
		s := client.Summary{ID: "job-1", Name: "accounts", Status: c.status, RowsSucceeded: c.rows, RowCount: 3,
			CreatedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		d := judgeMatch(s, c.mode, src)
		if d.Severity() != c.want || !strings.Contains(d.Detail(), c.says) ||
			!strings.Contains(d.Detail(), "job-1") || !strings.Contains(d.Detail(), "2026-03-01T12:00:00Z") ||
			!strings.Contains(d.Detail(), `if_already_loaded = "load_again"`) {
			t.Errorf("%s/%s: %v %s", c.status, c.mode, d.Severity(), d.Detail())
		}
	}
}

func TestFindLoad(t *testing.T) {
	emu, pd := emulatorProviderData(t)
	pd.loads = loadguard.New(pd.client, 30)
	c := pd.client
	content := accountRows("find", 2)
	loaded := loadJob(t, c, "seed", content)
	persons := makeJob(t, c, accountJob("Import", "accounts"), "", jobCreated) // no marker: may be a person's
	makeJob(t, c, accountJob("Import", "another name"), "", jobCreated)
	ctx := context.Background()
	id := loadguard.Identity{ObjectType: "Account", JobType: "Import", SHA256: sha256Hex(content), Size: int64(len(content)), Rows: 2, Name: "accounts"}

	f, err := pd.loads.Find(ctx, id, false)
	if err != nil || f.Match == nil || f.Match.ID != loaded {
		t.Fatalf("finding = %+v, %v; want a match with %s", f, err, loaded)
	}
	requests := emu.Counts().Requests
	if f, err = pd.loads.Find(ctx, id, false); err != nil || f.Match == nil || emu.Counts().Requests != requests {
		t.Errorf("the second look asked Zuora again (%d requests, was %d) or found %+v", emu.Counts().Requests, requests, f)
	}

	for name, other := range map[string]func(loadguard.Identity) loadguard.Identity{
		"other bytes":     func(i loadguard.Identity) loadguard.Identity { i.SHA256 = sha256Hex("x"); return i },
		"other job type":  func(i loadguard.Identity) loadguard.Identity { i.JobType = "Update"; return i },
		"other object":    func(i loadguard.Identity) loadguard.Identity { i.ObjectType = "Contact"; return i },
		"other row count": func(i loadguard.Identity) loadguard.Identity { i.Rows = 5; return i },
	} {
		f, err := pd.loads.Find(ctx, other(id), true)
		if err != nil || f.Match != nil {
			t.Errorf("%s: finding %+v, %v; want no match", name, f.Match, err)
		}
		if name == "other bytes" && (len(f.Orphans) != 0 || len(f.Unsubmitted) != 1 || f.Unsubmitted[0].ID != persons) {
			t.Errorf("orphans = %+v, unsubmitted = %+v; want only %s unsubmitted (same name, no marker: left alone)",
				f.Orphans, f.Unsubmitted, persons)
		}
	}

	// A completed teardown of that import (a Delete job named after it)
	// undid it: loading the file again is no duplicate.
	teardown := teardownOf(t, c, emu, loaded)
	if f, err := pd.loads.Find(ctx, id, true); err != nil || f.Match != nil {
		t.Errorf("after teardown %s: finding %+v, %v; want no match", teardown, f.Match, err)
	}

	// A candidate larger than the file to load is not read to its end,
	// and is no match.
	pd.loads = loadguard.New(pd.client, 30)
	small := id
	small.SHA256, small.Size = sha256Hex("{}\n"), 3
	if f, err := pd.loads.Find(ctx, small, true); err != nil || f.Match != nil {
		t.Errorf("a smaller file: %+v, %v; want no match", f.Match, err)
	}

	pd.loads = loadguard.New(pd.client, 0)
	if f, err := pd.loads.Find(ctx, id, true); err != nil || f.Match != nil {
		t.Errorf("with the guard off: %+v, %v", f, err)
	}
}

// A job aborted after loading some rows of the file may hold it, and
// Zuora shows no file for it: applying the file again is refused unless
// load_again says to.
func TestAccBulkJobGuard_abortedWithRowsIsRefused(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{RowsPerStep: 1})
	content := accountRows("aborted", 30)
	source := writeJobFile(t, "accounts.jsonl", content)
	aborted := abortAfterSomeRows(t, emulatorClient(t, url), content)

	applyInFreshWorkspace(t, resource.TestStep{
		Config:      jobConfig(url, source, ""),
		ExpectError: regexp.MustCompile(`(?s)may hold this file stopped after loading rows.*` + aborted),
	})
	if err := expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1, Aborts: 1})(nil); err != nil {
		t.Fatal(err)
	}
	applyInFreshWorkspace(t, resource.TestStep{
		Config: jobConfig(url, source, `if_already_loaded = "load_again"`),
		Check:  expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 2, Submissions: 2, Aborts: 1}),
	})
}

// abortAfterSomeRows loads content as an Account Import job and aborts it
// once it has loaded a row, as a destroy during the run would.
func abortAfterSomeRows(t *testing.T, c *client.Client, content string) string {
	t.Helper()
	ctx := context.Background()
	id := makeJob(t, c, accountJob("Import", "accounts"), content, jobSubmitted)
	for range 500 {
		s, err := c.JobSummary(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if s.RowsSucceeded > 0 {
			if _, err := c.AbortJob(ctx, id); err != nil {
				t.Fatal(err)
			}
			done, err := c.WaitForJob(ctx, id, nil)
			if err != nil || done.Status != client.StatusAborted || done.RowsSucceeded == 0 {
				t.Fatalf("aborted job: %+v, %v", done, err)
			}
			return id
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the job loaded no row")
	return ""
}

// A job left running that Zuora then stops returning is not waited for on
// every plan: it stays as last seen, and the plan is empty.
func TestAccBulkJobGuard_notFoundWhileRunningSettles(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	emu.SetPaused(true)
	source := writeJobFile(t, "accounts.jsonl", accountRows("gone running", 2))
	// The create timeout bounds the whole create, which lists the claims
	// a second after creating the job (loadguard/claim.go).
	config := jobConfig(url, source, `
  timeouts {
    create = "3s"
  }`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ExpectNonEmptyPlan: true},
			{
				PreConfig: func() {
					emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathSuffix: "/summary", Status: http.StatusNotFound, Times: 1000})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectState("status", knownvalue.StringExact(client.StatusSubmitted))},
				Check:             expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
		},
	})
}

// teardownOf deletes every Account record in a Delete job named as the
// teardown of import job importID, and waits for it to complete.
func teardownOf(t *testing.T, c *client.Client, emu *emulator.Server, importID string) string {
	t.Helper()
	id := makeJob(t, c, accountJob("Delete", loadguard.TeardownName(importID)), idRows(liveAccountIDs(emu)), jobCompleted)
	if done, err := c.JobSummary(context.Background(), id); err != nil || done.RowsSucceeded == 0 {
		t.Fatalf("teardown job: %+v, %v", done, err)
	}
	return id
}

func TestRefuseUnconfirmedExplainsAMissingFile(t *testing.T) {
	src := path.Root("source")
	jobs := []client.Summary{
		{ID: "done", Name: "accounts", Status: client.StatusCompleted, RowCount: 3, RowsSucceeded: 3},
		{ID: "stopped", Name: "accounts", Status: client.StatusAborted, RowCount: 3, RowsSucceeded: 2},
	}
	diags := refuseUnconfirmed(jobs, src)
	if len(diags) != 2 || diags.ErrorsCount() != 2 {
		t.Fatalf("diagnostics %v; want two errors", diags)
	}
	completed, stopped := diags[0], diags[1]
	for _, want := range []string{"done", "does not provide the file", "12 months", "3 rows twice", `if_already_loaded = "load_again"`} {
		if !strings.Contains(completed.Summary()+" "+completed.Detail(), want) {
			t.Errorf("the Completed job's error lacks %q: %s: %s", want, completed.Summary(), completed.Detail())
		}
	}
	if !strings.Contains(stopped.Detail(), "stopped after loading 2 rows") {
		t.Errorf("the stopped job's error: %s", stopped.Detail())
	}
}
