package client

import "testing"

func TestNormalizeStatus(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"COMPLETED": StatusCompleted, "in progress": StatusInProgress,
		"IN_PROGRESS": StatusInProgress, "InProgress": StatusInProgress,
		"cancelled": StatusCancelled, "Canceled": StatusCancelled, "Something New": "Something New",
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

func TestFindObjectPrefersTheExactType(t *testing.T) {
	t.Parallel()
	objects := []Object{
		{Type: "account", Name: "legacy-account"},
		{Type: "Account", Name: "accounts-and-contacts"},
		{Type: "AccountingCode", Name: "accounting-code"},
	}
	for name, want := range map[string]string{
		"Account": "accounts-and-contacts", " account ": "legacy-account", "ACCOUNTINGCODE": "accounting-code",
		"Accounting-Code": "accounting-code",
	} {
		if o, ok := FindObject(objects, name); !ok || o.Name != want {
			t.Errorf("FindObject(%q) = %+v, %v; want %s", name, o, ok, want)
		}
	}
	if o, ok := FindObject(objects, "Contact"); ok {
		t.Errorf("FindObject(Contact) = %+v", o)
	}
}

// Without a client (the provider not configured yet) or a catalogue,
// spellings only match exactly, in any case: a transient failure never
// hides a real change.
func TestSameObjectWithoutACatalogue(t *testing.T) {
	t.Parallel()
	var c *Client
	if same, known := c.SameObject(testCtx(t), "Account", "ACCOUNT"); !same || !known {
		t.Error("the same spelling in another case is not the same object")
	}
	if same, known := c.SameObject(testCtx(t), "Account", "accounts-and-contacts"); !same || !known {
		t.Error("without a catalogue, the spellings create-job's reference lists are still one object")
	}
	if same, known := c.SameObject(testCtx(t), "Gadget", "gadgets-and-parts"); same || known {
		t.Error("without a catalogue, names the tables do not know cannot be told apart")
	}
	if got := c.ObjectTypeFor(testCtx(t), "accounts-and-contacts"); got != "accounts-and-contacts" {
		t.Errorf("ObjectTypeFor = %q, want the echo", got)
	}
}
