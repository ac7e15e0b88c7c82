package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

const jobAddr = "zuora_bulk_job.test"

// accountRows is n Account Import rows that Zuora loads, named prefix-1, prefix-2 and so on.
func accountRows(prefix string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(accountRow(map[string]any{"name": fmt.Sprintf("%q", fmt.Sprintf("%s-%d", prefix, i))}))
	}
	return b.String()
}

// rowsFailingInZuora pass the plan-time checks but Zuora refuses them: an
// account number already taken by the first row.
func rowsFailingInZuora(n int) string {
	var b strings.Builder
	for i := 0; i <= n; i++ {
		fmt.Fprintf(&b, `{"name":"Dup %d","accountNumber":"DUP-1","billCycleDay":1,"currency":"USD",`+
			`"billToContact":{"firstName":"Ada","lastName":"Lovelace","country":"Ireland"},`+
			`"soldToContact":{"firstName":"Ada","lastName":"Lovelace","country":"Ireland"}}`+"\n", i)
	}
	return b.String()
}

func writeJobFile(t *testing.T, name, content string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	rewriteJobFile(t, file, content)
	return file
}

func rewriteJobFile(t *testing.T, file, content string) {
	t.Helper()
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func sha256Hex(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

// jobConfig is a zuora_bulk_job "test" loading source into Account, with
// extra arguments.
func jobConfig(url, source, extra string) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "test" {
  name        = "accounts"
  object_type = "Account"
  source      = %q
%s
}
`, source, extra)
}

func expectState(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New(attr), check)
}

// stateJobID reads the job id Terraform saved.
func stateJobID(s *terraform.State) (string, error) {
	rs, ok := s.RootModule().Resources[jobAddr]
	if !ok {
		return "", fmt.Errorf("%s not in state", jobAddr)
	}
	return rs.Primary.ID, nil
}

// expectCounts checks what the emulator received, in the fields that matter.
func expectCounts(emu *emulator.Server, want emulator.Counts) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := emu.Counts()
		got.TokensIssued, got.Requests = 0, 0
		if got != want {
			return fmt.Errorf("emulator counts = %+v, want %+v", got, want)
		}
		return nil
	}
}

func TestAccBulkJob_createWaitsAndRecords(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("create", 3)
	source := writeJobFile(t, "accounts.jsonl", content)
	changed := accountRows("changed", 2)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: jobConfig(url, source, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("status", knownvalue.StringExact(client.StatusCompleted)),
					expectState("row_count", knownvalue.Int64Exact(3)),
					expectState("rows_succeeded", knownvalue.Int64Exact(3)),
					expectState("rows_failed", knownvalue.Int64Exact(0)),
					expectState("failure_reason", knownvalue.Null()),
					expectState("job_type", knownvalue.StringExact("Import")),
					expectState("file_type", knownvalue.StringExact("jsonl")),
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(content))),
					expectState("source_size_bytes", knownvalue.Int64Exact(int64(len(content)))),
					expectState("created_at", knownvalue.StringRegexp(rfc3339UTC)),
					expectState("submitted_at", knownvalue.StringRegexp(rfc3339UTC)),
					expectState("last_updated_at", knownvalue.StringRegexp(rfc3339UTC)),
					expectState("source_file_url", knownvalue.NotNull()),
					expectState("error_rows_file_url", knownvalue.NotNull()),
					expectState("success_rows_file_url", knownvalue.NotNull()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
					func(s *terraform.State) error {
						id, err := stateJobID(s)
						if err != nil {
							return err
						}
						job, ok := emu.Job(id)
						switch {
						case !ok:
							return fmt.Errorf("the emulator has no job %s", id)
						case job.Upload == nil || job.Upload.SHA256 != sha256Hex(content):
							return fmt.Errorf("the emulator stored upload %+v, want SHA-256 %s", job.Upload, sha256Hex(content))
						case job.Name != "accounts" || job.ObjectType != "Account" || job.FileType != "jsonl":
							return fmt.Errorf("the emulator stored job %+v", job)
						}
						if n := len(emu.Records("Account")); n != 3 {
							return fmt.Errorf("the emulator stored %d accounts, want 3", n)
						}
						return nil
					},
				),
			},
			{
				// Refreshing a finished job changes nothing: no drift.
				Config:            jobConfig(url, source, ""),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{expectState("status", knownvalue.StringExact(client.StatusCompleted))},
			},
			{
				// Behaviour settings change in place and load nothing.
				Config: jobConfig(url, source, `
  validation      = "warn"
  max_failed_rows = 5`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("status"), knownvalue.StringExact(client.StatusCompleted)),
				}},
				Check: expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
			{
				// The same path with other bytes is another load: a new job.
				PreConfig: func() { rewriteJobFile(t, source, changed) },
				Config:    jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(sha256Hex(changed))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(changed))),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
				Check: func(*terraform.State) error {
					if n := len(emu.Records("Account")); n != 5 {
						return fmt.Errorf("the emulator stored %d accounts, want 3 + 2", n)
					}
					return expectCounts(emu, emulator.Counts{JobsCreated: 2, Uploads: 2, Submissions: 2})(nil)
				},
			},
		},
	})
}

func TestAccBulkJob_inlineContent(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("inline", 2)
	config := providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "test" {
  name        = "inline accounts"
  description = "two accounts"
  object_type = "accounts-and-contacts"
  content     = %q
}
`, content)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("object_type", knownvalue.StringExact("accounts-and-contacts")),
					expectState("file_type", knownvalue.StringExact("jsonl")),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
					expectState("source_sha256", knownvalue.StringExact(sha256Hex(content))),
				},
				Check: func(s *terraform.State) error {
					id, _ := stateJobID(s)
					// create-job takes the catalogue's objectType, whatever
					// spelling the configuration used.
					if job, _ := emu.Job(id); job.ObjectType != "Account" || job.Description != "two accounts" {
						return fmt.Errorf("the emulator stored job %+v", job)
					}
					return nil
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Zuora answers summaries in either documented form: epoch milliseconds or
// ISO strings, objectType or objectName. Neither may cause drift.
func TestAccBulkJob_noDriftWhateverFormZuoraAnswersIn(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string]emulator.Options{
		"iso":                {},
		"epoch":              {EpochTimestamps: true},
		"objectName":         {SummaryObjectName: true},
		"epoch & objectName": {EpochTimestamps: true, SummaryObjectName: true},
	} {
		t.Run(name, func(t *testing.T) {
			_, url := startEmulator(t, opts)
			source := writeJobFile(t, "accounts.jsonl", accountRows("forms", 2))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: jobConfig(url, source, ""),
						ConfigStateChecks: []statecheck.StateCheck{
							expectState("object_type", knownvalue.StringExact("Account")),
							expectState("status", knownvalue.StringExact(client.StatusCompleted)),
							expectState("created_at", knownvalue.StringRegexp(rfc3339UTC)),
							expectState("submitted_at", knownvalue.StringRegexp(rfc3339UTC)),
							expectState("last_updated_at", knownvalue.StringRegexp(rfc3339UTC)),
						},
					},
					{
						Config:           jobConfig(url, source, ""),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}

func TestAccBulkJob_failedRowsWarnByDefault(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", rowsFailingInZuora(2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("status", knownvalue.StringExact(client.StatusCompleted)),
				expectState("row_count", knownvalue.Int64Exact(3)),
				expectState("rows_succeeded", knownvalue.Int64Exact(1)),
				expectState("rows_failed", knownvalue.Int64Exact(2)),
				expectState("error_rows_file_url", knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				if n := len(emu.Records("Account")); n != 1 {
					return fmt.Errorf("the emulator stored %d accounts, want 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccBulkJob_tooManyFailedRowsFailTheApply(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", rowsFailingInZuora(2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      jobConfig(url, source, "  max_failed_rows = 1"),
			ExpectError: regexp.MustCompile(`(?s)Too many rows failed.*2 rows failed, more than\s+max_failed_rows \(1\).*Error rows.*line 2: accountNumber: "DUP-1" is already used`),
		}},
	})
}

func TestAccBulkJob_failedJobReportsTheReason(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	// Zuora fails a whole job whose file starts with a byte order mark.
	// With validation off, plan lets it through.
	source := writeJobFile(t, "accounts.jsonl", "\uFEFF"+accountRows("bom", 2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      jobConfig(url, source, `  validation = "off"`),
			ExpectError: regexp.MustCompile(`(?s)Bulk job Failed.*byte order mark`),
		}},
	})
	if c := emu.Counts(); c.Submissions != 1 {
		t.Errorf("submissions = %d, want 1", c.Submissions)
	}
}
