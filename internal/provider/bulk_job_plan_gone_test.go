package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// A file deleted after it was loaded blocks nothing: plan shows no change
// (the state's hash is kept), plan -destroy and destroy pass, and nothing
// reaches Zuora after the load.
func TestAccBulkJob_fileDeletedAfterApply(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("gone", 3)
	source := writeJobFile(t, "accounts.jsonl", content)
	loaded := emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, ""), Check: expectCounts(emu, loaded)},
			{
				PreConfig: func() {
					if err := os.Remove(source); err != nil {
						t.Fatal(err)
					}
				},
				Config:   jobConfig(url, source, ""),
				PlanOnly: true, // fails on any planned change
			},
			{
				// name is recorded in place: the kept hash plans no new job.
				Config: jobConfig(url, source, `  description = "still here"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(sha256Hex(content))),
				}},
				Check: expectCounts(emu, loaded),
			},
			{Config: jobConfig(url, source, `  description = "still here"`), Destroy: true},
		},
	})
	if err := expectCounts(emu, loaded)(nil); err != nil {
		t.Error(err)
	}
	if n := len(emu.Records("Account")); n != 3 {
		t.Errorf("the emulator holds %d accounts, want the 3 loaded", n)
	}
}

// A missing file is still an error for a new job, and for one whose other
// arguments changed (it would need the file), and nothing is sent.
func TestAccBulkJob_missingFileFailsANewJob(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	missing := filepath.Join(t.TempDir(), "accounts.jsonl")
	source := writeJobFile(t, "accounts.jsonl", accountRows("moved", 2))
	doesNotExist := regexp.MustCompile(`(?s)Cannot read source file.*does\s+not\s+exist`) // Terraform wraps long lines

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, missing, ""), ExpectError: doesNotExist},
			{Config: jobConfig(url, source, "")},
			{
				PreConfig: func() {
					if err := os.Remove(source); err != nil {
						t.Fatal(err)
					}
				},
				Config:      jobConfig(url, source, `  job_type    = "Update"`),
				ExpectError: doesNotExist,
			},
		},
	})
	if err := expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1})(nil); err != nil {
		t.Error(err)
	}
}

// With delete_records, destroy without the file still deletes the records:
// the teardown needs Zuora's ids, not the file.
func TestAccBulkJob_fileDeletedThenDestroyedWithDeleteRecords(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", numberedAccounts("G-1", "G-2"))
	config := teardownConfig(url, source, onDestroyDeleteRecords)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: func(*terraform.State) error { return expectAccounts(emu, "G-1", "G-2") }},
			{
				PreConfig: func() {
					if err := os.Remove(source); err != nil {
						t.Fatal(err)
					}
				},
				Config:  config,
				Destroy: true,
				Check:   func(*terraform.State) error { return expectAccounts(emu) },
			},
		},
	})
}
