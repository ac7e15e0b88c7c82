package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// Issue 9: objects the JSON catalogue does not list still load, with the
// checks that need no metadata (here: the PCI guard) still applied.

func TestAccBulkJob_customObject(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	rows := writeJobFile(t, "vehicles.jsonl", `{"make":"Volvo","seats":5}`+"\n"+`{"make":"Saab","seats":4}`+"\n")
	withCard := writeJobFile(t, "cards.jsonl", `{"make":"Volvo","note":"`+cardNumber+`"}`+"\n")
	config := func(source string) string {
		return providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "test" {
  name                    = "vehicles"
  object_type             = "vehicle"
  is_custom_object        = true
  custom_object_namespace = "fleet"
  source                  = %q
}
`, source)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(withCard), ExpectError: regexp.MustCompile(`(?s)possible PCI data.*cards\.jsonl:1`)},
			{
				Config: config(rows),
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("object_type", knownvalue.StringExact("vehicle")),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
			},
		},
	})
	recs := emu.Records("vehicle")
	if len(recs) != 2 || recs[0]["make"] != "Volvo" || recs[1]["make"] != "Saab" {
		t.Errorf("the emulator stored %v, want Volvo and Saab", recs)
	}
	if n := emu.Counts().JobsCreated; n != 1 {
		t.Errorf("the emulator created %d jobs, want 1 (the PCI plan sends nothing)", n)
	}
}

// A CSV object the JSON catalogue does not list loads; a JSON-lines job
// for a name the catalogue does not know is still an error (a typo).
func TestAccBulkJob_csvObjectOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	csv := writeJobFile(t, "tax.csv", "invoiceNumber,taxAmount\nINV-1,1.50\nINV-2,2.25\n")
	jsonl := writeJobFile(t, "tax.jsonl", `{"invoiceNumber":"INV-1"}`+"\n")
	config := func(source, extra string) string {
		return providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "test" {
  name        = "tax items"
  object_type = "TaxationItem"
  source      = %q
%s
}
`, source, extra)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(jsonl, ""), ExpectError: regexp.MustCompile(`(?s)Unknown object type.*is_custom_object = true`)},
			{
				Config:            config(csv, `  validation = "off"`),
				ConfigStateChecks: []statecheck.StateCheck{expectState("rows_succeeded", knownvalue.Int64Exact(2))},
			},
		},
	})
	recs := emu.Records("TaxationItem")
	if len(recs) != 2 || recs[0]["invoiceNumber"] != "INV-1" || recs[1]["taxAmount"] != "2.25" {
		t.Errorf("the emulator stored %v", recs)
	}
}

func TestResolveJobObject_outsideTheCatalogue(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	model := func(objectType, fileType, validation string, custom bool) bulkJobResourceModel {
		var m bulkJobResourceModel
		m.ObjectType, m.JobType = types.StringValue(objectType), types.StringValue("Import")
		m.FileType, m.Validation, m.IsCustomObject = types.StringValue(fileType), types.StringValue(validation), types.BoolValue(custom)
		return m
	}
	for _, m := range []bulkJobResourceModel{
		model("vehicle", "jsonl", "strict", true),
		model("TaxationItem", "csv", "strict", false),
		model("Spaceship", "jsonl", "off", false),
	} {
		obj, diags := pd.resolveJobObject(context.Background(), m)
		d := onlyDiagnostic(t, diags, diag.SeverityWarning)
		if obj.Type != m.ObjectType.ValueString() || obj.Name != "" ||
			!strings.Contains(d.Detail(), "required fields, types, patterns and unknown fields are not checked") ||
			!strings.Contains(d.Detail(), "PCI guard still") {
			t.Errorf("%s: object %+v, %s: %s", m.ObjectType, obj, d.Summary(), d.Detail())
		}
	}
	// Listed objects keep their metadata, and a job type they lack is
	// still an error whatever the settings.
	obj, diags := pd.resolveJobObject(context.Background(), model("account", "csv", "off", false))
	if diags.HasError() || obj.Name != "accounts-and-contacts" {
		t.Errorf("listed object: %+v %v", obj, diags)
	}
	bad := model("AccountingPeriod", "csv", "off", false)
	bad.JobType = types.StringValue("Update")
	if _, diags := pd.resolveJobObject(context.Background(), bad); !diags.HasError() {
		t.Errorf("unsupported job type accepted: %v", diags)
	}
}
