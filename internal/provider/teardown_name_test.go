package provider

import "testing"

func TestTeardownJobNameRoundTrips(t *testing.T) {
	name := teardownJobName("8a8a0001")
	if name != "delete records of 8a8a0001" {
		t.Fatalf("teardownJobName = %q", name)
	}
	if id, ok := undoneImportID(name); !ok || id != "8a8a0001" {
		t.Fatalf("undoneImportID(%q) = %q, %v", name, id, ok)
	}
	for _, other := range []string{"Seed accounts", "delete records of ", ""} {
		if id, ok := undoneImportID(other); ok {
			t.Errorf("undoneImportID(%q) = %q, true; want false", other, id)
		}
	}
}
