package provider

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// words matches a phrase however Terraform wraps it.
func words(phrase string) string {
	return strings.Join(strings.Fields(regexp.QuoteMeta(phrase)), `\s+`)
}

// An edited file of a completed import is refused at plan with the count
// of rows already loaded, and nothing is sent; load_again loads it.
func TestAccBulkJob_editedFileRefusedWithTheCount(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	loaded := accountRows("edit", 3)
	source := writeJobFile(t, "accounts.jsonl", loaded)
	once := emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, ""), Check: expectCounts(emu, once)},
			{
				PreConfig: func() { rewriteJobFile(t, source, loaded+accountRow(map[string]any{"name": `"edit-4"`})) },
				Config:    jobConfig(url, source, ""),
				ExpectError: regexp.MustCompile(`(?s)The edited file would load rows again.*` +
					words("Of the 4 rows of the edited file, 3 were in that file and would be loaded again; 1 was new.") +
					`.*` + words("a zuora_bulk_dataset resource loads only the rows that changed") + `.*` + words(`if_already_loaded = "load_again"`) + `.*-replace`),
			},
			{
				PreConfig: func() {
					if err := expectCounts(emu, once)(nil); err != nil {
						t.Error("the refused plan sent something: ", err)
					}
				},
				Config:            jobConfig(url, source, `  if_already_loaded = "load_again"`),
				ConfigStateChecks: []statecheck.StateCheck{expectState("rows_succeeded", knownvalue.Int64Exact(4))},
				Check:             expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 2, Submissions: 2}),
			},
		},
	})
	if n := len(emu.Records("Account")); n != 7 {
		t.Errorf("the emulator holds %d accounts, want 3 then 4 more", n)
	}
}

// Rows that are all new are no reload: the replacement is planned.
func TestAccBulkJob_editedFileOfNewRowsIsReplaced(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("first", 2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, "")},
			{
				PreConfig: func() { rewriteJobFile(t, source, accountRows("second", 2)) },
				Config:    jobConfig(url, source, ""),
				Check:     expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 2, Submissions: 2}),
			},
		},
	})
}

func TestRowOverlapDescribe(t *testing.T) {
	t.Parallel()
	var state bulkJobResourceModel
	state.ID, state.RowsSucceeded = types.StringValue("job-1"), types.Int64Value(1200)
	got := rowOverlap{Loaded: 1200, New: 1201, Again: 1200}.describe(state, nil)
	want := "Bulk job job-1 loaded a file of 1,200 rows (1,200 rows loaded, which stay in Zuora). Of the 1,201 rows of the edited file, " +
		"1,200 were in that file and would be loaded again; 1 was new."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	got = rowOverlap{}.describe(state, errors.New("HTTP 403"))
	if !strings.Contains(got, "could not be compared with Zuora's copy of the loaded file (HTTP 403;") {
		t.Errorf("without a comparison: %q", got)
	}
	if !(rowOverlap{Loaded: 2, New: 2, Again: 2}).sameRows() || (rowOverlap{Loaded: 3, New: 2, Again: 2}).sameRows() {
		t.Error("sameRows: only equal row sets are the same rows")
	}
}

// With delete_records, an edited file is no reload: the replacement deletes
// the records first, then loads the edited file; nothing is twice in Zuora.
func TestAccBulkJob_editedFileWithDeleteRecordsIsReplaced(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", numberedAccounts("R-1", "R-2"))
	config := teardownConfig(url, source, onDestroyDeleteRecords)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { rewriteJobFile(t, source, numberedAccounts("R-1", "R-2", "R-3")) },
				Config:    config,
				Check:     func(*terraform.State) error { return expectAccounts(emu, "R-1", "R-2", "R-3") },
			},
		},
	})
}

// An imported job is judged the same way: a configured file that holds
// rows the job loaded is refused.
func TestAccBulkJob_importedJobEditedFileRefused(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	loaded := accountRows("imported", 2)
	id := loadJob(t, emulatorClient(t, url), "accounts", loaded)
	source := writeJobFile(t, "accounts.jsonl", loaded+accountRow(map[string]any{"name": `"imported-3"`}))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   acctest.Requires(acctest.ImportBlocks),
		Steps: []resource.TestStep{{
			Config: importConfig(url, id, source),
			ExpectError: regexp.MustCompile(`(?s)The edited file would load rows again.*` +
				words("Of the 3 rows of the edited file, 2 were in that file and would be loaded again; 1 was new.")),
		}},
	})
	if err := expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})(nil); err != nil {
		t.Error(err)
	}
}
