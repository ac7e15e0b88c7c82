package emulator

import (
	"encoding/json"
	"strings"
	"testing"
)

// vehicleImport is field metadata as zuora_bulk_object_fields' schema_json
// holds it: normalized JSON, kept as a string.
const vehicleImport = `{"plate":{"type":"string","regex":"^[A-Z]{2}-[0-9]{3}$","required":true},"seats":{"type":"number","regex":"^[0-9]+$"}}`

func TestParseCatalogueShapes(t *testing.T) {
	t.Parallel()
	// What jsonencode(data.zuora_bulk_object_fields.x) writes, extra
	// attributes included.
	dataSource, _ := json.Marshal(map[string]any{
		"id": "vehicles/Import", "object_name": "vehicles", "action": "Import",
		"fields": []any{map[string]any{"path": "plate"}}, "required_paths": []string{"plate"},
		"schema_json": vehicleImport,
	})
	multi := `{"objects": [
	  ` + string(dataSource) + `,
	  {"objectName": "vehicles", "objectType": "Vehicle__c", "actions": {"delete": {"Id": {"type": "string", "required": true}}}},
	  {"object_name": "depots", "actions": {"Import": {"city": {"type": "string"}}}}
	]}`
	for name, tc := range map[string]struct {
		doc       string
		objects   int
		vehicleTy string
		actions   int
	}{
		"one data source":         {string(dataSource), 1, "", 1},
		"list":                    {"[" + string(dataSource) + "]", 1, "", 1},
		"objects, merged by name": {multi, 2, "Vehicle__c", 2},
	} {
		t.Run(name, func(t *testing.T) {
			objs, err := ParseCatalogue([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(objs) != tc.objects {
				t.Fatalf("%d objects, want %d: %+v", len(objs), tc.objects, objs)
			}
			v := objs[0]
			if v.Name != "vehicles" || v.Type != tc.vehicleTy || len(v.Fields) != tc.actions {
				t.Errorf("vehicles = %+v", v)
			}
			if plate, ok := v.Fields[actionImport].Lookup("plate"); !ok || !plate.Required || plate.Regex != "^[A-Z]{2}-[0-9]{3}$" {
				t.Errorf("plate = %+v", plate)
			}
		})
	}
}

func TestParseCatalogueRefusesBadEntries(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]string{
		`[]`: "no objects",
		`{"action": "Import", "schema_json": "{}"}`:                      "object_name is missing",
		`{"object_name": "x", "schema_json": "{}"}`:                      "needs the action",
		`{"object_name": "x"}`:                                           "no field metadata",
		`{"object_name": "x", "actions": {"Upsert": {}}}`:                `unknown action "Upsert"`,
		`{"object_name": "x", "action": "Import", "schema_json": "[1]"}`: "x Import: field metadata",
		`[{"object_name": "x", "actions": {"Import": {}}}, {"object_name": "X", "action": "import", "schema_json": {}}]`: "entry 2: X Import is already given",
	} {
		if _, err := ParseCatalogue([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", doc, err, want)
		}
	}
}

// A tenant's catalogue is served: a new object is listed and loadable with
// its own rules, and an override of a built-in object's Import replaces
// only that action.
func TestServerServesCustomCatalogue(t *testing.T) {
	t.Parallel()
	objs, err := ParseCatalogue([]byte(`[
	  {"object_name": "vehicles", "object_type": "Vehicle__c", "action": "Import", "schema_json": ` + strconvQuote(vehicleImport) + `},
	  {"object_name": "Account", "actions": {"Import": {"name": {"type": "string", "required": true}}}}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, Options{Objects: objs})

	var list struct{ Metadata []objectEntry }
	h.callOK("GET", "/data-loader/metadata/json/objects", nil, &list)
	var found bool
	for _, e := range list.Metadata {
		if e.ObjectName == "vehicles" {
			found = e.ObjectType == "Vehicle__c" && strings.Join(e.ActionsSupported, ",") == "import"
		}
		if e.ObjectName == "accounts-and-contacts" && strings.Join(e.ActionsSupported, ",") != "import,update,delete" {
			t.Errorf("Account actions = %v", e.ActionsSupported)
		}
	}
	if !found {
		t.Errorf("vehicles not listed as Vehicle__c/import: %+v", list.Metadata)
	}
	var doc map[string]any
	h.callOK("GET", "/data-loader/metadata/json/objects/accounts-and-contacts/fields?action=Import", nil, &doc)
	if len(doc) != 1 || doc["name"] == nil {
		t.Errorf("Account Import metadata not replaced: %v", doc)
	}
	h.callOK("GET", "/data-loader/metadata/json/objects/accounts-and-contacts/fields?action=Update", nil, &doc)
	if doc["Id"] == nil {
		t.Errorf("Account Update metadata lost: %v", doc)
	}

	s := h.run(jsonlJob("Vehicle__c", "Import"), `{"plate":"AB-123","seats":4}`+"\n"+`{"plate":"nope"}`+"\n")
	if s.Status != statusCompleted || s.RowsSucceeded != 1 || s.RowsFailed != 1 {
		t.Errorf("summary %+v", s)
	}
	if recs := h.emu.Records("Vehicle__c"); len(recs) != 1 || recs[0]["plate"] != "AB-123" {
		t.Errorf("records %v", recs)
	}
	// The built-in catalogue itself is untouched for other servers.
	if sharedCatalogue.byName("vehicles") != nil || len(sharedCatalogue.byName("accounts-and-contacts").fields[actionImport].Fields) < 2 {
		t.Error("shared catalogue was modified")
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
