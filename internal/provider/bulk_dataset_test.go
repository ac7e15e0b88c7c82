package provider

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

const datasetAddr = "zuora_bulk_dataset.accounts"

// datasetAccount is one Account row keyed A-<n>, named name.
func datasetAccount(n int, name string) string {
	return fmt.Sprintf(`{"accountNumber":"A-%03d","name":%q,"billCycleDay":1,"currency":"USD",`+
		`"billToContact":{"firstName":"Ada","lastName":"Lovelace","country":"United Kingdom"},`+
		`"soldToContact":{"firstName":"Ada","lastName":"Lovelace","country":"United Kingdom"}}`+"\n", n, name)
}

// datasetAccounts is the rows of keys from..to, named after their key
// unless names overrides one.
func datasetAccounts(from, to int, names map[int]string) string {
	var b strings.Builder
	for n := from; n <= to; n++ {
		name, ok := names[n]
		if !ok {
			name = fmt.Sprintf("Account %d", n)
		}
		b.WriteString(datasetAccount(n, name))
	}
	return b.String()
}

func datasetConfig(url, source, extra string) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_dataset" "accounts" {
  object_type = "Account"
  source      = %q
  key_field   = "accountNumber"
%s}
`, source, extra)
}

// expectJobs checks the emulator's jobs: how many of each type, and the
// rows each new one received, in order, since the first skip jobs.
func expectJobs(emu *emulator.Server, skip int, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []string
		for _, j := range emu.Jobs()[skip:] {
			got = append(got, fmt.Sprintf("%s %d", j.JobType, j.RowCount))
		}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			return fmt.Errorf("emulator jobs = %v, want %v", got, want)
		}
		return nil
	}
}

// expectDatasetRecords checks that the emulator's live Account records are the
// rows of content, by accountNumber and name.
func expectDatasetRecords(emu *emulator.Server, content string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var want, got []string
		f, err := readDatasetRows([]byte(content), "content", "accountNumber", nil)
		if err != nil {
			return err
		}
		for _, r := range f.Rows {
			var name string
			if m, err := decodeMembers(r.Raw); err == nil {
				name = strings.Trim(string(m["name"]), `"`)
			}
			want = append(want, r.Key+"="+name)
		}
		for _, rec := range emu.Records("Account") {
			got = append(got, fmt.Sprintf("%v=%v", rec["accountNumber"], rec["name"]))
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("emulator Account records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		return nil
	}
}

func expectDataset(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(datasetAddr, tfjsonpath.New(attr), check)
}

func TestAccBulkDataset_editAddRemove(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	first := datasetAccounts(1, 20, nil)
	// Two edited, three added, A-020 removed.
	second := datasetAccounts(1, 19, map[int]string{4: "Renamed 4", 9: "Renamed 9"}) + datasetAccounts(21, 23, nil)
	source := writeJobFile(t, "accounts.jsonl", first)
	deleting := "  on_remove   = \"delete\"\n"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: datasetConfig(url, source, deleting),
				ConfigStateChecks: []statecheck.StateCheck{
					expectDataset("import_count", knownvalue.Int64Exact(20)),
					expectDataset("ids", knownvalue.MapSizeExact(20)),
					expectDataset("job_ids", knownvalue.ListSizeExact(1)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectJobs(emu, 0, "Import 20"), expectDatasetRecords(emu, first)),
			},
			{
				PreConfig: func() { rewriteJobFile(t, source, second) },
				Config:    datasetConfig(url, source, deleting),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(datasetAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(datasetAddr, tfjsonpath.New("import_count"), knownvalue.Int64Exact(3)),
					plancheck.ExpectKnownValue(datasetAddr, tfjsonpath.New("update_count"), knownvalue.Int64Exact(2)),
					plancheck.ExpectKnownValue(datasetAddr, tfjsonpath.New("delete_count"), knownvalue.Int64Exact(1)),
					plancheck.ExpectKnownValue(datasetAddr, tfjsonpath.New("unchanged_count"), knownvalue.Int64Exact(17)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectDataset("ids", knownvalue.MapSizeExact(22)),
					expectDataset("job_ids", knownvalue.ListSizeExact(4)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectJobs(emu, 1, "Delete 1", "Update 2", "Import 3"),
					expectDatasetRecords(emu, second),
					expectDeleted(emu, "A-020"),
				),
			},
			{
				Config:           datasetConfig(url, source, deleting),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            expectJobs(emu, 4),
			},
		},
	})
}

// expectDeleted checks that the emulator deleted (cancelled) the accounts.
func expectDeleted(emu *emulator.Server, keys ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []string
		for _, rec := range emu.DeletedRecords("Account") {
			got = append(got, fmt.Sprint(rec["accountNumber"]))
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(keys, ",") {
			return fmt.Errorf("deleted accounts = %v, want %v", got, keys)
		}
		return nil
	}
}
