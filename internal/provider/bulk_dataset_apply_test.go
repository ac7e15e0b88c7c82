package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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

func planCount(attr string, n int64) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(datasetAddr, tfjsonpath.New(attr), knownvalue.Int64Exact(n))
}

// A row removed with on_remove = "forget" leaves its record in Zuora and
// the dataset; no job runs.
func TestAccBulkDataset_forgetKeepsTheRecord(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 3, nil))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: datasetConfig(url, source, ""), Check: expectJobs(emu, 0, "Import 3")},
			{
				PreConfig: func() { rewriteJobFile(t, source, datasetAccounts(1, 2, nil)) },
				Config:    datasetConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planCount("forget_count", 1), planCount("delete_count", 0), planCount("unchanged_count", 2),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectDataset("ids", knownvalue.MapSizeExact(2))},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 1),
					expectDatasetRecords(emu, datasetAccounts(1, 3, nil)), expectDeleted(emu)),
			},
		},
	})
}

// A row Zuora refuses (its accountNumber is taken) is not recorded: the
// next plan proposes it again, and that apply sends only it.
func TestAccBulkDataset_failedRowStaysPending(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	loadJob(t, c, "someone else", datasetAccount(5, "Taken"))
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 6, nil))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             datasetConfig(url, source, ""),
				ConfigStateChecks:  []statecheck.StateCheck{expectDataset("ids", knownvalue.MapSizeExact(5))},
				Check:              expectJobs(emu, 1, "Import 6"),
				ExpectNonEmptyPlan: true, // A-005 is pending
			},
			{
				PreConfig: func() { deleteAccount(t, emu, c, "A-005") },
				Config:    datasetConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planCount("import_count", 1), planCount("unchanged_count", 5),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectDataset("ids", knownvalue.MapSizeExact(6))},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 2, "Delete 1", "Import 1"),
					expectDatasetRecords(emu, datasetAccounts(1, 6, nil))),
			},
		},
	})
}

// deleteAccount deletes the account with accountNumber key outside Terraform.
func deleteAccount(t *testing.T, emu *emulator.Server, c *client.Client, key string) {
	t.Helper()
	for _, rec := range emu.Records("Account") {
		if rec["accountNumber"] == key {
			makeJob(t, c, accountJob("Delete", "someone else's delete"), `{"Id":"`+fmt.Sprint(rec["Id"])+`"}`+"\n", jobFinished)
			return
		}
	}
	t.Fatalf("no account %s", key)
}

// The provider died once Zuora had taken the Update job's submission.
// The next apply generates the same file, finds the job by its name and
// adopts it: no row is sent twice.
func TestAccBulkDataset_killedAfterUpdateSubmission(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	edited := datasetAccounts(1, 20, map[int]string{2: "Edited 2", 7: "Edited 7"})
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 20, nil))
	var resume *time.Timer
	t.Cleanup(func() {
		if resume != nil {
			resume.Stop()
		}
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: datasetConfig(url, source, ""), Check: expectJobs(emu, 0, "Import 20")},
			{
				PreConfig: func() {
					rewriteJobFile(t, source, edited)
					emu.SetPaused(true) // the job stays Submitted while plan and apply look at it
					file := killedUpdateFile(t, c, emu, edited, 2, 7)
					sum := sha256.Sum256(file)
					name := generatedJob{Label: datasetJobLabel("Account", "accountNumber", "update")}.name(hex.EncodeToString(sum[:]))
					makeJob(t, c, accountJob("Update", name), string(file), jobSubmitted)
					resume = time.AfterFunc(2*time.Second, func() { emu.SetPaused(false) })
				},
				Config: datasetConfig(url, source, ""),
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 1, "Update 2"),
					expectDatasetRecords(emu, edited)),
			},
			{
				Config:           datasetConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// killedUpdateFile is the Update file the provider generates for rows
// lines of content: what a killed apply had submitted.
func killedUpdateFile(t *testing.T, c *client.Client, emu *emulator.Server, content string, lines ...int) []byte {
	t.Helper()
	meta, err := c.ObjectFields(context.Background(), "accounts-and-contacts", "Update")
	if err != nil {
		t.Fatal(err)
	}
	updatable := map[string]bool{}
	for _, f := range meta.Fields {
		if f.Name != "Id" {
			updatable[f.Name] = true
		}
	}
	f, err := readDatasetRows([]byte(content), "content", "accountNumber", updatable)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, rec := range emu.Records("Account") {
		ids[fmt.Sprint(rec["accountNumber"])] = fmt.Sprint(rec["Id"])
	}
	var file bytes.Buffer
	for _, line := range lines {
		row := f.Rows[line-1]
		b, err := updateRow(row, "Id", ids[row.Key], updatable)
		if err != nil {
			t.Fatal(err)
		}
		file.Write(b)
		file.WriteByte('\n')
	}
	return file.Bytes()
}

// terraform import from two Import jobs builds the dataset from their
// success rows; the apply after it sends nothing, and the next plan is empty.
func TestAccBulkDataset_importFromTwoJobs(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	first := loadJob(t, c, "seed 1", datasetAccounts(1, 10, nil))
	second := loadJob(t, c, "seed 2", datasetAccounts(11, 15, nil))
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 15, nil))
	config := datasetConfig(url, source, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: datasetAddr, ImportState: true, ImportStateId: first + "," + second,
				ImportStateKind: resource.ImportBlockWithID, ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					planCount("import_count", 0), planCount("update_count", 0), planCount("unchanged_count", 15),
					plancheck.ExpectKnownValue(datasetAddr, tfjsonpath.New("ids"), knownvalue.MapSizeExact(15)),
				}},
			},
			{Config: config, ResourceName: datasetAddr, ImportState: true, ImportStateId: first + "," + second, ImportStatePersist: true},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planCount("import_count", 0), planCount("update_count", 0), planCount("unchanged_count", 15),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectDataset("ids", knownvalue.MapSizeExact(15)),
					expectDataset("job_ids", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(first), knownvalue.StringExact(second)})),
				},
				Check: expectJobs(emu, 2),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Plan errors: a key twice names both lines; a change in a field Update
// jobs do not take names the row and the choices.
func TestAccBulkDataset_planErrors(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 3, nil)+datasetAccount(1, "Again"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: datasetConfig(url, source, ""), ExpectError: regexp.MustCompile(`lines\s+1\s+and\s+4:\s+both\s+have\s+accountNumber\s+"A-001"`)},
			{PreConfig: func() { rewriteJobFile(t, source, datasetAccounts(1, 3, nil)) }, Config: datasetConfig(url, source, "")},
			{
				PreConfig: func() {
					rewriteJobFile(t, source, strings.Replace(datasetAccounts(1, 3, nil), `"A-002","name":"Account 2","billCycleDay":1,"currency":"USD"`,
						`"A-002","name":"Account 2","billCycleDay":1,"currency":"EUR"`, 1))
				},
				Config:      datasetConfig(url, source, ""),
				ExpectError: regexp.MustCompile(`(?s)line\s+2\s+\(accountNumber\s+"A-002"\).*-replace`),
			},
			{
				PreConfig: func() {
					rewriteJobFile(t, source, strings.Replace(datasetAccounts(1, 3, nil), `"A-002","name":"Account 2","billCycleDay":1`,
						`"A-002","name":"Account 2","billCycleDay":40`, 1))
				},
				Config:      datasetConfig(url, source, ""),
				ExpectError: regexp.MustCompile(`accounts.jsonl:2:\s+billCycleDay`),
			},
		},
	})
}

// on_destroy = "delete_records" deletes every record with one Delete job.
func TestAccBulkDataset_destroyDeletesRecords(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 4, nil))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: datasetConfig(url, source, "  on_destroy  = \"delete_records\"\n"), Check: expectJobs(emu, 0, "Import 4")},
		},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 0, "Import 4", "Delete 4"),
			expectDatasetRecords(emu, ""), expectDeleted(emu, "A-001", "A-002", "A-003", "A-004")),
	})
}

// Destroyed with its records, then created again: the new dataset does not
// adopt the Import job whose records the destroy deleted; it loads anew.
func TestAccBulkDataset_recreatedAfterDeleteRecordsLoadsAgain(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 2, nil))
	config := datasetConfig(url, source, "  on_destroy  = \"delete_records\"\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: expectJobs(emu, 0, "Import 2")},
			{
				Config: config, Destroy: true, Check: expectJobs(emu, 0, "Import 2", "Delete 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(datasetAddr, plancheck.ResourceActionDestroy)}},
			},
			{Config: config, Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 0, "Import 2", "Delete 2", "Import 2"),
				expectDatasetRecords(emu, datasetAccounts(1, 2, nil)))},
		},
	})
}

// Rows known only at apply (content from another resource): the counts and
// ids are settled by the apply.
func TestAccBulkDataset_contentUnknownAtPlan(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	config := providerConfig(url) + fmt.Sprintf(`
resource "terraform_data" "rows" {
  input = %q
}

resource "zuora_bulk_dataset" "accounts" {
  object_type = "Account"
  key_field   = "accountNumber"
  content     = terraform_data.rows.output
}
`, datasetAccounts(1, 3, nil))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectDataset("import_count", knownvalue.Int64Exact(3)),
				expectDataset("ids", knownvalue.MapSizeExact(3)),
			},
			Check: expectJobs(emu, 0, "Import 3"),
		}},
	})
}

// An apply that fails (a refused update, max_failed_rows = 0) still saves
// what its other jobs did: with the row put back as it was, the next plan
// is empty, so the delete and the import are in state.
func TestAccBulkDataset_failedApplyKeepsWhatSucceeded(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 3, nil))
	settings := "  on_remove   = \"delete\"\n  max_failed_rows = 0\n"
	unknownParent := strings.Replace(datasetAccounts(2, 4, nil), `"name":"Account 2",`, `"name":"Account 2","parentId":"8a8a0000000000000000000000000000",`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: datasetConfig(url, source, settings), Check: expectJobs(emu, 0, "Import 3")},
			{
				PreConfig:   func() { rewriteJobFile(t, source, unknownParent) },
				Config:      datasetConfig(url, source, settings),
				ExpectError: regexp.MustCompile(`More\s+rows\s+failed\s+than\s+max_failed_rows\s+allows`),
			},
			{
				PreConfig:        func() { rewriteJobFile(t, source, datasetAccounts(2, 4, nil)) },
				Config:           datasetConfig(url, source, settings),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 1, "Delete 1", "Update 1", "Import 1"),
					expectDatasetRecords(emu, datasetAccounts(2, 4, nil))),
			},
		},
	})
}

// Changing key_field replaces the dataset: with delete_records, the old
// records are deleted and every row is imported again.
func TestAccBulkDataset_keyFieldChangeReplaces(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 2, nil))
	config := datasetConfig(url, source, "  on_destroy  = \"delete_records\"\n")
	byName := strings.Replace(config, `key_field   = "accountNumber"`, `key_field   = "name"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: expectJobs(emu, 0, "Import 2")},
			{
				Config: byName,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(datasetAddr, plancheck.ResourceActionReplace),
					planCount("import_count", 2),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectDataset("ids", knownvalue.MapExact(map[string]knownvalue.Check{
						"Account 1": knownvalue.NotNull(), "Account 2": knownvalue.NotNull()})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 0, "Import 2", "Delete 2", "Import 2"),
					expectDatasetRecords(emu, datasetAccounts(1, 2, nil))),
			},
		},
	})
}

// A destroy killed once Zuora had taken its Delete job: destroy again
// adopts that job instead of deleting twice.
func TestAccBulkDataset_interruptedDestroyAdoptsItsDeleteJob(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 2, nil))
	config := datasetConfig(url, source, "  on_destroy  = \"delete_records\"\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: expectJobs(emu, 0, "Import 2")},
			{
				PreConfig: func() {
					s := newDatasetState()
					for _, rec := range emu.Records("Account") {
						s.Rows[fmt.Sprint(rec["accountNumber"])] = loadedRow{ID: fmt.Sprint(rec["Id"])}
					}
					file := deleteFile(s.keys(), s, "Id")
					sum := sha256.Sum256(file)
					name := generatedJob{Label: datasetJobLabel("Account", "accountNumber", datasetDestroyAction)}.name(hex.EncodeToString(sum[:]))
					makeJob(t, c, accountJob("Delete", name), string(file), jobFinished)
				},
				Config: config, Destroy: true,
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 0, "Import 2", "Delete 2"),
					expectDeleted(emu, "A-001", "A-002")),
			},
		},
	})
}

// An object without Update jobs: a changed row is a plan error naming it
// and the choices.
func TestAccBulkDataset_objectWithoutUpdate(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	uom := func(places int) string {
		return fmt.Sprintf("{\"uomName\":\"Seat\",\"decimalPlaces\":%d}\n{\"uomName\":\"GB\",\"decimalPlaces\":2}\n", places)
	}
	source := writeJobFile(t, "units.jsonl", uom(0))
	config := func(extra string) string {
		return providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_dataset" "units" {
  object_type = "UnitOfMeasure"
  source      = %q
  key_field   = "uomName"
%s}
`, source, extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("")},
			{
				PreConfig:   func() { rewriteJobFile(t, source, uom(1)) },
				Config:      config(""),
				ExpectError: regexp.MustCompile(`(?s)UnitOfMeasure\s+has\s+no\s+Update\s+bulk\s+job.*line\s+1\s+\(uomName\s+"Seat"\)`),
			},
		},
	})
}

// The provider died once Zuora had taken the Import job of three new rows
// (it finished; state never recorded it), and then the file was edited:
// one of those rows changed and a row was added. The new diff makes
// another file, so the runner cannot find the killed job by its name;
// plan and apply reconcile the dataset's own unaccounted job instead:
// its rows are recorded, the changed one is updated, only the added one
// is imported, and no record is loaded twice.
func TestAccBulkDataset_killedAfterImportThenFileEdited(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 5, nil))
	final := datasetAccounts(1, 9, map[int]string{7: "Edited 7"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: datasetConfig(url, source, ""), Check: expectJobs(emu, 0, "Import 5")},
			{
				PreConfig: func() {
					// What the killed apply of rows 1-8 had submitted: the
					// Import file of rows 6-8, named as the runner names it.
					killed := datasetAccounts(6, 8, nil)
					name := generatedJob{Label: datasetJobLabel("Account", "accountNumber", "import")}.name(sha256Hex(killed))
					makeJob(t, c, accountJob("Import", loadguard.MarkedName(name, sha256Hex(killed), loadguard.NewAttempt(), false)), killed, jobCompleted)
					rewriteJobFile(t, source, final)
				},
				Config: datasetConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planCount("import_count", 1), planCount("update_count", 1), planCount("unchanged_count", 7),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectDataset("ids", knownvalue.MapSizeExact(9))},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 2, "Update 1", "Import 1"),
					expectDatasetRecords(emu, final), expectIDsOfRecords(emu)),
			},
			{
				Config:           datasetConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// expectIDsOfRecords checks that state's ids name every live Account
// record by its accountNumber, and nothing else.
func expectIDsOfRecords(emu *emulator.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs := s.RootModule().Resources[datasetAddr].Primary.Attributes
		records := emu.Records("Account")
		if n := attrs["ids.%"]; n != fmt.Sprint(len(records)) {
			return fmt.Errorf("state holds %s ids for %d records", n, len(records))
		}
		for _, rec := range records {
			if got := attrs["ids."+fmt.Sprint(rec["accountNumber"])]; got != fmt.Sprint(rec["Id"]) {
				return fmt.Errorf("ids[%v] = %q; the record's id is %v", rec["accountNumber"], got, rec["Id"])
			}
		}
		return nil
	}
}

// successRowsRewritten wraps the emulator so that every success rows
// file it serves goes through rewrite (uncompressed).
func successRowsRewritten(rewrite func([]byte) []byte) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "success_rows") {
				next.ServeHTTP(w, r)
				return
			}
			r.Header.Del("Accept-Encoding")
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				if k != "Content-Length" {
					w.Header()[k] = v
				}
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rewrite(rec.Body.Bytes()))
		})
	}
}

// An Import job whose success rows name no key (here the emulator's are
// stripped of accountNumber, and carry no line) loaded records the
// dataset cannot match. Its keys are held: the plan after the apply
// refuses to import them again (they would load twice), naming the job
// and the fix; once the rows leave the file the holds are released and
// the other rows are imported. The emulator holds every record once.
func TestAccBulkDataset_unmatchedSuccessRowsAreNeverSentAgain(t *testing.T) {
	var strip atomic.Bool
	strip.Store(true)
	key := regexp.MustCompile(`"accountNumber":"[^"]*",?`)
	emu, url := serveEmulator(t, emulator.Options{}, successRowsRewritten(func(b []byte) []byte {
		if !strip.Load() {
			return b
		}
		return key.ReplaceAll(b, nil)
	}))
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 3, nil))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The apply warns (an error would taint the dataset); the
				// plan after it refuses the held rows.
				Config:      datasetConfig(url, source, ""),
				ExpectError: regexp.MustCompile(`(?s)Rows held back.*Import job .*line 1 \(accountNumber "A-001"\).*remove the row`),
			},
			{
				PreConfig: func() {
					if got := expectJobs(emu, 0, "Import 3")(nil); got != nil {
						t.Error(got)
					}
					strip.Store(false)
					rewriteJobFile(t, source, datasetAccounts(4, 5, nil))
				},
				Config:            datasetConfig(url, source, ""),
				ConfigStateChecks: []statecheck.StateCheck{expectDataset("ids", knownvalue.MapSizeExact(2))},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 0, "Import 3", "Import 2"),
					expectDatasetRecords(emu, datasetAccounts(1, 5, nil))),
			},
		},
	})
}

// An Import job whose success row for a key carries no record id gives
// the dataset no record to update or delete later: the key is held, as
// an unmatched one is, never recorded with an empty id.
func TestAccBulkDataset_successRowWithoutIDIsHeldNotRecorded(t *testing.T) {
	id := regexp.MustCompile(`"Id":"[^"]*"`)
	_, url := serveEmulator(t, emulator.Options{}, successRowsRewritten(func(b []byte) []byte {
		return id.ReplaceAll(b, []byte(`"Id":""`))
	}))
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 2, nil))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      datasetConfig(url, source, ""),
			ExpectError: regexp.MustCompile(`(?s)Rows held back.*line 1 \(accountNumber "A-001"\)`),
		}},
	})
}

// Renamed without a moved block, with on_destroy = "delete_records":
// Terraform destroys the old address and creates the new one in either
// order, and the new address's plan counted the old one's records as its
// own. Create first: the destroy leaves the records the new address holds.
// Destroy first (what the CLI usually does): the new address sends nothing
// and says why, and the next apply loads the rows again. Either way no row
// is ever two records, and in the end the new address's ids are the
// live records.
func TestAccBulkDataset_renameWithoutMovedKeepsTheRecords(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := datasetAccounts(1, 4, nil)
	source := writeJobFile(t, "accounts.jsonl", content)
	resourceBlock := func(name string) string {
		return fmt.Sprintf(`
resource "zuora_bulk_dataset" %q {
  object_type = "Account"
  source      = %q
  key_field   = "accountNumber"
  on_destroy  = "delete_records"
}
`, name, source)
	}
	w := newCLIWorkdir(t, cliProvider(url, "")+resourceBlock("accounts"))
	w.run("apply", "-auto-approve", "-input=false", "-no-color")
	w.rewrite(cliProvider(url, "") + resourceBlock("renamed") + "output \"ids\" {\n  value = zuora_bulk_dataset.renamed.ids\n}\n")
	if out, err := w.try("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		if !strings.Contains(out, "Records deleted by another dataset's destroy in this apply") {
			t.Fatalf("the renaming apply failed otherwise:\n%s", out)
		}
		if err := expectJobs(emu, 0, "Import 4", "Delete 4")(nil); err != nil {
			t.Fatalf("the destroy ran first, and then: %v", err)
		}
		t.Log("the destroy ran first; the new address sent nothing and said why")
		w.run("apply", "-auto-approve", "-input=false", "-no-color")
	} else {
		t.Log("the new address applied first; the destroy left its records")
	}
	if err := expectDatasetRecords(emu, content)(nil); err != nil {
		t.Error(err)
	}
	var ids map[string]string
	if err := json.Unmarshal([]byte(w.run("output", "-json", "ids")), &ids); err != nil || len(ids) != 4 {
		t.Fatalf("ids %v: %v", ids, err)
	}
	live := map[string]bool{}
	for _, rec := range emu.Records("Account") {
		live[fmt.Sprint(rec["Id"])] = true
	}
	for key, id := range ids {
		if !live[id] {
			t.Errorf("ids[%q] = %s is not a live record", key, id)
		}
	}
	if out, changes := w.planChanges(); changes {
		t.Errorf("the plan after the rename is not empty:\n%s", out)
	}
}

// Destroy first, step by step in one provider process: the new address's
// plan counts the old one's records as its own (it finds their Import
// job); the old address's destroy deletes them; the new address's plan at
// apply and its apply then refuse, naming the job, and send nothing.
func TestBulkDataset_planCountingRecordsADestroyDeletedRefuses(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	srv := benchProviderServer(t, url)
	ds := resourceCalls{srv: srv, name: "zuora_bulk_dataset", typ: resourceType(t, &bulkDatasetResource{})}
	config := objectWith(ds.typ, map[string]tftypes.Value{
		"object_type": tftypes.NewValue(tftypes.String, "Account"),
		"key_field":   tftypes.NewValue(tftypes.String, "accountNumber"),
		"source":      tftypes.NewValue(tftypes.String, writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 4, nil))),
		"on_destroy":  tftypes.NewValue(tftypes.String, onDestroyDeleteRecords),
	})
	// The old address was applied by an earlier run: another process.
	old, oldPrivate := resourceCalls{srv: benchProviderServer(t, url), name: ds.name, typ: ds.typ}.create(t, config)
	none := tftypes.NewValue(ds.typ, nil)
	planned, plannedPrivate := ds.planWithPrivate(t, none, config, config, nil)
	if n := attrOf(t, planned, "unchanged_count"); n.Cmp(big.NewFloat(4)) != 0 {
		t.Fatalf("the new address's plan counts %v rows as loaded, want the old address's 4", n)
	}
	ctx := context.Background()
	resp, err := srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: ds.name,
		PriorState: ptr(dynamicValue(t, ds.typ, old)), PlannedState: ptr(dynamicValue(t, ds.typ, none)),
		Config: ptr(dynamicValue(t, ds.typ, none)), PlannedPrivate: oldPrivate})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		t.Fatalf("destroy: %v %v", err, resp.Diagnostics)
	}
	const refusal = "Records deleted by another dataset's destroy in this apply"
	plan, err := srv.PlanResourceChange(ctx, ds.request(t, none, config, config, nil))
	if err != nil || len(plan.Diagnostics) == 0 || plan.Diagnostics[0].Summary != refusal {
		t.Errorf("the plan at apply: %v %v, want %q", err, plan.Diagnostics, refusal)
	}
	apply, err := srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: ds.name,
		PriorState: ptr(dynamicValue(t, ds.typ, none)), PlannedState: ptr(dynamicValue(t, ds.typ, planned)),
		Config: ptr(dynamicValue(t, ds.typ, config)), PlannedPrivate: plannedPrivate})
	if err != nil || len(apply.Diagnostics) == 0 || apply.Diagnostics[0].Summary != refusal {
		t.Errorf("the apply: %v %v, want %q", err, apply.Diagnostics, refusal)
	}
	if err := expectJobs(emu, 0, "Import 4", "Delete 4")(nil); err != nil {
		t.Error(err) // nothing sent after the destroy
	}
}

// The other order, which the CLI does not choose on its own: the new
// address applies first and records the old address's records (its
// Import job has the same rows); the old address's destroy then forgets
// them instead of deleting them, and says why.
func TestBulkDataset_destroyLeavesRecordsAnotherDatasetHolds(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := datasetAccounts(1, 4, nil)
	srv := benchProviderServer(t, url)
	ds := resourceCalls{srv: srv, name: "zuora_bulk_dataset", typ: resourceType(t, &bulkDatasetResource{})}
	config := objectWith(ds.typ, map[string]tftypes.Value{
		"object_type": tftypes.NewValue(tftypes.String, "Account"),
		"key_field":   tftypes.NewValue(tftypes.String, "accountNumber"),
		"source":      tftypes.NewValue(tftypes.String, writeJobFile(t, "accounts.jsonl", content)),
		"on_destroy":  tftypes.NewValue(tftypes.String, onDestroyDeleteRecords),
	})
	// The old address was applied by an earlier run: another process.
	old, oldPrivate := resourceCalls{srv: benchProviderServer(t, url), name: ds.name, typ: ds.typ}.create(t, config)
	renamed, _ := ds.create(t, config) // the new address, in this apply
	resp, err := srv.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{TypeName: ds.name,
		PriorState: ptr(dynamicValue(t, ds.typ, old)), PlannedState: ptr(dynamicValue(t, ds.typ, tftypes.NewValue(ds.typ, nil))),
		Config: ptr(dynamicValue(t, ds.typ, tftypes.NewValue(ds.typ, nil))), PlannedPrivate: oldPrivate})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		t.Fatalf("destroy: %v %v", err, resp.Diagnostics)
	}
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, "4 of the 4 records") {
		t.Errorf("destroy said %v, want one warning that another dataset holds the 4 records", resp.Diagnostics)
	}
	if err := expectJobs(emu, 0, "Import 4")(nil); err != nil {
		t.Error(err) // the new address adopted the Import job; no Delete job ran
	}
	if err := expectDatasetRecords(emu, content)(nil); err != nil {
		t.Error(err)
	}
	var attrs map[string]tftypes.Value
	var ids map[string]tftypes.Value
	if err := renamed.As(&attrs); err != nil || attrs["ids"].As(&ids) != nil || len(ids) != 4 {
		t.Fatalf("the new address holds %v", renamed)
	}
}
