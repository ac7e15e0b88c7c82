package emulator

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

func TestObjectsListCoversTheGuide(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	var got struct {
		Metadata []objectEntry `json:"metadata"`
	}
	h.callOK("GET", "/data-loader/metadata/json/objects", nil, &got)
	byName := map[string]objectEntry{}
	for _, o := range got.Metadata {
		byName[o.ObjectName] = o
	}
	for name, want := range map[string]string{
		"accounts-and-contacts":         "Account:import,update,delete",
		"contact":                       "Contact:import,update,delete",
		"accounting-code":               "accountingcode:import,update,delete",
		"accounting-period":             "AccountingPeriod:import,delete",
		"product":                       "Product:import,update,delete",
		"product-rate-plan":             "ProductRatePlan:import,update,delete",
		"usage":                         "Usage:import,update,delete", // update-usage-records-update
		"unit-of-measure":               "UnitOfMeasure:import,delete",
		"payments":                      "Payment:import,update,delete",
		"product-rate-plan-charge":      "ProductRatePlanCharge:import,update,delete",
		"product-rate-plan-charge-tier": "ProductRatePlanChargeTier:update",
		"orders-create-subscription-on-existing-account": "order-create-subscription-existing-account:import",
		"amendment":    "Amendment:import,delete",
		"subscription": "Subscription:import,cancel",
	} {
		o := byName[name]
		if got := o.ObjectType + ":" + strings.Join(o.ActionsSupported, ","); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
}

func TestAccountImportFieldsAreTheGuides(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	resp, body := h.call("GET", "/data-loader/metadata/json/objects/accounts-and-contacts/fields?action=import", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	doc, err := fieldmeta.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	guide := []struct{ name, typ, regex string }{
		{"name", "string", `(^(?!\s*$).{1,255})$`},
		{"billCycleDay", "number", `^(0|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)$`},
		{"currency", "string", `^(AUD|USD|EUR|GBP|JPY|CAD)$`},
		{"notes", "string", `^.{0,65535}$`},
		{"accountNumber", "string", `^.{0,50}$`},
		{"additionalEmailAddresses", "string", `^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$`},
		{"autoPay", "boolean", `^(|([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))$`},
		{"batch", "string", `^(|(Batch1|Batch2|Batch3|Batch4|Batch5|Batch6|Batch7|Batch8|Batch9|Batch10|Batch11|Batch12|Batch13|Batch14|Batch15|Batch16|Batch17|Batch18|Batch19|Batch20|Batch21|Batch22|Batch23|Batch24|Batch25|Batch26|Batch27|Batch28|Batch29|Batch30|Batch31|Batch32|Batch33|Batch34|Batch35|Batch36|Batch37|Batch38|Batch39|Batch40|Batch41|Batch42|Batch43|Batch44|Batch45|Batch46|Batch47|Batch48|Batch49|Batch50))$`},
	}
	names := doc.Names()
	for i, g := range guide {
		if names[i] != g.name {
			t.Fatalf("field %d is %s, want %s (order %v)", i, names[i], g.name, names)
		}
		n, _ := doc.Lookup(g.name)
		if n.Kind == fieldmeta.KindArray {
			n = n.Elem
		}
		if n.Type != g.typ || n.Regex != g.regex || n.Required != (i < 3) {
			t.Errorf("%s = %+v", g.name, n)
		}
	}
	if n, _ := doc.Lookup("additionalEmailAddresses"); n.Kind != fieldmeta.KindArray {
		t.Error("additionalEmailAddresses is not an array")
	}
	for _, contact := range []string{"billToContact", "soldToContact"} {
		n, ok := doc.Lookup(contact)
		if !ok || n.Kind != fieldmeta.KindObject {
			t.Fatalf("%s is not a nested object", contact)
		}
		// The dictionary (import_accounts-and-contacts) marks the names
		// mandatory and the country not.
		for f, want := range map[string]bool{"firstName": true, "lastName": true, "country": false} {
			if leaf, ok := n.Lookup(f); !ok || leaf.Required != want {
				t.Errorf("%s.%s: required = %v, want %v", contact, f, ok && leaf.Required, want)
			}
		}
	}
	// The guide writes the regex with a JSON-escaped backslash.
	if !strings.Contains(string(body), `"name":{"type":"string","regex":"(^(?!\\s*$).{1,255})$","required":true}`) {
		t.Errorf("name leaf not in the guide's shape: %.200s", body)
	}
}

func TestUpdateAndDeleteMetadataAddressAnId(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	for _, tc := range []struct{ object, action string }{
		{"accounts-and-contacts", "Update"}, {"accounts-and-contacts", "DELETE"}, {"usage", "delete"}, {"subscription", "Cancel"},
	} {
		_, body := h.call("GET", "/data-loader/metadata/json/objects/"+tc.object+"/fields?action="+tc.action, nil)
		doc, err := fieldmeta.Parse(body)
		if err != nil {
			t.Fatalf("%s %s: %v: %s", tc.object, tc.action, err, body)
		}
		if doc.Names()[0] != "Id" || doc.RequiredPaths()[0] != "Id" {
			t.Errorf("%s %s: first field %v, required %v", tc.object, tc.action, doc.Names(), doc.RequiredPaths())
		}
		if strings.EqualFold(tc.action, "delete") && len(doc.Names()) != 1 {
			t.Errorf("%s delete has more than Id: %v", tc.object, doc.Names())
		}
	}
	_, body := h.call("GET", "/data-loader/metadata/json/objects/accounts-and-contacts/fields?action=Update", nil)
	doc, _ := fieldmeta.Parse(body)
	if got := doc.RequiredPaths(); len(got) != 1 {
		t.Errorf("Account Update requires %v; only Id should be required", got)
	}
}

func TestFieldsEndpointErrors(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	for _, tc := range []struct {
		path   string
		status int
		reason string
	}{
		{"/data-loader/metadata/json/objects/no-such-object/fields?action=Import", 404, "not found"},
		{"/data-loader/metadata/json/objects/Account/fields?action=Import", 404, "not found"}, // objectType is not an objectName
		{"/data-loader/metadata/json/objects/accounting-period/fields?action=Update", 400, "not supported"},
		{"/data-loader/metadata/json/objects/usage/fields?action=Upsert", 400, "Invalid action"},
		{"/data-loader/metadata/json/objects/usage/fields", 400, "required"},
	} {
		resp, body := h.call("GET", tc.path, nil)
		if resp.StatusCode != tc.status || !strings.Contains(reasonsOf(t, body), tc.reason) {
			t.Errorf("%s: %d %s", tc.path, resp.StatusCode, body)
		}
	}
}

// Every document served must parse, compile in the row validator, and
// hold only regexes a Java-style engine accepts.
func TestCatalogueCompiles(t *testing.T) {
	t.Parallel()
	for _, o := range builtinCatalogue().objects {
		for action, n := range o.fields {
			doc, _ := json.Marshal(n)
			parsed, err := fieldmeta.Parse(doc)
			if err != nil {
				t.Fatalf("%s %s: %v", o.Name, action, err)
			}
			if again, _ := json.Marshal(parsed); string(again) != string(doc) {
				t.Errorf("%s %s does not round-trip", o.Name, action)
			}
			if _, err := rowcheck.NewValidator(n); err != nil {
				t.Errorf("%s %s: %v", o.Name, action, err)
			}
			for _, f := range n.Flatten() {
				if _, err := regexp2.Compile(f.Regex, regexp2.None); err != nil {
					t.Errorf("%s %s %s: %v", o.Name, action, f.Path, err)
				}
			}
		}
	}
}
