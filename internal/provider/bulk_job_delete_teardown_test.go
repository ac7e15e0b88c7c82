package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// accountNumbers are the numbers of the Account records the emulator holds, sorted.
func accountNumbers(emu *emulator.Server) []string {
	var out []string
	for _, a := range emu.Records("Account") {
		out = append(out, fmt.Sprint(a["accountNumber"]))
	}
	sort.Strings(out)
	return out
}

func expectAccounts(emu *emulator.Server, want ...string) error {
	if got := accountNumbers(emu); strings.Join(got, ",") != strings.Join(want, ",") {
		return fmt.Errorf("emulator holds accounts %v, want %v", got, want)
	}
	return nil
}

// teardownJobs are the emulator's Delete jobs that undo import id.
func teardownJobs(emu *emulator.Server, importID string) []emulator.JobView {
	var out []emulator.JobView
	for _, j := range emu.Jobs() {
		if j.JobType == "Delete" && j.Name == loadguard.TeardownName(importID) {
			out = append(out, j)
		}
	}
	return out
}

// liveAccountIDs are the ids of the accounts the emulator holds.
func liveAccountIDs(emu *emulator.Server) []string {
	var ids []string
	for _, r := range emu.Records("Account") {
		ids = append(ids, fmt.Sprint(r["Id"]))
	}
	return ids
}

// accountsTenant starts an emulator and writes an accounts file with
// these account numbers.
func accountsTenant(t *testing.T, numbers ...string) (*emulator.Server, string, *client.Client, string) {
	t.Helper()
	emu, url := startEmulator(t, emulator.Options{})
	return emu, url, emulatorClient(t, url), writeJobFile(t, "accounts.jsonl", numberedAccounts(numbers...))
}

// saveJobID saves the job id Terraform saved in *dst, for later steps.
func saveJobID(dst *string) resource.TestCheckFunc {
	return func(s *terraform.State) (err error) {
		*dst, err = stateJobID(s)
		return err
	}
}

func teardownConfig(url, source, onDestroy string) string {
	return jobConfig(url, source, fmt.Sprintf("  on_destroy = %q", onDestroy))
}

// Load, destroy with delete_records (records gone, one Delete job named
// after the import), then load the same file again: no unique-key
// conflict, and the duplicate guard does not take the undone import.
func TestAccBulkJob_onDestroyDeletesRecords(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", numberedAccounts("T-1", "T-2", "T-3"))
	config := teardownConfig(url, source, onDestroyDeleteRecords)
	var importID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("on_destroy", knownvalue.StringExact(onDestroyDeleteRecords)),
					expectState("rows_succeeded", knownvalue.Int64Exact(3)),
				},
				Check: func(s *terraform.State) error {
					var err error
					importID, err = stateJobID(s)
					if err != nil {
						return err
					}
					return expectAccounts(emu, "T-1", "T-2", "T-3")
				},
			},
			{
				Config:  config,
				Destroy: true,
				Check: func(*terraform.State) error {
					if err := expectAccounts(emu); err != nil {
						return err
					}
					jobs := teardownJobs(emu, importID)
					if len(jobs) != 1 || jobs[0].Status != client.StatusCompleted || jobs[0].RowsSucceeded != 3 || jobs[0].ObjectType != "Account" {
						return fmt.Errorf("teardown jobs = %+v, want one Completed Account Delete job of 3 rows", jobs)
					}
					return nil
				},
			},
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("rows_succeeded", knownvalue.Int64Exact(3)),
					expectState("rows_failed", knownvalue.Int64Exact(0)),
				},
				Check: func(s *terraform.State) error {
					if id, _ := stateJobID(s); id == importID {
						return fmt.Errorf("the undone import %s was adopted instead of loading again", id)
					}
					return expectAccounts(emu, "T-1", "T-2", "T-3")
				},
			},
		},
	})
}

// A destroy that finds the Delete job an interrupted destroy submitted
// waits for it and submits none; an unsubmitted one is cancelled and
// replaced, so exactly one Delete job ever runs.
func TestAccBulkJob_onDestroyAdoptsEarlierTeardown(t *testing.T) {
	emu, url, c, source := accountsTenant(t, "E-1", "E-2")
	config := teardownConfig(url, source, onDestroyDeleteRecords)
	var importID, earlier string
	var before emulator.Counts

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  saveJobID(&importID),
			},
			{
				PreConfig: func() {
					// What an interrupted destroy left: a teardown job Zuora took.
					earlier = makeJob(t, c, accountJob("Delete", loadguard.TeardownName(importID)), idRows(liveAccountIDs(emu)), jobFinished)
					before = emu.Counts()
				},
				Config:  config,
				Destroy: true,
				Check: func(*terraform.State) error {
					after := emu.Counts()
					if after.JobsCreated != before.JobsCreated || after.Submissions != before.Submissions {
						return fmt.Errorf("destroy created %d and submitted %d jobs; the earlier teardown should have been adopted",
							after.JobsCreated-before.JobsCreated, after.Submissions-before.Submissions)
					}
					if jobs := teardownJobs(emu, importID); len(jobs) != 1 || jobs[0].ID != earlier {
						return fmt.Errorf("teardown jobs = %+v, want only %s", jobs, earlier)
					}
					return expectAccounts(emu)
				},
			},
		},
	})
}

// An unsubmitted teardown an interrupted destroy left is cancelled and
// replaced. When the cancel fails, the error names the cancel, not the
// listing (issue 20), and the next destroy cancels it.
func TestAccBulkJob_onDestroyReplacesUnsubmittedTeardown(t *testing.T) {
	emu, url, c, source := accountsTenant(t, "U-1", "U-2")
	config := teardownConfig(url, source, onDestroyDeleteRecords)
	var importID, stale string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: saveJobID(&importID)},
			{
				PreConfig: func() {
					stale = makeJob(t, c, accountJob("Delete", loadguard.TeardownName(importID)), idRows(liveAccountIDs(emu)), jobUploaded)
					emu.InjectFault(emulator.Fault{Method: "POST", PathSuffix: "/cancellations", Status: 400})
				},
				Config:      config,
				Destroy:     true,
				ExpectError: wrappedText("Teardown stopped before submitting", "cancelling", "a teardown job an earlier destroy created and never submitted, failed"),
			},
			{
				Config:  config,
				Destroy: true,
				Check: func(*terraform.State) error {
					statuses := map[string]string{}
					for _, j := range teardownJobs(emu, importID) {
						statuses[j.ID] = j.Status
					}
					if len(statuses) != 2 || statuses[stale] != client.StatusCancelled {
						return fmt.Errorf("teardown jobs = %v, want %s Cancelled and one new job", statuses, stale)
					}
					return expectAccounts(emu)
				},
			},
		},
	})
}

// Rows the Delete job could not delete fail the destroy and keep the
// resource in state; on_destroy = "forget" then lets it go.
func TestAccBulkJob_onDestroyFailureKeepsState(t *testing.T) {
	emu, url, c, source := accountsTenant(t, "F-1", "F-2", "F-3")
	var importID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: teardownConfig(url, source, onDestroyDeleteRecords), Check: saveJobID(&importID)},
			{
				// Someone deleted one record by hand.
				PreConfig:   func() { makeJob(t, c, accountJob("Delete", "by hand"), idRows(liveAccountIDs(emu)[:1]), jobFinished) },
				Config:      teardownConfig(url, source, onDestroyDeleteRecords),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Some records could not be deleted.*2 of 3 deleted.*1 failed and stay in\s+Zuora.*Record not found: no Account with Id`),
			},
			{
				Config: teardownConfig(url, source, onDestroyForget),
				Check: func(s *terraform.State) error {
					if id, err := stateJobID(s); err != nil || id != importID {
						return fmt.Errorf("state holds %q (%v), want the import %s kept", id, err, importID)
					}
					return expectAccounts(emu)
				},
			},
		},
	})
}

// delete_records on an object without Delete (Subscription takes Import
// and Cancel) is refused at plan, naming what it does take; nothing
// reaches Zuora.
func TestAccBulkJob_onDestroyRefusedAtPlan(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "subs.jsonl", `{"accountId":"8a8a0000000000000000000000000001","termType":"EVERGREEN","renewalTerm":12,"contractEffectiveDate":"2026-01-01"}`+"\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "test" {
  name        = "subscriptions"
  object_type = "Subscription"
  source      = %q
  on_destroy  = "delete_records"
}
`, source),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Object does not support delete.*takes Import and Cancel jobs for\s+Subscription\s+\(subscription\), and no Delete job.*job_type = "Cancel"`),
			},
			{
				Config:      jobConfig(url, writeJobFile(t, "upd.jsonl", `{"Id":"8a8a0000000000000000000000000001","name":"x"}`+"\n"), "  job_type = \"Update\"\n  on_destroy = \"delete_records\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)needs an Import job.*job_type is Update`),
			},
		},
		CheckDestroy: expectCounts(emu, emulator.Counts{}),
	})
}

// The destroy plan of a job that will delete records warns with the count.
func TestWarnTeardownOnDestroyPlan(t *testing.T) {
	ctx := context.Background()
	r := &bulkJobResource{}
	var sr fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &sr)
	stateFor := func(onDestroy string) tfsdk.State {
		st := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}
		m := bulkJobResourceModel{ID: types.StringValue("job-1")}
		m.Name, m.ObjectType, m.JobType = types.StringValue("n"), types.StringValue("Account"), types.StringValue("Import")
		m.OnDestroy, m.Status, m.RowsSucceeded = types.StringValue(onDestroy), types.StringValue(client.StatusCompleted), types.Int64Value(42)
		m.Headers = types.ListNull(types.StringType)
		m.Mappings = types.MapNull(types.StringType)
		m.Timeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
		if d := st.Set(ctx, &m); d.HasError() {
			t.Fatal(d)
		}
		return st
	}
	for _, c := range []struct {
		onDestroy string
		want      string
	}{
		{onDestroyDeleteRecords, "deletes the 42 Account records"},
		{onDestroyForget, ""},
	} {
		req := fwresource.ModifyPlanRequest{State: stateFor(c.onDestroy), Plan: tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}}
		var resp fwresource.ModifyPlanResponse
		r.ModifyPlan(ctx, req, &resp)
		got := ""
		for _, d := range resp.Diagnostics.Warnings() {
			got += d.Detail()
		}
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("on_destroy %s: destroy plan warnings %q, want %q", c.onDestroy, got, c.want)
		}
	}
}

// A Delete job whose submission answer is lost is submitted once: the
// retry carries the same idempotency key and gets the original answer.
func TestAccBulkJob_onDestroyLostSubmissionAnswer(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", numberedAccounts("L-1", "L-2"))
	config := teardownConfig(url, source, onDestroyDeleteRecords)
	var importID string
	var before emulator.Counts

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: saveJobID(&importID)},
			{
				PreConfig: func() {
					before = emu.Counts()
					emu.InjectFault(emulator.Fault{Method: "POST", PathSuffix: "/submissions", Status: 503, AfterHandling: true})
				},
				Config:  config,
				Destroy: true,
				Check: func(*terraform.State) error {
					after := emu.Counts()
					if after.JobsCreated-before.JobsCreated != 1 || after.Submissions-before.Submissions != 1 {
						return fmt.Errorf("destroy created %d and submitted %d jobs, want 1 and 1",
							after.JobsCreated-before.JobsCreated, after.Submissions-before.Submissions)
					}
					if jobs := teardownJobs(emu, importID); len(jobs) != 1 || jobs[0].RowsSucceeded != 2 {
						return fmt.Errorf("teardown jobs = %+v", jobs)
					}
					return expectAccounts(emu)
				},
			},
		},
	})
}

// A job Zuora no longer returns cannot be torn down (its success rows,
// the ids, are gone with it): destroy forgets it, submits no Delete job,
// and the records stay.
func TestAccBulkJob_onDestroyJobNotFoundKeepsRecords(t *testing.T) {
	emu, url, _, source := accountsTenant(t, "N-1", "N-2")
	var importID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: teardownConfig(url, source, onDestroyDeleteRecords), Check: saveJobID(&importID)},
			{
				PreConfig: func() {
					emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathSuffix: "/summary", Status: http.StatusNotFound, Times: 1000})
				},
				Config:  teardownConfig(url, source, onDestroyDeleteRecords),
				Destroy: true,
				Check: func(*terraform.State) error {
					if jobs := teardownJobs(emu, importID); len(jobs) != 0 {
						return fmt.Errorf("teardown jobs = %+v, want none for a job Zuora does not return", jobs)
					}
					return expectAccounts(emu, "N-1", "N-2")
				},
			},
		},
	})
}

func TestWarnTeardownImpossible(t *testing.T) {
	m := bulkJobResourceModel{ID: types.StringValue("import-1"), OnDestroy: types.StringValue(onDestroyDeleteRecords)}
	m.JobType, m.ObjectType, m.RowsSucceeded = types.StringValue("Import"), types.StringValue("Account"), types.Int64Value(2)
	var diags diag.Diagnostics
	warnTeardownImpossible(m, &diags)
	if diags.HasError() || len(diags) != 1 || !strings.Contains(diags[0].Detail(), "did not delete the 2 Account records bulk job import-1 loaded") {
		t.Errorf("delete_records: reported %v", diags)
	}
	diags = nil
	m.OnDestroy = types.StringValue(onDestroyForget)
	warnTeardownImpossible(m, &diags)
	if len(diags) != 0 {
		t.Errorf("forget: reported %v, want nothing", diags)
	}
}

// A Completed import whose summary counts no row succeeded and not all
// failed (an odd summary) runs no Delete job, and says the records may stay.
func TestTeardownWithoutSuccessCountWarns(t *testing.T) {
	r := &bulkJobResource{pd: &providerData{}}
	m := bulkJobResourceModel{ID: types.StringValue("import-1")}
	var diags diag.Diagnostics
	r.teardown(context.Background(), m, client.Object{Type: "Account"},
		&client.Summary{ID: "import-1", Status: client.StatusCompleted, RowCount: 3, RowsFailed: 1}, &diags)
	if diags.HasError() || len(diags) != 1 || !strings.Contains(diags[0].Detail(), "only 1 of its 3 rows as failed") {
		t.Errorf("odd summary: reported %v", diags)
	}
	diags = nil
	r.teardown(context.Background(), m, client.Object{Type: "Account"},
		&client.Summary{ID: "import-1", Status: client.StatusCompleted, RowCount: 3, RowsFailed: 3}, &diags)
	if len(diags) != 0 {
		t.Errorf("every row failed: reported %v, want nothing", diags)
	}
}
