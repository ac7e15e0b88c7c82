package provider

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// The columns of csvAccounts' Account rows: two named for people and
// mapped (datasetCSVMappings), the others field paths.
var datasetCSVColumns = []string{"Account Number", "Account Name", "billCycleDay", "currency",
	"billToContact.firstName", "billToContact.lastName", "billToContact.country",
	"soldToContact.firstName", "soldToContact.lastName", "soldToContact.country"}

const datasetCSVMappings = `  mappings    = { "Account Number" = "accountNumber", "Account Name" = "name" }
`

// csvAccounts is datasetAccounts(1, to, names) as CSV, its columns in
// the order order gives (indexes into datasetCSVColumns), delimited by
// delimiter.
func csvAccounts(t *testing.T, order []int, delimiter rune, to int, names map[int]string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = delimiter
	pick := func(cells []string) []string {
		out := make([]string, len(order))
		for i, c := range order {
			out[i] = cells[c]
		}
		return out
	}
	_ = w.Write(pick(datasetCSVColumns))
	for n := 1; n <= to; n++ {
		name, ok := names[n]
		if !ok {
			name = fmt.Sprintf("Account %d", n)
		}
		_ = w.Write(pick([]string{fmt.Sprintf("A-%03d", n), name, "1", "USD",
			"Ada", "Lovelace", "United Kingdom", "Ada", "Lovelace", "United Kingdom"}))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var csvInOrder = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}

// expectCSVJobs checks that the emulator's jobs since skip were CSV jobs
// whose columns load into the fields given, in the file's column order
// ("column→field" where a mapping renames it).
func expectCSVJobs(emu *emulator.Server, c *client.Client, skip int, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []string
		for _, j := range emu.Jobs()[skip:] {
			ms, err := c.JobMappings(context.Background(), j.ID)
			if err != nil {
				return err
			}
			cols := make([]string, len(ms))
			for i, m := range ms {
				cols[i] = m.Column
				if m.Field != m.Column {
					cols[i] += "→" + m.Field
				}
			}
			got = append(got, fmt.Sprintf("%s %s: %s", j.JobType, j.FileType, strings.Join(cols, ",")))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("emulator jobs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		return nil
	}
}

// A CSV dataset with mappings: create; then edit one row, add one and
// reorder the columns with another delimiter → one Update of 1 row and
// one Import of 1 row, CSV files with the mappings; then nothing.
func TestAccBulkDataset_csvEditAddReorder(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	source := writeJobFile(t, "accounts.csv", csvAccounts(t, csvInOrder, ',', 5, nil))
	reordered := []int{9, 3, 1, 8, 2, 7, 6, 0, 5, 4}
	edited := csvAccounts(t, reordered, ';', 6, map[int]string{2: "Renamed 2"})
	semicolon := datasetCSVMappings + "  delimiter   = \"semicolon\"\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: datasetConfig(url, source, datasetCSVMappings),
				ConfigStateChecks: []statecheck.StateCheck{
					expectDataset("import_count", knownvalue.Int64Exact(5)),
					expectDataset("ids", knownvalue.MapSizeExact(5)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 0, "Import 5"),
					expectCSVJobs(emu, c, 0, "Import csv: Account Number→accountNumber,Account Name→name,billCycleDay,currency,"+
						"billToContact.firstName,billToContact.lastName,billToContact.country,"+
						"soldToContact.firstName,soldToContact.lastName,soldToContact.country"),
					expectDatasetRecords(emu, datasetAccounts(1, 5, nil))),
			},
			{
				PreConfig: func() { rewriteJobFile(t, source, edited) },
				Config:    datasetConfig(url, source, semicolon),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planCount("import_count", 1), planCount("update_count", 1), planCount("unchanged_count", 4),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectDataset("ids", knownvalue.MapSizeExact(6)),
					expectDataset("job_ids", knownvalue.ListSizeExact(3)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 1, "Update 1", "Import 1"),
					// The Update file: the record's Id and the columns
					// Update takes (not currency), in the file's order.
					expectCSVJobs(emu, c, 1,
						"Update csv: Id,soldToContact.country,Account Name→name,soldToContact.lastName,billCycleDay,"+
							"soldToContact.firstName,billToContact.country,Account Number→accountNumber,billToContact.lastName,billToContact.firstName",
						"Import csv: soldToContact.country,currency,Account Name→name,soldToContact.lastName,billCycleDay,"+
							"soldToContact.firstName,billToContact.country,Account Number→accountNumber,billToContact.lastName,billToContact.firstName"),
					expectDatasetRecords(emu, datasetAccounts(1, 6, map[int]string{2: "Renamed 2"}))),
			},
			{
				Config:           datasetConfig(url, source, semicolon),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            expectJobs(emu, 3),
			},
		},
	})
}

// A key twice in a CSV file fails the plan, naming both lines (the header
// is line 1), as do a mapping to no field, a row that fails the CSV
// metadata's checks and delimiter on a JSON-lines dataset.
func TestAccBulkDataset_csvPlanErrors(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	rows := csvAccounts(t, csvInOrder, ',', 4, nil)
	dup := rows + strings.SplitAfter(rows, "\n")[2] // A-002 again, on line 6
	source := writeJobFile(t, "accounts.csv", dup)
	jsonl := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 2, nil))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      datasetConfig(url, source, datasetCSVMappings),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`lines\s+3\s+and\s+6:\s+both\s+have\s+accountNumber\s+"A-002"`),
			},
			{
				Config:      datasetConfig(url, source, ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`no\s+column\s+holds\s+the\s+key\s+field\s+accountNumber`),
			},
			{
				// zuora_bulk_job's mapping rule: a target must be a field.
				PreConfig:   func() { rewriteJobFile(t, source, rows) },
				Config:      datasetConfig(url, source, `  mappings = { "Account Number" = "accountNumber", "Account Name" = "nmae" }`+"\n"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Mapping\s+to\s+an\s+unknown\s+field`),
			},
			{
				// A row to import is checked against the CSV Import metadata.
				PreConfig:   func() { rewriteJobFile(t, source, strings.Replace(rows, "USD", "XYZ", 1)) },
				Config:      datasetConfig(url, source, datasetCSVMappings),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)do\s+not\s+pass\s+the\s+checks.*line\s+2.*currency`),
			},
			{
				Config:      datasetConfig(url, jsonl, "  delimiter = \"tab\"\n"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`CSV-only\s+argument\s+on\s+a\s+JSON-lines\s+dataset`),
			},
		},
	})
}

// A CSV dataset imported from the CSV Import job that loaded its rows
// plans nothing.
func TestAccBulkDataset_csvImportFromJob(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	content := csvAccounts(t, csvInOrder, '|', 3, nil)
	req := accountJob("Import", "earlier csv load")
	req.FileType, req.Delimiter = client.FileTypeCSV, "pipe"
	req.Mappings = []client.ColumnMapping{{Source: "Account Number", Target: "accountNumber"}, {Source: "Account Name", Target: "name"}}
	jobID := makeJob(t, c, req, content, jobCompleted)
	source := writeJobFile(t, "accounts.csv", content)
	config := datasetConfig(url, source, datasetCSVMappings+"  delimiter   = \"|\"\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ResourceName: datasetAddr, ImportState: true, ImportStateId: jobID, ImportStatePersist: true},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planCount("unchanged_count", 3)}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectDataset("ids", knownvalue.MapSizeExact(3)),
				},
				Check: expectJobs(emu, 0, "Import 3"), // the earlier job only
			},
		},
	})
}
