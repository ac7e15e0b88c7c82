package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// wrappedText matches the phrases in order, whatever line wrapping
// Terraform gave the diagnostic.
func wrappedText(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// accountID is the Zuora id of the live account with this number.
func accountID(emu *emulator.Server, number string) string {
	for _, a := range emu.Records("Account") {
		if fmt.Sprint(a["accountNumber"]) == number {
			return fmt.Sprint(a["Id"])
		}
	}
	return ""
}

// best-practices-for-delete-jobs-in-data-loader: an account that owns a
// subscription cannot be deleted, and a deleted one is left Canceled. The
// destroy reports Zuora's counts and quotes the reason, calls nothing
// deleted that was not, and keeps the resource in state.
func TestAccBulkJob_onDestroyAccountsOwningASubscription(t *testing.T) {
	emu, url, c, source := accountsTenant(t, "O-1", "O-2")
	var importID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: teardownConfig(url, source, onDestroyDeleteRecords), Check: saveJobID(&importID)},
			{
				PreConfig: func() {
					makeJob(t, c, client.CreateJobRequest{Name: "subscribe O-1", ObjectType: "Subscription", JobType: "Import", FileType: "jsonl"},
						`{"accountId":"`+accountID(emu, "O-1")+`","termType":"TERMED","initialTerm":12,"renewalTerm":12,`+
							`"contractEffectiveDate":"2026-01-01","subscriptionNumber":"SUB-O-1"}`+"\n", jobFinished)
				},
				Config:  teardownConfig(url, source, onDestroyDeleteRecords),
				Destroy: true,
				ExpectError: wrappedText("Some records could not be deleted", ": 1 of 2 deleted (cancelled: Zuora sets the accounts to Canceled "+
					"and deletes their transactions in the background), 1 failed and stay in Zuora.", "Zuora's reasons:",
					"owner of subscription SUB-O-1", "cannot be deleted", "The resource stays in state"),
			},
			{
				Config: teardownConfig(url, source, onDestroyForget),
				Check: func(s *terraform.State) error {
					if id, _ := stateJobID(s); id != importID {
						return fmt.Errorf("state holds %q, want the import %s kept after the failed teardown", id, importID)
					}
					if err := expectAccounts(emu, "O-1"); err != nil {
						return err
					}
					gone := emu.DeletedRecords("Account")
					if len(gone) != 1 || gone[0]["accountNumber"] != "O-2" || gone[0]["status"] != "Canceled" {
						return fmt.Errorf("deleted accounts %v, want O-2, Canceled", gone)
					}
					jobs := teardownJobs(emu, importID)
					if len(jobs) != 1 || jobs[0].RowsSucceeded != 1 || jobs[0].RowsFailed != 1 {
						return fmt.Errorf("teardown jobs %+v, want one that deleted 1 and failed 1", jobs)
					}
					return nil
				},
			},
		},
	})
}

// A teardown run from another state (a Delete job named after the import)
// deleted the records: refresh drops the resource and the plan loads the
// file again, never "no changes" over ids of deleted records.
func TestAccBulkJob_teardownElsewhereThenRefreshPlansReload(t *testing.T) {
	emu, url, c, source := accountsTenant(t, "R-1", "R-2", "R-3")
	config := jobConfig(url, source, "")
	var importID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: saveJobID(&importID)},
			{
				// What terraform destroy with delete_records did in another
				// state that held the same job.
				PreConfig: func() {
					makeJob(t, c, accountJob("Delete", loadguard.TeardownName(importID)), idRows(liveAccountIDs(emu)), jobFinished)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionCreate)},
				},
				Check: func(s *terraform.State) error {
					if id, _ := stateJobID(s); id == importID {
						return fmt.Errorf("state still holds the torn-down import %s", id)
					}
					return expectAccounts(emu, "R-1", "R-2", "R-3")
				},
			},
			{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// deleteRecordsConfig is the provider block, then before, then one
// zuora_bulk_job at address loading source into objectType with
// on_destroy = "delete_records", with extra arguments.
func deleteRecordsConfig(url, address, name, objectType, source, extra string) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" %q {
  name        = %q
  object_type = %q
  source      = %q
  on_destroy  = "delete_records"
%s}
`, address, name, objectType, source, extra)
}

// renameConfig is the accounts load at address name, after the resources
// in before.
func renameConfig(url, source, name, before string) string {
	return strings.Replace(deleteRecordsConfig(url, name, "accounts", "Account", source, dependsOn(before)), "\nresource", before+"\nresource", 1)
}

func dependsOn(before string) string {
	if before == "" {
		return ""
	}
	return "  depends_on  = [terraform_data.delay]\n"
}

// slowCreate holds the new address's create back, so the old address's
// destroy runs first.
const slowCreate = `
resource "terraform_data" "delay" {
  provisioner "local-exec" {
    command = "sleep 2"
  }
}
`

// claimedRecordsLive: every record whose id the job at addr claims (its
// success rows) is live in the emulator.
func claimedRecordsLive(c *client.Client, emu *emulator.Server, s *terraform.State, addr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s not in state", addr)
	}
	id := rs.Primary.ID
	live := liveAccountIDs(emu)
	var dead []string
	err := eachResultRow(c, id, "success", func(row client.ResultRow) {
		if !slices.Contains(live, row.ID) {
			dead = append(dead, row.ID)
		}
	})
	if err == nil && len(dead) > 0 {
		err = fmt.Errorf("%s (job %s) claims deleted records %v", addr, id, dead)
	}
	return id, err
}

// A rename without a moved block destroys the old address and creates the
// new one in one apply, in either order. Neither order may leave the new
// address claiming records the old one's teardown deleted.
func TestAccBulkJob_renameWithoutMoved(t *testing.T) {
	for _, order := range []struct {
		name        string
		slowDestroy bool   // the destroy's first call is late: the new address adopts first
		before      string // resources the new address waits for: the destroy runs first
	}{
		{name: "adopt first", slowDestroy: true},
		{name: "teardown first", before: slowCreate},
	} {
		t.Run(order.name, func(t *testing.T) {
			emu, url, c, source := accountsTenant(t, "N-1", "N-2", "N-3")
			var oldID string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: renameConfig(url, source, "old", ""), Check: func(s *terraform.State) error {
						oldID = s.RootModule().Resources["zuora_bulk_job.old"].Primary.ID
						return nil
					}},
					{
						PreConfig: func() {
							if order.slowDestroy {
								emu.InjectFault(emulator.Fault{Method: "GET", PathSuffix: "/summary", Latency: 300 * time.Millisecond, Times: 20})
							}
						},
						Config: renameConfig(url, source, "new", order.before),
						Check: func(s *terraform.State) error {
							newID, err := claimedRecordsLive(c, emu, s, "zuora_bulk_job.new")
							if err != nil {
								return err
							}
							if err := expectAccounts(emu, "N-1", "N-2", "N-3"); err != nil {
								return err
							}
							torn := teardownJobs(emu, oldID)
							switch {
							case order.slowDestroy && (newID != oldID || len(torn) != 0):
								return fmt.Errorf("new address holds %s (old %s), teardowns %+v: want the job adopted and not torn down", newID, oldID, torn)
							case !order.slowDestroy && (newID == oldID || len(torn) != 1 || torn[0].Status != client.StatusCompleted):
								return fmt.Errorf("new address holds %s (old %s), teardowns %+v: want the old job torn down and the file loaded again", newID, oldID, torn)
							}
							return nil
						},
					},
					{Config: renameConfig(url, source, "new", order.before), PlanOnly: true},
				},
			})
		})
	}
}

// Followers of a teardown report the leader's outcome once it lands.
func TestTeardownFlightRunsOnce(t *testing.T) {
	var claims jobClaims
	f, leader := claims.flight("job-1")
	if !leader {
		t.Fatal("the first teardown of a job does not lead")
	}
	results := make(chan diag.Diagnostics, 3)
	for range 3 {
		g, lead := claims.flight("job-1")
		if lead || g != f {
			t.Fatal("a second teardown of the same job leads its own")
		}
		go func() {
			var d diag.Diagnostics
			g.follow(context.Background(), "job-1", &d)
			results <- d
		}()
	}
	var outcome diag.Diagnostics
	outcome.AddWarning("Records deleted", "3 of 3 deleted")
	f.land(outcome)
	for range 3 {
		if d := <-results; len(d) != 1 || d[0].Summary() != "Records deleted" || d.HasError() {
			t.Errorf("a follower reported %v, want the leader's outcome", d)
		}
	}
	if _, lead := claims.flight("job-2"); !lead {
		t.Error("another job's teardown waits for job-1's")
	}
}

func TestTeardownCounts(t *testing.T) {
	account := client.Object{Type: "Account", Name: "accounts-and-contacts"}
	for _, c := range []struct {
		obj  client.Object
		done client.Summary
		want string
	}{
		{account, client.Summary{RowCount: 3, RowsSucceeded: 3}, "3 of 3 deleted (cancelled: Zuora sets the accounts to Canceled and deletes their transactions in the background)"},
		{account, client.Summary{RowCount: 3, RowsFailed: 3}, "0 of 3 deleted, 3 failed and stay in Zuora"},
		{client.Object{Type: "Product"}, client.Summary{RowCount: 4, RowsSucceeded: 2, RowsFailed: 1}, "2 of 4 deleted, 1 failed and stay in Zuora, 1 without an outcome in Zuora's counts"},
	} {
		if got := teardownCounts(&c.done, c.obj); got != c.want {
			t.Errorf("%s %+v: %q, want %q", c.obj.Type, c.done, got, c.want)
		}
	}
}

func TestLatestPeriodsFirst(t *testing.T) {
	records := []loadedRecord{{"a", "2026-01-31"}, {"b", ""}, {"c", "2026-03-31"}, {"d", "2026-02-28"}}
	latestPeriodsFirst(records)
	var ids []string
	for _, r := range records {
		ids = append(ids, r.id)
	}
	if fmt.Sprint(ids) != "[c d a b]" {
		t.Errorf("order %v, want the most recent period first", ids)
	}
}

// A Completed Delete job that counted nothing (Zuora may write no results
// for accounting periods) is neither called a deletion nor an error.
func TestReportTeardownWithoutCounts(t *testing.T) {
	r := &bulkJobResource{pd: &providerData{}}
	m := bulkJobResourceModel{ID: types.StringValue("import-1")}
	m.ObjectType = types.StringValue("AccountingPeriod")
	var diags diag.Diagnostics
	r.reportTeardown(context.Background(), m, client.Object{Type: "AccountingPeriod"},
		&client.Summary{ID: "delete-1", Status: client.StatusCompleted, RowCount: 2}, &diags)
	if diags.HasError() || len(diags) != 1 || diags[0].Summary() != "Delete job finished without per-row counts" ||
		strings.Contains(diags[0].Detail(), "deleted the") {
		t.Errorf("reported %v", diags)
	}
}

// best-practices-for-delete-jobs-in-data-loader: accounting codes must be
// inactive to be deleted. A teardown that Zuora refused in part is retried
// by the next destroy with only the records still there, so fixing what
// Zuora refused and destroying again finishes the job.
func TestAccBulkJob_onDestroyRetriesWhatZuoraRefused(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	source := writeJobFile(t, "codes.jsonl", `{"name":"Sales","type":"Sales Revenue"}`+"\n"+`{"name":"Fees","type":"Sales Revenue"}`+"\n")
	config := deleteRecordsConfig(url, "test", "codes", "accountingcode", source, "")
	deactivate := func(name string) {
		for _, code := range emu.Records("AccountingCode") {
			if code["name"] == name {
				makeJob(t, c, client.CreateJobRequest{Name: "deactivate " + name, ObjectType: "accountingcode", JobType: "Update", FileType: "jsonl"},
					`{"Id":"`+fmt.Sprint(code["Id"])+`","status":"Inactive"}`+"\n", jobFinished)
			}
		}
	}
	var importID string
	loadThen(t, config, &importID,
		resource.TestStep{
			Config: config, Destroy: true,
			ExpectError: wrappedText("Some records could not be deleted", "0 of 2 deleted, 2 failed", "inactive status for deletion"),
		},
		resource.TestStep{
			PreConfig: func() { deactivate("Sales") },
			Config:    config, Destroy: true,
			ExpectError: wrappedText("Some records could not be deleted", "1 of 2 deleted, 1 failed", "inactive status for deletion"),
		},
		resource.TestStep{
			PreConfig: func() { deactivate("Fees") },
			Config:    config, Destroy: true,
			Check: func(*terraform.State) error {
				if left := emu.Records("AccountingCode"); len(left) != 0 {
					return fmt.Errorf("codes left: %v", left)
				}
				jobs := teardownJobs(emu, importID)
				if len(jobs) != 3 || jobs[0].RowCount+jobs[1].RowCount+jobs[2].RowCount != 5 {
					return fmt.Errorf("teardown jobs %+v, want 3 of 2, 2 and 1 rows", jobs)
				}
				return nil
			},
		},
	)
}

// loadThen is a test that loads config, saving the job id in *importID,
// then runs steps.
func loadThen(t *testing.T, config string, importID *string, steps ...resource.TestStep) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    append([]resource.TestStep{{Config: config, Check: saveJobID(importID)}}, steps...),
	})
}

// best-practices-for-delete-jobs-in-data-loader: "place the most recent
// accounting period IDs first" when deleting accounting periods. The
// teardown's Delete file lists the periods the import loaded, latest first.
func TestAccBulkJob_onDestroyAccountingPeriodsLatestFirst(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	source := writeJobFile(t, "periods.jsonl", `{"name":"Feb","startDate":"2026-02-01","endDate":"2026-02-28","fiscalYear":2026}`+"\n"+
		`{"name":"Mar","startDate":"2026-03-01","endDate":"2026-03-31","fiscalYear":2026}`+"\n"+
		`{"name":"Jan","startDate":"2026-01-01","endDate":"2026-01-31","fiscalYear":2026}`+"\n")
	config := deleteRecordsConfig(url, "test", "periods", "AccountingPeriod", source, "")
	var importID string
	loadThen(t, config, &importID,
		resource.TestStep{
			Config: config, Destroy: true,
			Check: func(*terraform.State) error {
				names := map[string]string{} // record id → period name, from the import's success rows
				if err := eachResultRow(c, importID, "success", func(row client.ResultRow) {
					names[row.ID], _ = row.Value("name")
				}); err != nil {
					return err
				}
				torn := teardownJobs(emu, importID)
				if len(torn) != 1 {
					return fmt.Errorf("teardown jobs %+v", torn)
				}
				var order []string
				if err := eachResultRow(c, torn[0].ID, "source", func(row client.ResultRow) { order = append(order, names[row.ID]) }); err != nil {
					return err
				}
				if fmt.Sprint(order) != "[Mar Feb Jan]" {
					return fmt.Errorf("the Delete file lists the periods %v, want the latest first", order)
				}
				if left := emu.Records("AccountingPeriod"); len(left) != 0 {
					return fmt.Errorf("periods left: %v", left)
				}
				return nil
			},
		},
	)
}

// eachResultRow reads one of a job's files (its source, success or error
// rows) as JSON lines, through the one result-file parser.
func eachResultRow(c *client.Client, jobID, file string, fn func(client.ResultRow)) error {
	ctx := context.Background()
	dl, err := c.JobDownloads(ctx, jobID)
	if err != nil {
		return err
	}
	link := map[string]string{"source": dl.SourceFile, "success": dl.SuccessRowsFile, "errors": dl.ErrorRowsFile}[file]
	return c.StreamResultRows(ctx, link, "jsonl", "", func(row client.ResultRow) error {
		fn(row)
		return nil
	})
}
