package fieldmeta

import (
	"bytes"
	"testing"
)

// FuzzParse: Parse never panics, and whatever it accepts marshals to a
// normal form that parses back to the same bytes.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{"name":{"type":"string","regex":"(^(?!\\s*$).{1,255})$","required":true}}`,
		`{"additionalEmailAddresses":[{"type":"string","regex":"^(|[a-z]+@[a-z]+)$","required":false}]}`,
		`{"billToContact":{"firstName":{"type":"string","regex":"^.{1,100}$","required":"true"},"type":{"type":"string"}}}`,
		`{"a":{"type":"number","regex":null}}`,
		`{"tags":[[{"type":"string"}]]}`,
		`{}`, `[]`, `{"a":[]}`, `{"a":[{"type":"x"},{"type":"y"}]}`, `{"a":{"type":1}}`, `{"a":{"type":"s","extra":{}}}`,
		`{"a":{"type":"s"}} {}`, `{"a":{"type":"s","type":"t"}}`, `{"\u00e9\ud800":{"type":"\u2028"}}`,
		// Shapes beyond the guide's: extra keys, the pattern alias, a marked
		// object, JSON schema, and what is skipped rather than refused.
		`{"a":{"type":"string","pattern":"^x$","format":"f","maxLength":3,"enum":["x"]}}`,
		`{"c":{"required":true,"description":"d","f":{"type":"string","required":true}},"r":{"required":[]}}`,
		`{"type":"object","required":["a","t"],"properties":{"a":{"type":["string","null"]},"t":{"type":"array","items":{"type":"number"}}}}`,
		`{"s":{"type":"array","required":true,"items":[{"properties":{"x":{"type":"string"}},"required":["x","y"]}]}}`,
		`{"p":[{"type":"s"},{"type":"t"}],"q":{"type":"array","items":"s"},"o":{"properties":{"a":1}},"e":["x","y"]}`,
		`{"properties":{"a":{"type":"s"}},"b":{"type":"s"}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		n, err := Parse(doc)
		if err != nil {
			return
		}
		first, err := n.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(first)
		if err != nil {
			t.Fatalf("normal form %s does not parse: %v", first, err)
		}
		second, _ := again.MarshalJSON()
		if !bytes.Equal(first, second) {
			t.Fatalf("not stable:\n%s\n%s", first, second)
		}
		_ = n.Flatten()
		_ = n.IsRequired()
	})
}
