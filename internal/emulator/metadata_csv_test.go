package emulator

import (
	"bytes"
	"strings"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// The CSV objects list carries both shapes of the ingestion page: step 1's
// flags and dictionary links, step 2's objectName and actionsSupported.
func TestCSVObjectsListHasBothShapes(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	var got struct{ Metadata []csvObjectEntry }
	h.callOK("GET", "/data-loader/metadata/csv/objects", nil, &got)
	byName := map[string]csvObjectEntry{}
	for _, o := range got.Metadata {
		byName[o.ObjectName] = o
	}
	acc := byName["accounts-and-contacts"]
	if acc.Value != "Accounts and Contacts" || acc.ObjectType != "Account" || !acc.CanImport || !acc.CanUpdate || !acc.CanDelete || acc.Cancellable {
		t.Errorf("accounts-and-contacts = %+v", acc)
	}
	if acc.ImportDataDictionaryURL != "https://docs.zuora.com/en/zuora-platform/data-management/data-loader/data-dictionary-for-data-loader/import/accounts-and-contacts" {
		t.Errorf("import dictionary url = %s", acc.ImportDataDictionaryURL)
	}
	if sub := byName["subscription"]; !sub.Cancellable || sub.CanDelete || strings.Join(sub.ActionsSupported, ",") != "import,cancel" {
		t.Errorf("subscription = %+v", sub)
	}
	for _, name := range []string{"contact", "product", "product-rate-plan", "product-rate-plan-charge", "product-rate-plan-charge-tier",
		"unit-of-measure", "accounting-code", "subscription", "usage", "payments", "orders-create-subscription-with-new-account"} {
		if _, ok := byName[name]; !ok {
			t.Errorf("%s missing from the CSV objects list", name)
		}
	}
}

func TestCSVFieldsFollowTheDictionary(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	for _, tc := range []struct {
		object, action string
		required       []string
	}{
		{"accounts-and-contacts", "Import", []string{"name", "billCycleDay", "currency"}},
		{"accounts-and-contacts", "Update", []string{"Id"}},
		{"accounts-and-contacts", "Delete", []string{"Id"}},
		{"unit-of-measure", "Import", []string{"decimalPlaces", "uomName"}},
		{"Contacts", "Import", []string{"accountId", "firstName", "lastName"}}, // the list's label, as a name
		{"subscription", "Import", []string{"accountId", "termType", "contractEffectiveDate", "renewalTerm"}},
		{"payments", "Update", []string{"Id"}},
	} {
		resp, body := h.call("GET", "/data-loader/metadata/csv/objects/"+tc.object+"/fields?action="+tc.action, nil)
		if resp.StatusCode != 200 {
			t.Errorf("%s %s: %d %s", tc.object, tc.action, resp.StatusCode, body)
			continue
		}
		doc, err := fieldmeta.Parse(bytes.Clone(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(doc.RequiredPaths(), ","); got != strings.Join(tc.required, ",") {
			t.Errorf("%s %s: required %s, want %s", tc.object, tc.action, got, strings.Join(tc.required, ","))
		}
	}
	resp, body := h.call("GET", "/data-loader/metadata/csv/objects/nope/fields?action=Import", nil)
	if resp.StatusCode != 404 || !strings.Contains(reasonsOf(t, body), "/data-loader/metadata/csv/objects") {
		t.Errorf("unknown object: %d %s", resp.StatusCode, body)
	}
}

// Create-job's objectType list spells objects lower-case and hyphenated.
func TestCreateTakesLowerCaseHyphenatedNames(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	for given, want := range map[string]string{
		"account": "Account", "product-rate-plan": "ProductRatePlan", "unitofmeasure": "UnitOfMeasure",
		"product-rate-plan-charge": "ProductRatePlanCharge", "payment": "Payment", "contact": "Contact",
		"accountingcode": "accountingcode", "order-create-subscription-with-new-account": "order-create-subscription-with-new-account",
	} {
		c := h.create(map[string]any{"name": "n", "objectType": given, "fileType": "jsonl"})
		if j, _ := h.emu.Job(c.ID); j.ObjectType != want {
			t.Errorf("%s: objectType %s, want %s", given, j.ObjectType, want)
		}
	}
}
