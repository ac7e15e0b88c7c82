package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// Eight resources on one file hold one import job. Destroyed together
// with -parallelism=20, they run one Delete job: the first destroy submits
// it, the other seven wait for it and report its outcome, and none fails
// (issue 20: 2–4 of 8 failed with "Cannot upload the teardown job's ids
// … is Submitted"). terraform-plugin-testing cannot pass -parallelism, so
// this drives the CLI. The eight hold the job either because the guard
// adopted it for seven of them (and the guard's lock also orders their
// teardowns), or because import blocks put it in all eight with the
// guard off (nothing but the shared teardown orders them).
func TestAccBulkJob_sharedTeardownRunsOnce(t *testing.T) {
	for _, how := range []string{"adopted", "imported"} {
		t.Run(how, func(t *testing.T) { testSharedTeardown(t, how == "imported") })
	}
}

func testSharedTeardown(t *testing.T, imported bool) {
	emu, url := startEmulator(t, emulator.Options{})
	content := numberedAccounts("P-1", "P-2", "P-3")
	source := writeJobFile(t, "accounts.jsonl", content)
	settings, importBlocks := "", ""
	if imported {
		id := loadJob(t, emulatorClient(t, url), "loaded elsewhere", content)
		settings += "  duplicate_check_days = 0\n"
		for i := range 8 {
			importBlocks += fmt.Sprintf("import {\n  to = zuora_bulk_job.shared[%d]\n  id = %q\n}\n", i, id)
		}
	}
	w := newCLIWorkdir(t, cliProvider(url, settings)+importBlocks+fmt.Sprintf(`
resource "zuora_bulk_job" "shared" {
  count       = 8
  name        = "shared accounts"
  object_type = "Account"
  source      = %q
  on_destroy  = "delete_records"
}
`, source))
	w.run("apply", "-auto-approve", "-no-color", "-input=false", "-parallelism=20")
	imports := map[string]bool{}
	for _, j := range emu.Jobs() {
		if j.JobType == "Import" {
			imports[j.ID] = true
		}
	}
	if len(imports) != 1 {
		t.Fatalf("apply created %d import jobs, want 1 adopted by all eight", len(imports))
	}
	var importID string
	for id := range imports {
		importID = id
	}
	if state := w.run("state", "list"); strings.Count(state, "zuora_bulk_job.shared[") != 8 {
		t.Fatalf("state lists:\n%s", state)
	}

	out := w.run("destroy", "-auto-approve", "-no-color", "-input=false", "-parallelism=20")
	torn := teardownJobs(emu, importID)
	if len(torn) != 1 || torn[0].Status != client.StatusCompleted || torn[0].RowsSucceeded != 3 {
		t.Errorf("teardown jobs %+v, want one Completed Delete job of 3 rows", torn)
	}
	if c := emu.Counts(); c.JobsCreated != 2 || c.Submissions != 2 || c.Uploads != 2 {
		t.Errorf("emulator counts %+v, want 2 jobs created, uploaded and submitted (the import and one teardown)", c)
	}
	if err := expectAccounts(emu); err != nil {
		t.Error(err)
	}
	for _, a := range emu.DeletedRecords("Account") {
		if a["status"] != "Canceled" {
			t.Errorf("deleted account %v, want status Canceled", a)
		}
	}
	if want := "3 of 3 deleted (cancelled: Zuora sets the accounts to Canceled"; !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
		t.Errorf("destroy output lacks %q:\n%s", want, out)
	}
	if state := w.run("state", "list"); strings.TrimSpace(state) != "" {
		t.Errorf("state after destroy lists:\n%s", state)
	}
}

// Two states hold one job: the second adopted what the first loaded. The
// first destroys with delete_records; the second's next plan sees the
// teardown on refresh and plans to load the file again (issue 16), rather
// than "no changes" over ids of deleted records.
func TestAccBulkJob_teardownInAnotherStatePlansReload(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", numberedAccounts("Q-1", "Q-2"))
	config := func(onDestroy string) string {
		return cliProvider(url, "") + fmt.Sprintf(`
resource "zuora_bulk_job" "accounts" {
  name        = "accounts"
  object_type = "Account"
  source      = %q
  on_destroy  = %q
}
`, source, onDestroy)
	}
	first, second := newCLIWorkdir(t, config(onDestroyDeleteRecords)), newCLIWorkdir(t, config(onDestroyForget))
	first.run("apply", "-auto-approve", "-no-color", "-input=false")
	second.run("apply", "-auto-approve", "-no-color", "-input=false")
	if c := emu.Counts(); c.JobsCreated != 1 {
		t.Fatalf("the second state loaded again (%d jobs), want it to adopt the first's", c.JobsCreated)
	}
	if _, changes := second.planChanges(); changes {
		t.Fatal("the second state plans changes before any teardown")
	}
	first.run("destroy", "-auto-approve", "-no-color", "-input=false")
	if err := expectAccounts(emu); err != nil {
		t.Fatal(err)
	}
	out, changes := second.planChanges()
	flat := strings.Join(strings.Fields(out), " ")
	if !changes || !strings.Contains(flat, "zuora_bulk_job.accounts will be created") || !strings.Contains(flat, "The records this job loaded were deleted") {
		t.Fatalf("the second state's plan after the teardown:\n%s", out)
	}
	second.run("apply", "-auto-approve", "-no-color", "-input=false")
	if err := expectAccounts(emu, "Q-1", "Q-2"); err != nil {
		t.Error(err)
	}
}

// A plan that destroys a resource with delete_records while another
// adopts its job (a rename without a moved block) or keeps it (count
// lowered on resources sharing one job) says so, and how to keep the
// records (terraform-plugin-testing cannot assert plan warnings).
func TestAccBulkJob_planWarnsOfTeardownOfAHeldJob(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", numberedAccounts("W-1", "W-2"))
	config := func(address string, count int) string {
		return cliProvider(url, "") + fmt.Sprintf(`
resource "zuora_bulk_job" %q {
  count       = %d
  name        = "accounts"
  object_type = "Account"
  source      = %q
  on_destroy  = "delete_records"
}
`, address, count, source)
	}
	for _, c := range []struct {
		name          string
		before, after string
		want          []string
	}{
		{"rename", config("old", 1), config("new", 1), []string{"adopts that job", "add a moved block"}},
		{"count lowered", config("shared", 2), config("shared", 1), []string{"keeps that job", `set on_destroy = "forget" on the destroyed resource`}},
	} {
		w := newCLIWorkdir(t, c.before)
		w.run("apply", "-auto-approve", "-no-color", "-input=false")
		if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(strings.Replace(readFile(t, filepath.Join(w.dir, "main.tf")), c.before, c.after, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		out, _ := w.planChanges()
		flat := strings.Join(strings.Fields(out), " ")
		for _, want := range append(c.want, "This plan deletes the records of a job another resource holds") {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: plan lacks %q:\n%s", c.name, want, out)
			}
		}
	}
}
