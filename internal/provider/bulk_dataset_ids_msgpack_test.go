package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/vmihailenco/msgpack/v5"
)

// msgpackSkip ends every value where the msgpack library's own Skip does,
// for each format of each kind, nested or not, and refuses a value cut
// short at any byte.
func TestMsgpackSkip_endsWhereTheLibraryDoes(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	bigMap := map[string]any{}
	for i := range 70_000 {
		bigMap[long(i%40)+string(rune('a'+i%26))+string(rune(i))] = i
	}
	values := []any{
		nil, true, false, 0, 127, -1, -32, -33, 200, -200, 40_000, -40_000, 1 << 20, -(1 << 20), int64(1) << 40, uint64(math.MaxUint64),
		float32(1.5), 2.5, "", long(31), long(32), long(255), long(256), long(70_000),
		[]byte{}, []byte(long(300)), bytes.Repeat([]byte{1}, 70_000),
		[]any{}, []any{1, "a", nil}, make([]any, 16), make([]any, 70_000),
		map[string]any{}, map[string]any{"a": []any{map[string]any{"b": nil}}}, bigMap,
		msgpack.RawMessage{0xd4, 0, 1}, msgpack.RawMessage{0xd5, 0, 1, 2}, msgpack.RawMessage{0xd6, 0, 1, 2, 3, 4},
		msgpack.RawMessage{0xd7, 0, 1, 2, 3, 4, 5, 6, 7, 8}, append(msgpack.RawMessage{0xd8, 0}, make([]byte, 16)...),
		msgpack.RawMessage{0xc7, 2, 0, 1, 2}, append(msgpack.RawMessage{0xc8, 1, 0, 0}, make([]byte, 256)...),
		append(msgpack.RawMessage{0xc9, 0, 1, 0, 0, 0}, make([]byte, 65536)...),
	}
	for _, v := range values {
		b, err := msgpack.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, 0xc0) // a value after it
		r := bytes.NewReader(b)
		dec := msgpack.NewDecoder(r) // reads r directly: what is left is r's
		if err := dec.Skip(); err != nil {
			t.Fatal(err)
		}
		want := len(b) - r.Len()
		if got, err := msgpackSkip(b, 0); err != nil || got != want {
			t.Errorf("%.40v (code 0x%02x): skip to %d, %v; want %d", v, b[0], got, err, want)
		}
		for _, cut := range []int{1, want / 2, want - 1} {
			if cut > 0 && cut < want {
				if _, err := msgpackSkip(b[:cut], 0); err == nil {
					t.Errorf("%.40v cut to %d of %d bytes: no error", v, cut, want)
				}
			}
		}
	}
	if _, err := msgpackSkip([]byte{0xc1}, 0); err == nil {
		t.Error("the never-used code 0xc1 gave no error")
	}
	if _, err := msgpackSkip([]byte{0xdf, 0xff, 0xff, 0xff, 0xff}, 0); err == nil {
		t.Error("a map claiming 4 billion entries in 5 bytes gave no error")
	}
	// Lengths past 2^31 (negative in a 32-bit int) and counts that would
	// overflow one are refused, not read.
	nested := bytes.Repeat([]byte{0xdd, 0x7f, 0xff, 0xff, 0xff}, 1000) // arrays of 2^31-1 values each
	if _, err := msgpackSkip(nested, 0); err == nil {
		t.Error("arrays claiming more values than bytes gave no error")
	}
	if _, _, err := msgpackString([]byte{0xdb, 0xff, 0xff, 0xff, 0xf0, 'a'}, 0); err == nil {
		t.Error("a string claiming 4 GiB in 6 bytes gave no error")
	}
	for _, head := range [][]byte{{0xdf, 0x80, 0, 0, 0}, {0xdf, 0, 0, 0, 3, 0xa1, 'a', 0xc0}} {
		if _, _, err := msgpackMapHeader(head, 0); err == nil {
			t.Errorf("a map header % x claiming more entries than bytes gave no error", head)
		}
		if rows, err := idsRows(head); err == nil {
			t.Errorf("ids % x read as %d rows", head, len(rows))
		}
	}
}

// A large ids object, indented as Terraform writes state or not, reads
// the same in halves as in one pass; one whose middle line break is not
// between members is refused as invalid JSON is.
func TestIDsJSONToMsgpack_largeInHalves(t *testing.T) {
	ids := map[string]string{}
	for i := range 40_000 {
		ids[fmt.Sprintf("K-%06d", i)] = fmt.Sprintf("%032x", i)
	}
	indented, _ := json.MarshalIndent(ids, "    ", "  ")
	compact, _ := json.Marshal(ids)
	if len(indented) < 1<<20 || len(idsHalves(indented[1:len(indented)-1])) != 2 {
		t.Fatalf("%d bytes: not split in two", len(indented))
	}
	for _, in := range [][]byte{indented, compact} {
		packed, err := idsJSONToMsgpack(in)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]string
		if err := msgpack.Unmarshal(packed, &got); err != nil || !maps.Equal(got, ids) {
			t.Fatalf("%d entries read back (%v), want %d", len(got), err, len(ids))
		}
	}
	mid := bytes.IndexByte(indented[len(indented)/2:], '\n') + len(indented)/2
	for name, bad := range map[string][]byte{
		"a line break inside a string": append(append(slices.Clone(indented[:mid-2]), "\n\","...), indented[mid:]...),
		"a ',' before '}'":             append(slices.Clone(indented[:len(indented)-2]), ",\n}"...),
	} {
		if _, err := idsJSONToMsgpack(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
