package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// dictionaryCSV is an Account import as Zuora's data dictionary names its
// columns (the catalogue's labels), ;-delimited, with a row id column.
const dictionaryCSV = "Row;Account Name;Bill Cycle Day;Currency;Account Number;Additional Email Addresses;" +
	"BillToContact.FirstName;BillToContact.LastName;BillToContact.Country\n" +
	"7;Acme One;5;USD;DD-1;billing@acme.example;Ada;Lovelace;Ireland\n" +
	"9;Acme Two;12;EUR;DD-2;;Grace;Hopper;United States\n"

const dictionaryMappings = `
  mappings = {
    "Account Name"               = "name"
    "Bill Cycle Day"             = "billCycleDay"
    "Currency"                   = "currency"
    "Account Number"             = "accountNumber"
    "Additional Email Addresses" = "additionalEmailAddresses"
    "BillToContact.FirstName"    = "billToContact.firstName"
    "BillToContact.LastName"     = "billToContact.lastName"
    "BillToContact.Country"      = "billToContact.country"
  }
`

// A CSV whose columns are the data dictionary's labels loads through
// mappings: Zuora stores the field paths, the row id column is no field,
// the array field gets its elements, and the results report the row id as
// the line.
func TestAccBulkJob_dataDictionaryCSVThroughMappings(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.csv", dictionaryCSV)
	config := jobConfig(url, source, dictionaryMappings+`
  delimiter     = "semicolon"
  row_id_column = "Row"
`) + `
data "zuora_bulk_job_results" "loaded" {
  job_id        = zuora_bulk_job.test.id
  kind          = "successes"
  row_id_column = "Row"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				expectState("rows_failed", knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(resultsAddr("loaded"), tfjsonpath.New("rows"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"line": knownvalue.Int64Exact(7)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"line": knownvalue.Int64Exact(9)}),
				})),
			},
			Check: func(*terraform.State) error {
				byNumber := map[string]map[string]any{}
				for _, a := range emu.Records("Account") {
					byNumber[fmt.Sprint(a["accountNumber"])] = a
				}
				one, two := byNumber["DD-1"], byNumber["DD-2"]
				if one == nil || two == nil {
					return fmt.Errorf("the emulator stored %v, want accounts DD-1 and DD-2", emu.Records("Account"))
				}
				if one["name"] != "Acme One" || fmt.Sprint(one["billCycleDay"]) != "5" || one["currency"] != "USD" {
					return fmt.Errorf("DD-1 stored as %v", one)
				}
				if got := fmt.Sprint(one["additionalEmailAddresses"]); got != "[billing@acme.example]" {
					return fmt.Errorf("DD-1 additionalEmailAddresses = %s, want the one address as an array", got)
				}
				if bill, _ := two["billToContact"].(map[string]any); bill["firstName"] != "Grace" || bill["country"] != "United States" {
					return fmt.Errorf("DD-2 billToContact stored as %v", two["billToContact"])
				}
				for _, label := range []string{"Row", "Account Name", "Bill Cycle Day"} {
					if _, ok := one[label]; ok {
						return fmt.Errorf("DD-1 stored the column %q as a field: %v", label, one)
					}
				}
				return nil
			},
		}},
	})
}

// A CSV job is checked against the CSV metadata, through its mappings: a
// bad value fails the plan naming the column as the file spells it and
// the line; nothing reaches Zuora but the metadata reads.
func TestAccBulkJob_csvCheckedAgainstCSVMetadata(t *testing.T) {
	emu, rec, url := startRecordedEmulator(t, emulator.Options{})
	bad := strings.Replace(dictionaryCSV, "9;Acme Two;12;", "9;Acme Two;40;", 1)
	source := writeJobFile(t, "accounts.csv", bad)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      jobConfig(url, source, dictionaryMappings+"  delimiter     = \";\"\n  row_id_column = \"Row\"\n"),
			ExpectError: regexp.MustCompile(`(?s)Source data failed validation.*accounts\.csv:3:\s+Bill\s+Cycle\s+Day:\s+value\s+"40"`),
		}},
	})
	if got := rec.matching("GET", "/data-loader/metadata/csv/objects/accounts-and-contacts/fields", 200); len(got) == 0 {
		t.Error("the plan never read the CSV field metadata")
	}
	if got := rec.matching("GET", "/data-loader/metadata/json/objects/accounts-and-contacts/fields", 0); len(got) != 0 {
		t.Errorf("a CSV job read the JSON-lines field metadata %d times", len(got))
	}
	if jobs := emu.Jobs(); len(jobs) != 0 {
		t.Errorf("the emulator received %d jobs, want none", len(jobs))
	}
}

// A column that is neither mapped nor a field path fails the plan, naming
// the column and the closest fields, before any job exists.
func TestAccBulkJob_unmappedColumnRefusedAtPlan(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.csv", "Account Name,billCycleDay,Curency,billToContact.firstName,billToContact.lastName\n"+
		"Acme,1,USD,Ada,Lovelace\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, "  mappings    = { \"Account Name\" = \"name\" }\n"),
			ExpectError: regexp.MustCompile(`(?s)Column is neither mapped nor a field.*column 3, "Curency", is not in\s+mappings.*` +
				`Did\s+you\s+mean\s+"currency".*"Curency"\s+=\s+"currency"`),
		}, {
			Config:      jobConfig(url, source, "  mappings    = { \"Account Name\" = \"nmae\" }\n"),
			ExpectError: regexp.MustCompile(`(?s)Mapping to an unknown field.*mappings\["Account Name"\] = "nmae".*Did\s+you\s+mean\s+"name"`),
		}},
	})
	if jobs := emu.Jobs(); len(jobs) != 0 {
		t.Errorf("the emulator received %d jobs, want none", len(jobs))
	}
}

// An Update job built from an import's ids changes the records it names.
func TestAccBulkJob_updateByIDsFromAnImport(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	accounts := writeJobFile(t, "accounts.jsonl", numberedAccounts("U-1", "U-2"))
	config := providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "accounts" {
  name        = "accounts"
  object_type = "Account"
  source      = %q
}

data "zuora_bulk_job_results" "created" {
  job_id    = zuora_bulk_job.accounts.id
  kind      = "successes"
  key_field = "accountNumber"
}

resource "zuora_bulk_job" "rename" {
  name        = "rename accounts"
  object_type = "Account"
  job_type    = "Update"
  content = provider::zuora::jsonl([
    for number, id in data.zuora_bulk_job_results.created.ids : { Id = id, name = "Renamed ${number}" }
  ])
}
`, accounts)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("zuora_bulk_job.rename", tfjsonpath.New("rows_succeeded"), knownvalue.Int64Exact(2)),
			},
			Check: func(*terraform.State) error {
				stored := emu.Records("Account")
				if len(stored) != 2 {
					return fmt.Errorf("the emulator holds %d accounts, want the 2 imported", len(stored))
				}
				for _, a := range stored {
					if want := fmt.Sprintf("Renamed %v", a["accountNumber"]); a["name"] != want {
						return fmt.Errorf("account %v is named %q, want %q", a["Id"], a["name"], want)
					}
				}
				return nil
			},
		}},
	})
}

// zuora_bulk_object_fields and zuora_bulk_objects read the CSV metadata
// for file_type = "csv".
func TestAccBulkObjectFieldsDataSource_csv(t *testing.T) {
	_, rec, url := startRecordedEmulator(t, emulator.Options{})
	const ds = "data.zuora_bulk_object_fields.csv"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "zuora_bulk_object_fields" "csv" {
  object_name = "Account"
  action      = "Update"
  file_type   = "csv"
}

data "zuora_bulk_objects" "csv" {
  action    = "delete"
  file_type = "csv"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact("accounts-and-contacts/Update/csv")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("required_paths"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("Id"),
				})),
				statecheck.ExpectKnownValue("data.zuora_bulk_objects.csv", tfjsonpath.New("objects"), knownvalue.ListPartial(map[int]knownvalue.Check{
					0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"object_name": knownvalue.StringExact("accounting-code")}),
				})),
			},
		}},
	})
	if got := rec.matching("GET", "/data-loader/metadata/csv/objects/accounts-and-contacts/fields", 200); len(got) == 0 {
		t.Error("the data source never read the CSV field metadata")
	}
	if got := rec.matching("GET", "/data-loader/metadata/csv/objects", 200); len(got) == 0 {
		t.Error("the data source never read the CSV objects list")
	}
}
