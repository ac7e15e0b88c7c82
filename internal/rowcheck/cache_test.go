package rowcheck

import (
	"sync"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

func TestCacheCompilesEachSchemaOnce(t *testing.T) {
	t.Parallel()
	parse := func(doc string) *fieldmeta.Node {
		n, err := fieldmeta.Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	a := parse(`{"name":{"type":"string","regex":"(^(?!\\s*$).{1,255})$","required":true}}`)
	b := parse(`{"currency":{"type":"string","regex":"^(USD|EUR)$","required":true}}`)
	var c Cache
	got := make([]*Validator, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			v, err := c.Validator(a)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	wg.Wait()
	for _, v := range got {
		if v != got[0] {
			t.Fatal("concurrent callers got different validators for one schema")
		}
	}
	vb, err := c.Validator(b)
	if err != nil || vb == got[0] {
		t.Fatalf("another schema must get its own validator (err %v)", err)
	}
	if p := vb.CheckJSON(1, []byte(`{"currency":"JPY"}`)); len(p) != 1 {
		t.Errorf("the cached validator does not check its own schema: %v", p)
	}
}

func TestCacheKeepsTheCompileError(t *testing.T) {
	t.Parallel()
	bad, err := fieldmeta.Parse([]byte(`{"x":{"type":"string","regex":"(unclosed","required":false}}`))
	if err != nil {
		t.Fatal(err)
	}
	var c Cache
	if _, err := c.Validator(bad); err == nil {
		t.Fatal("a pattern no engine compiles must be an error")
	}
	if _, err := c.Validator(bad); err == nil {
		t.Fatal("the error must be remembered, not turned into a nil validator")
	}
}
