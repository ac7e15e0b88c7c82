package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// The duplicate guard against a tenant that answers as Zuora's reference
// documents (emulator profile "reference"): 404 for an empty job list,
// list entries without objectType or jobType.

func expectRecords(emu *emulator.Server, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(emu.Records("Account")); n != want {
			return fmt.Errorf("the emulator holds %d accounts, want %d", n, want)
		}
		return nil
	}
}

func TestAccBulkJobGuard_referenceFreshTenantAppliesFirstTime(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{Profile: emulator.ProfileReference})
	source := writeJobFile(t, "accounts.jsonl", accountRows("fresh", 2))
	applyInFreshWorkspace(t, resource.TestStep{
		Config: jobConfig(url, source, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			expectState("status", knownvalue.StringExact(client.StatusCompleted)),
			expectState("rows_succeeded", knownvalue.Int64Exact(2)),
		},
		Check: resource.ComposeAggregateTestCheckFunc(expectRecords(emu, 2),
			expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
	})
}

// A second workspace applying the same file adopts the first one's job,
// although the reference's list entries say neither object nor job type.
func TestAccBulkJobGuard_referenceSecondWorkspaceAdopts(t *testing.T) {
	t.Parallel()
	emu, rec, url := startRecordedEmulator(t, emulator.Options{Profile: emulator.ProfileReference})
	source := writeJobFile(t, "accounts.jsonl", accountRows("second", 3))
	var first string
	applyInFreshWorkspace(t, resource.TestStep{Config: jobConfig(url, source, ""), Check: captureJobID(&first)})
	applyInFreshWorkspace(t, resource.TestStep{
		Config: jobConfig(url, source, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			expectState("status", knownvalue.StringExact(client.StatusCompleted)),
			expectState("rows_succeeded", knownvalue.Int64Exact(3)),
		},
		Check: resource.ComposeAggregateTestCheckFunc(expectJobID(&first), expectRecords(emu, 3),
			expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
	})
	// The lean entry was completed from its own summary, never more than
	// once per job in each provider process (plan, apply).
	if n := len(rec.matching(http.MethodGet, first+"/summary", 0)); n == 0 {
		t.Errorf("the lean list entry of %s was never completed from its summary", first)
	}
}

// Edits that change no row (CRLF line endings, as git's autocrlf makes
// them; a trailing blank line) load nothing again: the plan updates
// source_sha256 in place and the state keeps the job that loaded the rows.
func TestAccBulkJobGuard_sameRowsInOtherBytesLoadNothingAgain(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	rows := accountRows("endings", 3)
	crlf := strings.ReplaceAll(rows, "\n", "\r\n")
	blank := crlf + "\r\n"
	source := writeJobFile(t, "accounts.jsonl", rows)
	var first string
	inPlace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate)}}
	loadedOnce := resource.ComposeAggregateTestCheckFunc(expectJobID(&first), expectRecords(emu, 3),
		expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, ""), Check: captureJobID(&first)},
			{
				PreConfig:         func() { rewriteJobFile(t, source, crlf) },
				Config:            jobConfig(url, source, ""),
				ConfigPlanChecks:  inPlace,
				ConfigStateChecks: []statecheck.StateCheck{expectState("source_sha256", knownvalue.StringExact(sha256Hex(crlf)))},
				Check:             loadedOnce,
			},
			{
				PreConfig:         func() { rewriteJobFile(t, source, blank) },
				Config:            jobConfig(url, source, ""),
				ConfigPlanChecks:  inPlace,
				ConfigStateChecks: []statecheck.StateCheck{expectState("source_sha256", knownvalue.StringExact(sha256Hex(blank)))},
				Check:             loadedOnce,
			},
		},
	})
}

// Another workspace whose copy of the file has CRLF line endings and a
// trailing blank line adopts the job that loaded the LF copy.
func TestAccBulkJobGuard_sameRowsInOtherBytesAdopt(t *testing.T) {
	t.Parallel()
	rows := accountRows("adopt-endings", 3)
	emu, url, _, first := loadedOnce(t, rows)
	crlf := writeJobFile(t, "crlf.jsonl", strings.ReplaceAll(rows, "\n", "\r\n")+"\r\n")
	applyInFreshWorkspace(t, resource.TestStep{
		Config:            jobConfig(url, crlf, ""),
		ConfigStateChecks: []statecheck.StateCheck{expectState("status", knownvalue.StringExact(client.StatusCompleted))},
		Check: resource.ComposeAggregateTestCheckFunc(expectJobID(&first), expectRecords(emu, 3),
			expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})),
	})
}

func TestAccProvider_duplicateCheckDaysOver365IsRefusedAtPlan(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("window", 2))
	config := strings.Replace(jobConfig(url, source, ""), `client_secret = "emulator-secret"`,
		"client_secret = \"emulator-secret\"\n  duplicate_check_days = 366", 1)
	applyInFreshWorkspace(t, resource.TestStep{
		Config:      config,
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)duplicate_check_days is 366; it must be at most 365.*12 months`),
	})
	if c := emu.Counts(); c.JobsCreated != 0 {
		t.Errorf("a job was created: %+v", c)
	}
}

// The guard's cost does not grow with the tenant's other activity beyond
// the listing: 20,000 jobs in the window (an integration uploading every
// two minutes for a month), three resources, one plan.
func TestAccBulkJobGuard_listCallsOfOnePlanWith20000Jobs(t *testing.T) {
	t.Parallel()
	emu, rec, url := startRecordedEmulator(t, emulator.Options{Profile: emulator.ProfileReference, RateLimit: -1})
	emu.AddOtherJobs(20000, "Completed", 29*24*time.Hour, time.Minute)
	var body strings.Builder
	for i := range 3 {
		source := writeJobFile(t, fmt.Sprintf("accounts-%d.jsonl", i), accountRows(fmt.Sprintf("busy-%d", i), 2+i))
		fmt.Fprintf(&body, "resource \"zuora_bulk_job\" \"busy_%d\" {\n  object_type = \"Account\"\n  name = \"busy %d\"\n  source = %q\n}\n", i, i, source)
	}
	applyInFreshWorkspace(t, resource.TestStep{
		Config:             providerConfig(url) + body.String(),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	// terraform-plugin-testing runs more than one plan for a PlanOnly step,
	// each in a provider instance of its own with a token of its own:
	// count per token, one plan each.
	perPlan := map[string]int{}
	for _, e := range rec.matching(http.MethodGet, "/bulk-jobs/summaries", 0) {
		perPlan[e.Header.Get("Authorization")]++
	}
	summaries := len(rec.matching(http.MethodGet, "/summary", 0))
	for _, lists := range perPlan {
		t.Logf("one plan of 3 resources against 20,000 jobs in the window: %d list calls, %d summary calls", lists, summaries)
		if lists > 25 {
			t.Errorf("%d list calls; the goal is at most 25", lists)
		}
	}
	if len(perPlan) == 0 {
		t.Fatal("no plan listed the tenant's jobs")
	}
	if summaries != 0 {
		t.Errorf("%d summaries read; no other job has these row counts", summaries)
	}
}

// Within the window Zuora keeps a loaded job's file 12 months: a Completed
// job with this file's row count whose file Zuora does not provide is an
// anomaly, refused at plan rather than loaded again.
func TestAccBulkJobGuard_completedJobWithoutFileIsRefusedAtPlan(t *testing.T) {
	t.Parallel()
	emu, url, source, first := loadedOnce(t, accountRows("no-file", 3))
	emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathSuffix: first + "/downloads", Status: http.StatusNotFound, Times: 100})
	applyInFreshWorkspace(t, resource.TestStep{
		Config:      jobConfig(url, source, ""),
		ExpectError: regexp.MustCompile(`(?s)A job that may hold this file has no file in Zuora.*` + first + `.*12 months.*load_again`),
	})
	if c := emu.Counts(); c.Submissions != 1 {
		t.Errorf("%d submissions; the file must not be loaded again", c.Submissions)
	}
}
