package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
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

func TestDelimiterValidator(t *testing.T) {
	for value, ok := range map[string]bool{"comma": true, "Semicolon": true, ";": true, "\t": true, "|": true, "dot/period": true, "x": false, "": false, "pipes": false} {
		resp := &validator.StringResponse{}
		delimiterValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("delimiter"), ConfigValue: types.StringValue(value)}, resp)
		if resp.Diagnostics.HasError() == ok {
			t.Errorf("delimiter %q: diags %v, want ok=%v", value, resp.Diagnostics, ok)
		}
		if !ok && !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "semicolon") {
			t.Errorf("delimiter %q: the error does not list the names: %v", value, resp.Diagnostics)
		}
	}
}

// Mapped JSON-lines keys are not field paths: the rows are not checked
// against the metadata (one warning says so), the targets still are.
func TestCheckSource_mappedJSONLinesChecksTheTargetsOnly(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	in := accountCheck(pd, t, `{"Account Name":"Acme","Cycle":1}`+"\n")
	in.Mappings = map[string]string{"Account Name": "name", "Cycle": "billCycleDay"}
	facts, diags := pd.checkSource(context.Background(), in)
	if diags.HasError() || facts.Rows != 1 || len(diags.Warnings()) != 1 {
		t.Fatalf("rows %d, diags %v", facts.Rows, diags)
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
	if _, d := pd.planSource(context.Background(), in, ""); d.HasError() {
		t.Fatal(d)
	}
	in.Mappings = map[string]string{"Account Name": "notes"} // name is now missing
	if _, d := pd.planSource(context.Background(), in, ""); !d.HasError() {
		t.Error("a mapping that leaves a required field out reused the outcome of the mapping that gave it")
	}
	in.Mappings = map[string]string{"Account Name": "name"}
	in.RowIDColumn = ""
	if _, d := pd.planSource(context.Background(), in, ""); !d.HasError() {
		t.Error("dropping row_id_column reused the outcome that skipped the Row column")
	}
	if n := opensOf(in.SourcePath); n != 3 {
		t.Errorf("the file was opened %d times; want 3, once per mapping", n)
	}
}
