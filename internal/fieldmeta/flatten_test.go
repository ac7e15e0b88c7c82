package fieldmeta

import (
	"slices"
	"testing"
)

// A required member of an optional object binds only rows that carry the
// object, so only what every row needs is a required path.
func TestRequiredPathsFollowRequiredAncestors(t *testing.T) {
	n, err := Parse([]byte(`{
	  "name": {"type": "string", "required": true},
	  "notes": {"type": "string"},
	  "soldToContact": {"lastName": {"type": "string", "required": true}},
	  "billToContact": {"required": true, "lastName": {"type": "string", "required": true}, "city": {"type": "string"}},
	  "emails": [{"type": "string", "required": true}]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"name", "billToContact.lastName", "emails[]"}
	if got := n.RequiredPaths(); !slices.Equal(got, want) {
		t.Errorf("RequiredPaths() = %q, want %q", got, want)
	}
	var flagged []string
	for _, f := range n.Flatten() {
		if f.Required {
			flagged = append(flagged, f.Path)
		}
	}
	if !slices.Contains(flagged, "soldToContact.lastName") {
		t.Errorf("Flatten lost the member's own required flag: %q", flagged)
	}
}
