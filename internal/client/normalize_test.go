package client

import "testing"

func TestNormalizeStatus(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"COMPLETED": StatusCompleted, "in progress": StatusInProgress,
		"IN_PROGRESS": StatusInProgress, "InProgress": StatusInProgress,
		"cancelled": StatusCancelled, "Something New": "Something New",
	} {
		if got := NormalizeStatus(in); got != want {
			t.Errorf("NormalizeStatus(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeJobType(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"import": "Import", " DELETE ": "Delete", "Upsert": "Upsert"} {
		if got := NormalizeJobType(in); got != want {
			t.Errorf("NormalizeJobType(%q) = %q, want %q", in, got, want)
		}
	}
}

// A summary is normalised where it is decoded, so no caller compares
// spellings.
func TestSummaryDecodeNormalizes(t *testing.T) {
	t.Parallel()
	s := wireSummary{Status: "IN_PROGRESS", JobType: "import", ObjectType: " Account "}.summary()
	if s.Status != StatusInProgress || s.JobType != "Import" || s.ObjectType != "Account" {
		t.Errorf("decoded summary = %+v", s)
	}
}
