package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

func leafField(path, typ, regex string, required, isArray bool) knownvalue.Check {
	checks := map[string]knownvalue.Check{
		"path":     knownvalue.StringExact(path),
		"type":     knownvalue.StringExact(typ),
		"required": knownvalue.Bool(required),
		"is_array": knownvalue.Bool(isArray),
	}
	if regex != "" {
		checks["regex"] = knownvalue.StringExact(regex)
	}
	return knownvalue.ObjectPartial(checks)
}

func TestAccBulkObjectFieldsDataSource(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	const ds = "data.zuora_bulk_object_fields.account"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "zuora_bulk_object_fields" "account" {
  object_name = "accounts-and-contacts"
  action      = "import"
}

data "zuora_bulk_object_fields" "by_type" {
  object_name = "Account"
  action      = "UPDATE"
}

data "zuora_bulk_object_fields" "cancel" {
  object_name = "subscription"
  action      = "Cancel"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact("accounts-and-contacts/Import")),
				// The configured spelling stays; Zuora was asked for Import.
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("action"), knownvalue.StringExact("import")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("fields"), knownvalue.ListPartial(map[int]knownvalue.Check{
					0:  leafField("name", "string", `(^(?!\s*$).{1,255})$`, true, false),
					1:  leafField("billCycleDay", "number", "", true, false),
					2:  leafField("currency", "string", "", true, false),
					3:  leafField("notes", "string", `^.{0,65535}$`, false, false),
					5:  leafField("additionalEmailAddresses[]", "string", "", false, true),
					15: leafField("billToContact.firstName", "string", `(^(?!\s*$).{1,100})$`, true, false),
				})),
				// The contacts are optional objects: their required names
				// bind only rows that carry them.
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("required_paths"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("name"),
					knownvalue.StringExact("billCycleDay"),
					knownvalue.StringExact("currency"),
				})),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("schema_json"), knownvalue.StringFunc(func(doc string) error {
					if !json.Valid([]byte(doc)) {
						return fmt.Errorf("not JSON: %.80s", doc)
					}
					const head = `{"name":{"type":"string","regex":"(^(?!\\s*$).{1,255})$","required":true},"billCycleDay":`
					if !strings.HasPrefix(doc, head) {
						return fmt.Errorf("want the normalized document starting %s, got %.120s", head, doc)
					}
					if !strings.Contains(doc, `"additionalEmailAddresses":[{"type":"string"`) {
						return fmt.Errorf("arrays are not kept as one-element lists: %.300s", doc)
					}
					return nil
				})),
				// An objectType names the object too; any casing of the action works.
				statecheck.ExpectKnownValue("data.zuora_bulk_object_fields.by_type", tfjsonpath.New("id"),
					knownvalue.StringExact("accounts-and-contacts/Update")),
				statecheck.ExpectKnownValue("data.zuora_bulk_object_fields.cancel", tfjsonpath.New("id"),
					knownvalue.StringExact("subscription/Cancel")),
				statecheck.ExpectKnownValue("data.zuora_bulk_object_fields.cancel", tfjsonpath.New("required_paths"),
					knownvalue.ListPartial(map[int]knownvalue.Check{1: knownvalue.StringExact("cancellationPolicy")})),
			},
		}},
	})
}

func TestAccBulkObjectFieldsDataSource_errors(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	config := func(object, action string) string {
		return providerConfig(url) + fmt.Sprintf(`
data "zuora_bulk_object_fields" "x" {
  object_name = %q
  action      = %q
}
`, object, action)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// Refused by validation, before anything is read.
			Config:      config("accounts-and-contacts", "Upsert"),
			ExpectError: regexp.MustCompile(`(?i)value must be one of`),
		}, {
			Config:      config("acounts-and-contacts", "Import"),
			ExpectError: regexp.MustCompile(`Unknown Zuora object[\s\S]*Did\s+you\s+mean\s+"accounts-and-contacts"[\s\S]*Valid\s+object\s+names:[\s\S]*accounting-period`),
		}, {
			Config:      config("accounting-period", "Update"),
			ExpectError: regexp.MustCompile(`Action not supported by this object[\s\S]*accounting-period\s+supports\s+Import,\s+Delete`),
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
