package emulator

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// decodeRow is what the emulator did with every row before records were
// kept as bytes: the reference topLevel and record.decode must agree with.
func decodeRow(t *testing.T, raw string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return m
}

// The fields read from a row's bytes equal text() of the decoded row,
// whatever the JSON spelling.
func TestTopLevelReadsAsDecoding(t *testing.T) {
	t.Parallel()
	wanted := []string{"Id", "accountNumber", "parentId", "n"}
	for _, raw := range []string{
		`{"accountNumber":"A1","parentId":"p"}`,
		` { "accountNumber" : "A\"1\\\u00e9" , "n" : -1.50e3 } `,
		`{"acc\u006funtNumber":"escaped name","Id":"x"}`,
		`{"accountNumber":"first","nested":{"accountNumber":"inner","l":[1,{"a":"]}"}]},"accountNumber":"last"}`,
		`{"accountNumber":true,"parentId":null,"n":false}`,
		`{"accountNumber":{"b":1,"a":[2,"x"]},"parentId":[1,2]}`,
		`{"Id":"","other":"{\"accountNumber\":\"no\"}"}`,
		`{}`,
	} {
		want := decodeRow(t, raw)
		keys, hasID := topLevel([]byte(raw), wanted)
		_, wantID := want["Id"]
		if hasID != wantID {
			t.Errorf("%s: hasID %v", raw, hasID)
		}
		for _, kv := range keys {
			if kv.value != text(want[kv.name]) {
				t.Errorf("%s: %s = %q; decoding gives %q", raw, kv.name, kv.value, text(want[kv.name]))
			}
		}
	}
}

// A record kept as bytes reads, decodes and changes exactly as the map it
// stands for: the added members over the row's own.
func TestRecordKeptAsBytes(t *testing.T) {
	t.Parallel()
	raw := `{"Id":"sent","name":"Acme","billCycleDay":1,"billToContact":{"city":"Paris"}}`
	keys, _ := topLevel([]byte(raw), []string{"Id", "accountNumber"})
	rec := &record{raw: []byte(raw), keys: keys}
	rec.set("accountNumber", "A00000001")
	rec.set("Id", "given")

	want := decodeRow(t, raw)
	want["accountNumber"], want["Id"] = "A00000001", "given"
	if got := rec.decode(); !reflect.DeepEqual(got, want) {
		t.Errorf("decode = %#v; want %#v", got, want)
	}
	if rec.fields != nil || rec.value("Id") != "given" || rec.value("name") != "Acme" {
		t.Errorf("reading: fields %v, Id %q, name %q", rec.fields, rec.value("Id"), rec.value("name"))
	}
	// Reading a field it does not keep decodes it for good.
	if rec.fields == nil {
		t.Fatal("a field outside keys did not decode the record")
	}
	tbl := (&Server{records: map[string]*recordTable{}}).tableLocked("Account")
	tbl.insert("given", rec)
	tbl.change("given", func(m map[string]any) { merge(m, map[string]any{"billToContact": map[string]any{"zip": "75001"}}) })
	got := tbl.byID["given"].decode()
	c, _ := got["billToContact"].(map[string]any)
	if c["city"] != "Paris" || c["zip"] != "75001" || got["billCycleDay"] != json.Number("1") {
		t.Errorf("after merge %#v", got)
	}
}

// The unique-field index works the same over records kept as bytes.
func TestRecordTableIndexesRecordsKeptAsBytes(t *testing.T) {
	t.Parallel()
	tbl := (&Server{records: map[string]*recordTable{}}).tableLocked("Account")
	for _, id := range []string{"a", "b"} {
		raw := []byte(`{"accountNumber":"N-` + id + `"}`)
		keys, _ := topLevel(raw, []string{"accountNumber"})
		tbl.insertNew(id, &record{raw: raw, keys: keys})
	}
	if tbl.holder("accountNumber", "N-b", "") != "b" || tbl.holder("accountNumber", "N-a", "a") != "" {
		t.Errorf("holders: N-b %q", tbl.holder("accountNumber", "N-b", ""))
	}
	tbl.change("a", func(m map[string]any) { m["accountNumber"] = "N-c" })
	tbl.remove("b")
	if tbl.holder("accountNumber", "N-a", "") != "" || tbl.holder("accountNumber", "N-b", "") != "" || tbl.holder("accountNumber", "N-c", "") != "a" {
		t.Error("index not kept in step with a change and a removal")
	}
}

// Sizing a table for an Import, also one whose records were all removed,
// keeps its order and indexes working.
func TestRecordTableReserve(t *testing.T) {
	t.Parallel()
	tbl := (&Server{records: map[string]*recordTable{}}).tableLocked("Account")
	tbl.insert("old", decodedRecord(map[string]any{"accountNumber": "N1"}))
	tbl.holder("accountNumber", "N1", "") // builds the index
	tbl.remove("old")
	tbl.reserve(3)
	for _, id := range []string{"x", "y", "z"} {
		tbl.insertNew(id, decodedRecord(map[string]any{"accountNumber": "N-" + id}))
	}
	tbl.remove("x")
	tbl.remove("y")
	if got := tbl.order(false); !reflect.DeepEqual(got, []string{"z"}) || tbl.holder("accountNumber", "N-z", "") != "z" || tbl.holder("accountNumber", "N1", "") != "" {
		t.Errorf("order %v, holder of N-z %q", got, tbl.holder("accountNumber", "N-z", ""))
	}
	tbl.reserve(10) // not empty: nothing changes
	if len(tbl.byID) != 1 || tbl.byID["z"].pos != 0 {
		t.Errorf("reserve touched a table in use: %v", tbl.order(false))
	}
}
