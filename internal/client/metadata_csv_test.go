package client

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// data-ingestion-using-bulk-jobs-api shows the CSV objects list in two
// shapes; each is read on its own.
func TestListObjectsForCSVReadsBothShapes(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		body string
		want Object
	}{
		"objectName and actionsSupported": {
			`{"metadata":[{"objectName":"accounting-code","actionsSupported":["import","update","delete"]}]}`,
			Object{Name: "accounting-code", Type: "accounting-code", Actions: []string{"import", "update", "delete"}},
		},
		"value, label and flags": {
			`{"metadata":[{"value":"Accounts and Contacts","label":"Accounts and Contacts","objectType":"Account","canDelete":true,"canUpdate":true,"canImport":true,"cancellable":false,"createPermissions":["permission.accountCreate"],"importDataDictionaryUrl":"https://knowledgecenter.zuora.com/x"}]}`,
			Object{Name: "accounts-and-contacts", Type: "Account", Actions: []string{"import", "update", "delete"}, Label: "Accounts and Contacts"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, tc.body) })
			c := newTestClient(t, srv.URL)
			got, err := c.ListObjectsFor(testCtx(t), "CSV")
			if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], tc.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
			if p := srv.got()[0].Path; p != "/data-loader/metadata/csv/objects" {
				t.Errorf("asked %s", p)
			}
		})
	}
}

// Only a 404 from the CSV endpoint falls back to the JSON-lines metadata.
func TestCSVMetadataFallsBackToJSONOnlyOn404(t *testing.T) {
	t.Parallel()
	fields := `{"name":{"type":"string","regex":"^.+$","required":true}}`
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/data-loader/metadata/csv/"):
			writeRaw(w, 404, `{"success":false,"reasons":[{"code":50000040,"message":"not found"}]}`)
		case strings.HasSuffix(r.URL.Path, "/fields"):
			writeRaw(w, 200, fields)
		default:
			writeRaw(w, 200, objectsJSON)
		}
	})
	c := newTestClient(t, srv.URL)
	objects, err := c.ListObjectsFor(testCtx(t), FileTypeCSV)
	if err != nil || len(objects) != 2 || objects[0].Name != "accounts-and-contacts" {
		t.Fatalf("%+v %v", objects, err)
	}
	node, err := c.ObjectFieldsFor(testCtx(t), "accounts-and-contacts", "import", FileTypeCSV)
	if err != nil || node.RequiredPaths()[0] != "name" {
		t.Fatalf("%v %v", node, err)
	}
	var paths []string
	for _, r := range srv.got() {
		paths = append(paths, r.Path)
	}
	want := []string{
		"/data-loader/metadata/csv/objects", "/data-loader/metadata/json/objects",
		"/data-loader/metadata/csv/objects/accounts-and-contacts/fields", "/data-loader/metadata/json/objects/accounts-and-contacts/fields",
	}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("requests %v, want %v", paths, want)
	}
}

func TestCSVMetadataErrorsOtherThan404AreReported(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 403, `{"message":"forbidden"}`)
	})
	c := newTestClient(t, srv.URL)
	if _, err := c.ObjectFieldsFor(testCtx(t), "usage", "Import", FileTypeCSV); err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("err = %v", err)
	}
	for _, r := range srv.got() {
		if strings.Contains(r.Path, "/json/") {
			t.Errorf("fell back to %s on a 403", r.Path)
		}
	}
}
