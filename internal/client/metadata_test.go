package client

import (
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"
)

const objectsJSON = `{"metadata":[
 {"objectName":"accounts-and-contacts","objectType":"Account","actionsSupported":["import","update","delete"]},
 {"objectName":"accounting-period","objectType":"AccountingPeriod","actionsSupported":["import","delete"]}]}`

func TestListObjectsIsFetchedOnceForConcurrentCallers(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		time.Sleep(20 * time.Millisecond)
		writeRaw(w, 200, objectsJSON)
	})
	c := newTestClient(t, srv.URL)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			objects, err := c.ListObjects(testCtx(t))
			if err != nil || len(objects) != 2 {
				t.Errorf("%v %v", objects, err)
			}
		}()
	}
	wg.Wait()
	objects, _ := c.ListObjects(testCtx(t))
	want := Object{Name: "accounts-and-contacts", Type: "Account", Actions: []string{"import", "update", "delete"}}
	if !reflect.DeepEqual(objects[0], want) {
		t.Fatalf("got %+v", objects[0])
	}
	objects[0].Actions[0] = "changed by caller"
	again, _ := c.ListObjects(testCtx(t))
	if again[0].Actions[0] != "import" {
		t.Fatal("a caller changed the cache")
	}
	if srv.count() != 1 || srv.got()[0].Path != "/data-loader/metadata/json/objects" {
		t.Fatalf("%d requests: %+v", srv.count(), srv.got())
	}
}

func TestListObjectsDoesNotCacheFailures(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeRaw(w, 403, `{"message":"no"}`)
			return
		}
		writeRaw(w, 200, objectsJSON)
	})
	c := newTestClient(t, srv.URL)
	if _, err := c.ListObjects(testCtx(t)); err == nil {
		t.Fatal("no error")
	}
	if objects, err := c.ListObjects(testCtx(t)); err != nil || len(objects) != 2 {
		t.Fatalf("%v %v", objects, err)
	}
}

func TestObjectFieldsIsParsedAndCachedPerObjectAndAction(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 200, `{"name":{"type":"string","regex":"^.{1,255}$","required":true},
			"additionalEmailAddresses":[{"type":"string","regex":"","required":false}],
			"billToContact":{"firstName":{"type":"string","regex":"","required":true}}}`)
	})
	c := newTestClient(t, srv.URL)
	for _, action := range []string{"import", "Import", "IMPORT", "update"} {
		node, err := c.ObjectFields(testCtx(t), "accounts and/contacts", action)
		if err != nil {
			t.Fatal(err)
		}
		if got := node.Names(); !reflect.DeepEqual(got, []string{"name", "additionalEmailAddresses", "billToContact"}) {
			t.Fatalf("names %v", got)
		}
	}
	reqs := srv.got()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want one per action", len(reqs))
	}
	if reqs[0].Path != "/data-loader/metadata/json/objects/accounts%20and%2Fcontacts/fields" ||
		reqs[0].Query != "action=Import" || reqs[1].Query != "action=Update" {
		t.Fatalf("requests %s?%s, %s?%s", reqs[0].Path, reqs[0].Query, reqs[1].Path, reqs[1].Query)
	}
}

func TestObjectFieldsReportsABadDocument(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, `["not","an","object"]`) })
	if _, err := newTestClient(t, srv.URL).ObjectFields(testCtx(t), "account", "Import"); err == nil {
		t.Fatal("accepted a document that is not an object")
	}
}

func TestNormalizeAction(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"import": "Import", " DELETE ": "Delete", "cancel": "Cancel", "Update": "Update", "merge": "merge"} {
		if got := NormalizeAction(in); got != want {
			t.Errorf("NormalizeAction(%q) = %q", in, got)
		}
	}
}
