package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

func TestColumnMappings_arraysTypedFromTheMetadata(t *testing.T) {
	fields, err := fieldmeta.Parse([]byte(`{
	  "name": {"type": "string", "regex": "", "required": true},
	  "additionalEmailAddresses": [{"type": "string", "regex": "", "required": false}],
	  "billToContact": {"firstName": {"type": "string", "regex": "", "required": true}}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	mappings := map[string]string{"Name": "name", "Emails": "additionalEmailAddresses", "First": "billToContact.firstName"}
	want := []client.ColumnMapping{
		{Source: "Emails", Target: "additionalEmailAddresses", Type: "array", ArrayType: "string"},
		{Source: "First", Target: "billToContact.firstName"},
		{Source: "Name", Target: "name"},
	}
	if got := columnMappings(mappings, fields); !reflect.DeepEqual(got, want) {
		t.Errorf("columnMappings = %+v, want %+v", got, want)
	}
	// Without metadata the mappings still go, untyped.
	if got := columnMappings(mappings, nil); len(got) != 3 || got[0].Type != "" {
		t.Errorf("columnMappings without metadata = %+v", got)
	}
	if got := columnMappings(nil, fields); got != nil {
		t.Errorf("no mappings gave %+v", got)
	}
}

func TestIsFieldPath(t *testing.T) {
	known := map[string]bool{"name": true, "additionalEmailAddresses[]": true, "additionalEmailAddresses": true, "billToContact.firstName": true}
	for column, want := range map[string]bool{
		"name": true, "additionalEmailAddresses[2]": true, "additionalEmailAddresses": true, "billToContact.firstName": true,
		"Region__c": true, "billToContact.Region__c": true, "Account Name": false, "__c": false, "billToContact": false,
	} {
		if got := isFieldPath(column, known); got != want {
			t.Errorf("isFieldPath(%q) = %v, want %v", column, got, want)
		}
	}
}

// The plan's CSV header check names each column neither mapped nor a
// field with its place and closest fields; mapped, field and row id
// columns pass.
func TestCheckSource_unmappedColumnsNamedWithSuggestions(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	in := accountCheck(pd, t, "Row,Account Name,billCycleDay,Curency,Bill Cycle\n1,Acme,1,USD,1\n")
	in.FileType, in.HasHeaders, in.RowIDColumn = "csv", true, "Row"
	in.Mappings = map[string]string{"Account Name": "name"}
	_, diags := pd.checkSource(context.Background(), in)
	var details []string
	for _, d := range diags.Errors() {
		if d.Summary() == "Column is neither mapped nor a field" {
			details = append(details, d.Detail())
		}
	}
	if len(details) != 2 {
		t.Fatalf("want 2 unmapped-column errors, got %v", diags)
	}
	if !strings.Contains(details[0], `column 4, "Curency"`) || !strings.Contains(details[0], `Did you mean "currency"`) {
		t.Errorf("first error: %s", details[0])
	}
	if !strings.Contains(details[1], `column 5, "Bill Cycle"`) || !strings.Contains(details[1], `"billCycleDay"`) {
		t.Errorf("second error: %s", details[1])
	}
	// Under warn the same findings are warnings and the file is still read.
	in.Validation = "warn"
	facts, diags := pd.checkSource(context.Background(), in)
	if diags.HasError() || facts.Rows != 1 {
		t.Errorf("warn: rows %d, diags %v", facts.Rows, diags)
	}
}

// A JSON-lines row's mapped top-level keys are checked as their fields; a
// key mapped into a nested field leaves the rows unchecked by structure
// (one warning says so), and every target is still checked.
func TestCheckSource_mappedJSONLines(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	row := `{"Account Name":"Acme","Cycle":40,"currency":"USD","First":"Ada"}` + "\n"
	in := accountCheck(pd, t, row)
	in.Mappings = map[string]string{"Account Name": "name", "Cycle": "billCycleDay"}
	_, diags := pd.checkSource(context.Background(), in)
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), `content:1: Cycle: value "40"`) {
		t.Fatalf("a mapped key's bad value: %v", diags)
	}
	in.Mappings["First"] = "billToContact.firstName"
	facts, diags := pd.checkSource(context.Background(), in)
	if diags.HasError() || facts.Rows != 1 || len(diags.Warnings()) != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "billToContact.firstName") {
		t.Fatalf("a nested target: rows %d, diags %v", facts.Rows, diags)
	}
	in.Mappings["Cycle"] = "billCycleDya"
	if _, diags = pd.checkSource(context.Background(), in); !diags.HasError() ||
		!strings.Contains(diags.Errors()[0].Detail(), `Did you mean "billCycleDay"`) {
		t.Errorf("a mapping to no field: %v", diags)
	}
}

// The plan's cached outcome is keyed by the mappings and row id column:
// a file checked through one mapping is checked again through another.
func TestPlanSource_anotherMappingDoesNotReuseTheOutcome(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	in := fileCheck(t, pd, "mapped.csv", "Row,Account Name,billCycleDay,currency,billToContact.firstName,billToContact.lastName\n"+
		"1,Acme,1,USD,Ada,Lovelace\n")
	in.FileType, in.HasHeaders, in.RowIDColumn = "csv", true, "Row"
	in.Mappings = map[string]string{"Account Name": "name"}
	if _, d := pd.planSource(context.Background(), in, "", -1); d.HasError() {
		t.Fatal(d)
	}
	in.Mappings = map[string]string{"Account Name": "notes"} // name is now missing
	if _, d := pd.planSource(context.Background(), in, "", -1); !d.HasError() {
		t.Error("a mapping that leaves a required field out reused the outcome of the mapping that gave it")
	}
	in.Mappings = map[string]string{"Account Name": "name"}
	in.RowIDColumn = ""
	if _, d := pd.planSource(context.Background(), in, "", -1); !d.HasError() {
		t.Error("dropping row_id_column reused the outcome that skipped the Row column")
	}
	if n := opensOf(in.SourcePath); n != 3 {
		t.Errorf("the file was opened %d times; want 3, once per mapping", n)
	}
}

// dictionaryCSV is an Account import as Zuora's data dictionary names its
// columns (the catalogue's labels), ;-delimited, with a row id column.
const dictionaryCSV = "Row;Account Name;Bill Cycle Day;Currency;Account Number;Additional Email Addresses;" +
	"BillToContact.FirstName;BillToContact.LastName;BillToContact.Country\n" +
	"7;Acme One;5;USD;DD-1;billing@acme.example|ap@acme.example;Ada;Lovelace;Ireland\n" +
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
// the array field gets its |-separated elements, and the results report the row id as
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
				if got := fmt.Sprint(one["additionalEmailAddresses"]); got != "[billing@acme.example ap@acme.example]" {
					return fmt.Errorf("DD-1 additionalEmailAddresses = %s, want the two addresses as an array", got)
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
		}, {
			// Another mapping loads the file differently: a new job. (The
			// duplicate guard does not tell mappings apart yet, so it is told
			// to load again.)
			Config: strings.Replace(strings.Replace(config, `"accountNumber"`, `"crmId"`, 1),
				"row_id_column = \"Row\"\n", "row_id_column = \"Row\"\n  if_already_loaded = \"load_again\"\n", 1),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
			}},
			Check: func(*terraform.State) error {
				if got := byField(emu.Records("Account"), "crmId"); got["DD-1"] == nil || len(emu.Records("Account")) != 4 {
					return fmt.Errorf("after the new mapping the emulator holds %v", emu.Records("Account"))
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

// A JSON-lines job's row id key passes the plan's checks as no field, is
// not stored, and comes back as the results' line.
func TestAccBulkJob_jsonLinesRowIDColumn(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	rows := strings.Replace(numberedAccounts("R-1"), `{"name"`, `{"rowId":11,"name"`, 1)
	source := writeJobFile(t, "accounts.jsonl", rows)
	config := jobConfig(url, source, "  row_id_column = \"rowId\"\n") + `
data "zuora_bulk_job_results" "loaded" {
  job_id        = zuora_bulk_job.test.id
  kind          = "successes"
  row_id_column = zuora_bulk_job.test.row_id_column
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resultsAddr("loaded"), tfjsonpath.New("rows"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"line": knownvalue.Int64Exact(11)}),
				})),
			},
			Check: func(*terraform.State) error {
				stored := emu.Records("Account")
				if len(stored) != 1 || stored[0]["accountNumber"] != "R-1" || stored[0]["rowId"] != nil {
					return fmt.Errorf("the emulator stored %v, want R-1 without rowId", stored)
				}
				return nil
			},
		}},
	})
}

// createJobRequest sends mappings typed from the job's own metadata and
// row_id_column as rowIdHeader.
func TestCreateJobRequest_mappingsAndRowID(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	ctx := context.Background()
	obj, diags := pd.resolveObject(ctx, path.Root("object_type"), "Account", "Import")
	if diags.HasError() {
		t.Fatal(diags)
	}
	mappings, d := types.MapValueFrom(ctx, types.StringType, map[string]string{"Emails": "additionalEmailAddresses", "Account Name": "name"})
	if d.HasError() {
		t.Fatal(d)
	}
	m := bulkJobResourceModel{Mappings: mappings, RowIDColumn: types.StringValue("Row"), Headers: types.ListNull(types.StringType)}
	m.Name, m.JobType, m.FileType, m.Delimiter = types.StringValue("n"), types.StringValue("Import"), types.StringValue("csv"), types.StringValue("|")
	req := pd.createJobRequest(ctx, m, obj, "a1b2")
	want := []client.ColumnMapping{
		{Source: "Account Name", Target: "name"},
		{Source: "Emails", Target: "additionalEmailAddresses", Type: "array", ArrayType: "string"},
	}
	if !reflect.DeepEqual(req.Mappings, want) || req.RowIDHeader != "Row" || req.Delimiter != "|" {
		t.Errorf("request = %+v", req)
	}
}
