package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// summariesPageSize is the emulator's default page of job summaries;
// seeding more jobs than this makes the data source follow a cursor.
const summariesPageSize = 20

var rfc3339UTC = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

func TestAccBulkJobsDataSource(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)

	var created []string
	for range summariesPageSize + 3 {
		created = append(created, makeJob(t, c, accountJob("Import", "seed"), "", jobCreated))
	}
	cancelled := created[:2]
	for _, id := range cancelled {
		if _, err := c.CancelJob(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	stillCreated := created[2:]
	loaded := loadJob(t, c, "import accounts", accountRow(nil)+accountRow(map[string]any{"name": `"Globex"`}))
	want, err := c.JobSummary(context.Background(), loaded)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(emu.Jobs()); n != len(created)+1 {
		t.Fatalf("emulator holds %d jobs, want %d", n, len(created)+1)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "zuora_bulk_jobs" "all" {}

data "zuora_bulk_jobs" "created" {
  status = "created"
}

data "zuora_bulk_jobs" "cancelled" {
  status = "` + strings.ToUpper(client.StatusCancelled) + `"
}

data "zuora_bulk_jobs" "completed" {
  status = "Completed"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.all", tfjsonpath.New("id"), knownvalue.StringExact("all")),
				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.all", tfjsonpath.New("jobs"),
					jobsWithIDs(append(append([]string{}, created...), loaded))),

				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.created", tfjsonpath.New("jobs"), jobsWithIDs(stillCreated)),
				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.created", tfjsonpath.New("jobs"), knownvalue.SetPartial([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":           knownvalue.StringExact(stillCreated[0]),
						"status":       knownvalue.StringExact("Created"),
						"created_at":   knownvalue.StringRegexp(rfc3339UTC),
						"submitted_at": knownvalue.Null(),
						"row_count":    knownvalue.Int64Exact(0),
					}),
				})),

				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.cancelled", tfjsonpath.New("id"), knownvalue.StringExact(client.StatusCancelled)),
				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.cancelled", tfjsonpath.New("status"), knownvalue.StringExact(strings.ToUpper(client.StatusCancelled))),
				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.cancelled", tfjsonpath.New("jobs"), jobsWithIDs(cancelled)),

				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.completed", tfjsonpath.New("jobs"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":              knownvalue.StringExact(loaded),
						"name":            knownvalue.StringExact("import accounts"),
						"status":          knownvalue.StringExact("Completed"),
						"object_type":     knownvalue.StringExact("Account"),
						"job_type":        knownvalue.StringExact("Import"),
						"row_count":       knownvalue.Int64Exact(2),
						"rows_succeeded":  knownvalue.Int64Exact(2),
						"rows_failed":     knownvalue.Int64Exact(0),
						"created_at":      knownvalue.StringExact(want.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")),
						"submitted_at":    knownvalue.StringExact(want.SubmittedAt.UTC().Format("2006-01-02T15:04:05Z")),
						"last_updated_at": knownvalue.StringExact(want.LastUpdatedAt.UTC().Format("2006-01-02T15:04:05Z")),
					}),
				})),
			},
		}},
	})
}

// Zuora's OpenAPI description sends epoch milliseconds and the guide's
// sample names the object by objectName: state shows both as Zuora meant.
func TestAccBulkJobsDataSource_epochTimestamps(t *testing.T) {
	t.Parallel()
	_, url := startEmulator(t, emulator.Options{EpochTimestamps: true, SummaryObjectName: true})
	id := makeJob(t, emulatorClient(t, url), accountJob("Import", "epoch"), "", jobCreated)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `data "zuora_bulk_jobs" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zuora_bulk_jobs.all", tfjsonpath.New("jobs"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":              knownvalue.StringExact(id),
						"object_type":     knownvalue.StringExact("Account"), // echoed as accounts-and-contacts
						"created_at":      knownvalue.StringRegexp(rfc3339UTC),
						"last_updated_at": knownvalue.StringRegexp(rfc3339UTC),
						"submitted_at":    knownvalue.Null(),
					}),
				})),
			},
		}},
	})
}

func TestAccBulkJobsDataSource_unknownStatus(t *testing.T) {
	t.Parallel()
	_, url := startEmulator(t, emulator.Options{})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerConfig(url) + `data "zuora_bulk_jobs" "running" { status = "Running" }`,
			ExpectError: regexp.MustCompile(`(?s)status.*In Progress`),
		}},
	})
}

// jobsWithIDs checks that a jobs list holds exactly these ids, in any
// order: Zuora lists newest first, which the test need not depend on.
func jobsWithIDs(ids []string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return knownvalue.SetExact(checks)
}
