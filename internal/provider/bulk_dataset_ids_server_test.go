package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// The server that keeps ids out of the framework (NewServer) must answer
// every call exactly as the framework alone does: the same upgraded, read
// and planned states, the same private state and diagnostics, for a plan
// that keeps the ids, one that changes rows, and one after import.
func TestIDsBypassServer_answersAsTheFrameworkDoes(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	bypass := benchProviderServer(t, url)
	plain := configuredServer(t, providerserver.NewProtocol6(newProvider("bench", fastTimings))(), url)
	typ := resourceType(t, &bulkDatasetResource{})
	ds := resourceCalls{srv: bypass, name: datasetTypeName, typ: typ}
	file := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 300, nil))
	config := objectWith(typ, map[string]tftypes.Value{
		"object_type": tftypes.NewValue(tftypes.String, "Account"),
		"key_field":   tftypes.NewValue(tftypes.String, "accountNumber"),
		"source":      tftypes.NewValue(tftypes.String, file),
	})
	loaded, private := ds.create(t, config)
	ctx := context.Background()

	sameAnswer := func(call string, a, b any) {
		t.Helper()
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s: the bypass answered\n%.600s\nthe framework alone\n%.600s", call, ja, jb)
		}
	}
	decoded := func(dv *tfprotov6.DynamicValue) string {
		if dv == nil {
			return "<nil>"
		}
		v, err := dv.Unmarshal(typ)
		if err != nil {
			t.Fatal(err)
		}
		return v.String()
	}

	up := &tfprotov6.UpgradeResourceStateRequest{TypeName: datasetTypeName, RawState: &tfprotov6.RawState{JSON: stateJSON(t, loaded)}}
	bu, err1 := bypass.UpgradeResourceState(ctx, up)
	pu, err2 := plain.UpgradeResourceState(ctx, up)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	sameAnswer("upgrade state", decoded(bu.UpgradedState), decoded(pu.UpgradedState))
	sameAnswer("upgrade diagnostics", bu.Diagnostics, pu.Diagnostics)
	if decoded(bu.UpgradedState) != loaded.String() {
		t.Error("the upgraded state is not the state written")
	}

	rd := &tfprotov6.ReadResourceRequest{TypeName: datasetTypeName, CurrentState: bu.UpgradedState, Private: private}
	br, err1 := bypass.ReadResource(ctx, rd)
	pr, err2 := plain.ReadResource(ctx, rd)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	sameAnswer("read state", decoded(br.NewState), decoded(pr.NewState))
	sameAnswer("read private and diagnostics", []any{br.Private, br.Diagnostics}, []any{pr.Private, pr.Diagnostics})

	imported := objectWith(typ, map[string]tftypes.Value{
		"id":      tftypes.NewValue(tftypes.String, "job"),
		"job_ids": attrValue(t, loaded, "job_ids"),
	})
	for name, files := range map[string][2]string{
		"unchanged":         {datasetAccounts(1, 300, nil), ""},
		"two rows changed":  {datasetAccounts(1, 300, map[int]string{7: "Seven", 9: "Nine"}), ""},
		"rows added":        {datasetAccounts(1, 310, nil), ""},
		"after import":      {datasetAccounts(1, 300, nil), "import"},
		"on_remove changed": {datasetAccounts(1, 300, nil), "on_remove"},
		"a plan-time error": {datasetAccounts(1, 300, nil) + datasetAccount(5, "again"), ""},
	} {
		rewriteJobFile(t, file, files[0])
		cfg, prior := config, loaded
		switch files[1] {
		case "import":
			prior = imported
		case "on_remove":
			cfg = withRawAttrT(t, config, "on_remove", tftypes.NewValue(tftypes.String, onRemoveDelete))
		}
		proposed := proposedNewState(t, typ, prior, cfg)
		req := ds.request(t, prior, cfg, proposed, private)
		bp, err1 := bypass.PlanResourceChange(ctx, req)
		pp, err2 := plain.PlanResourceChange(ctx, req)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		sameAnswer(name+": planned state", decoded(bp.PlannedState), decoded(pp.PlannedState))
		sameAnswer(name+": private, replace and diagnostics", []any{bp.PlannedPrivate, bp.RequiresReplace, bp.Diagnostics},
			[]any{pp.PlannedPrivate, pp.RequiresReplace, pp.Diagnostics})
	}
}

// proposedNewState is what Terraform proposes: the configuration, with
// computed attributes the configuration leaves null taken from prior.
func proposedNewState(t *testing.T, typ tftypes.Object, prior, config tftypes.Value) tftypes.Value {
	t.Helper()
	var p, c map[string]tftypes.Value
	if err := prior.As(&p); err != nil || config.As(&c) != nil {
		t.Fatal("not objects")
	}
	resp := &resource.SchemaResponse{}
	(&bulkDatasetResource{}).Schema(context.Background(), resource.SchemaRequest{}, resp)
	out := map[string]tftypes.Value{}
	for name := range typ.AttributeTypes {
		out[name] = c[name]
		if a, ok := resp.Schema.Attributes[name]; ok && a.IsComputed() && c[name].IsNull() {
			out[name] = p[name]
		}
	}
	return tftypes.NewValue(typ, out)
}

func attrValue(t *testing.T, obj tftypes.Value, name string) tftypes.Value {
	t.Helper()
	v, err := rawAttr(obj, name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func withRawAttrT(t *testing.T, obj tftypes.Value, name string, v tftypes.Value) tftypes.Value {
	t.Helper()
	out, err := withRawAttr(obj, name, v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The msgpack edits the bypass makes: cutting an attribute and putting it
// back gives the value tftypes wrote, and ids read from JSON are the map.
func TestIDsMsgpack_cutPutAndJSON(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"a": tftypes.String, "ids": tftypes.Map{ElementType: tftypes.String}, "z": tftypes.Number,
	}}
	ids := map[string]tftypes.Value{}
	for i := range 1000 {
		ids[fmt.Sprintf("K-%d", i)] = tftypes.NewValue(tftypes.String, fmt.Sprintf("id%d", i))
	}
	obj := tftypes.NewValue(typ, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, "x"),
		"ids": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, ids), "z": tftypes.NewValue(tftypes.Number, 3)})
	dv, err := tfprotov6.NewDynamicValue(typ, obj)
	if err != nil {
		t.Fatal(err)
	}
	rest, cut, err := cutAttr(dv.MsgPack, "ids")
	if err != nil {
		t.Fatal(err)
	}
	back, err := (&tfprotov6.DynamicValue{MsgPack: rest}).Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	if want := withRawAttrT(t, obj, "ids", tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, nil)); !back.Equal(want) {
		t.Errorf("cut: %v", back)
	}
	whole, err := putAttr(rest, "ids", cut)
	if err != nil || !bytes.Equal(whole, dv.MsgPack) {
		t.Errorf("put back: %v, equal %v", err, bytes.Equal(whole, dv.MsgPack))
	}
	rows, err := idsRows(cut)
	if err != nil || len(rows) != 1000 {
		t.Fatalf("idsRows: %d rows, %v", len(rows), err)
	}
	if _, _, err := cutAttr(dv.MsgPack, "nope"); err == nil {
		t.Error("cutting a missing attribute gave no error")
	}
	if _, _, err := cutAttr([]byte{0xc0}, "ids"); err == nil {
		t.Error("cutting from a null object gave no error")
	}

	for in, want := range map[string]tftypes.Value{
		`null`: tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, nil),
		`{}`:   tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{}),
		`{"A\"<1>":"x","B":null}`: tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{
			`A"<1>`: tftypes.NewValue(tftypes.String, "x"), "B": tftypes.NewValue(tftypes.String, nil)}),
		"{\n  \"Zoë\" : \"\\u00e9\\n\" ,\n  \"\\u00e9\": \"" + strings.Repeat("x", 300) + "\"\n}": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String},
			map[string]tftypes.Value{"Zoë": tftypes.NewValue(tftypes.String, "é\n"), "é": tftypes.NewValue(tftypes.String, strings.Repeat("x", 300))}),
	} {
		packed, err := idsJSONToMsgpack(json.RawMessage(in))
		if err != nil {
			t.Fatal(in, err)
		}
		got, err := (&tfprotov6.DynamicValue{MsgPack: packed}).Unmarshal(tftypes.Map{ElementType: tftypes.String})
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{`{"a":1}`, `{"a":"x"`, `["a"]`, `{"a":"x"} x`, "{\"a\":\"\x01\"}",
		`{"a":"x",}`, `{`, `{"a":nullx}`, `{"a":"x" "b":"y"}`, `{"a" "x"}`, `{"a":"x`, `{"\u00zz":"x"}`} {
		if _, err := idsJSONToMsgpack(json.RawMessage(bad)); err == nil {
			t.Errorf("%q: no error; the framework should read it instead", bad)
		}
	}
}

// Cutting a key out of private state and putting it back gives the same
// keys and values; an answer that has the key keeps its own.
func TestRowHashesCutAndRestore(t *testing.T) {
	decode := func(b []byte) map[string][]byte {
		var m map[string][]byte
		if len(b) > 0 {
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
		}
		return m
	}
	for _, in := range []map[string][]byte{
		{datasetRowsKey: []byte(`"AAEC"`)},
		{datasetRowsKey: []byte(`"AAEC"`), datasetHeldKey: []byte(`{"A-1":"job"}`), ".framework": []byte(`true`)},
		{datasetHeldKey: []byte(`{}`)},
		{},
	} {
		private, _ := json.Marshal(in)
		rest, member := cutRowHashes(private)
		if _, had := in[datasetRowsKey]; had != (member != nil) || decode(rest)[datasetRowsKey] != nil {
			t.Errorf("%s: cut to %s and %s", private, rest, member)
		}
		back := decode(restoreRowHashes(rest, member))
		if fmt.Sprint(back) != fmt.Sprint(decode(private)) {
			t.Errorf("%s: back as %v", private, back)
		}
		own := restoreRowHashes([]byte(`{"dataset_rows":"OWN="}`), member)
		if string(own) != `{"dataset_rows":"OWN="}` {
			t.Errorf("the answer's own hashes were replaced: %s", own)
		}
	}
	if rest, member := cutRowHashes(nil); rest != nil || member != nil {
		t.Errorf("no private state: %s %s", rest, member)
	}
}
