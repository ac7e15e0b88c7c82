package loadguard

import (
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

func TestTeardownNameRoundTrips(t *testing.T) {
	name := TeardownName("8a8a0001")
	if name != "delete records of 8a8a0001" {
		t.Fatalf("TeardownName = %q", name)
	}
	if id, ok := UndoneImportID(name); !ok || id != "8a8a0001" {
		t.Fatalf("UndoneImportID(%q) = %q, %v", name, id, ok)
	}
	for _, other := range []string{"Seed accounts", "delete records of ", ""} {
		if id, ok := UndoneImportID(other); ok {
			t.Errorf("UndoneImportID(%q) = %q, true; want false", other, id)
		}
	}
}

func TestUndoneImports(t *testing.T) {
	jobs := []client.Summary{
		{ID: "imp-1", ObjectType: "Account", JobType: "Import", Status: client.StatusCompleted},
		{ID: "imp-2", ObjectType: "Account", JobType: "Import", Status: client.StatusCompleted},
		{ID: "imp-3", ObjectType: "Account", JobType: "Import", Status: client.StatusCompleted},
		{ID: "imp-4", ObjectType: "Account", JobType: "Import", Status: client.StatusCompleted},
		{ID: "del-1", Name: TeardownName("imp-1"), ObjectType: "Account", JobType: "Delete", Status: client.StatusCompleted},
		{ID: "del-2", Name: TeardownName("imp-2"), ObjectType: "Account", JobType: "Delete", Status: client.StatusFailed},
		{ID: "del-3", Name: TeardownName("imp-3"), ObjectType: "Contact", JobType: "Delete", Status: client.StatusCompleted},
		{ID: "del-4", Name: TeardownName("imp-4"), ObjectType: "Account", JobType: "Delete", Status: client.StatusCompleted,
			RowCount: 3, RowsSucceeded: 2, RowsFailed: 1},
	}
	got := UndoneImports(jobs)
	if !got["imp-1"] || got["imp-2"] || got["imp-3"] || got["imp-4"] || len(got) != 1 {
		t.Errorf("undone = %v, want only imp-1 (imp-2's teardown failed, imp-3's deleted another object, "+
			"imp-4's left a record behind)", got)
	}
}

func TestPlausibleRowCount(t *testing.T) {
	for _, tc := range []struct {
		job, file int64
		want      bool
	}{
		{job: 3, file: 3, want: true},
		{job: 4, file: 3, want: true}, // a CSV header Zuora may count
		{job: 0, file: 3, want: true}, // not counted yet
		{job: 3, file: 0, want: true}, // the plan did not count (hash only)
		{job: 2, file: 3, want: false},
		{job: 5, file: 3, want: false},
	} {
		if got := PlausibleRowCount(tc.job, tc.file); got != tc.want {
			t.Errorf("PlausibleRowCount(%d, %d) = %v, want %v", tc.job, tc.file, got, tc.want)
		}
	}
}
