package client

import "testing"

func TestSameObjectAcceptsEverySpellingZuoraUses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b        string
		same, known bool
	}{
		{"Account", "account", true, true},
		{"Account", "accounts-and-contacts", true, true},
		{"accounts-and-contacts", "account", true, true},
		{"AccountingPeriod", "accountingperiod", true, true},
		{"AccountingPeriod", "accounting-period", true, true},
		{"ProductRatePlan", "product-rate-plan", true, true},
		{"CreditMemo", "credit-memo", true, true},
		{"payments", "Payment", true, true},
		{"orders-create-subscription-with-new-account", "order-create-subscription-with-new-account", true, true},
		{"unit-of-measure", "unitofmeasure", true, true},
		// Positive mismatches: both names are known and differ.
		{"Account", "Contact", false, true},
		{"accounts-and-contacts", "contact", false, true},
		{"usage", "Subscription", false, true},
		// Unknown names never rule a job out.
		{"Account", "my_custom_thing", false, false},
		{"", "Account", false, false},
		{"Widget__c", "widget__c", true, true},
	} {
		same, known := SameObject(tc.a, tc.b)
		if same != tc.same || known != tc.known {
			t.Errorf("SameObject(%q, %q) = %v, %v; want %v, %v", tc.a, tc.b, same, known, tc.same, tc.known)
		}
	}
}

func TestClientSameObjectLearnsFromTheCachedCatalogue(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, "http://127.0.0.1:1")
	ctx := testCtx(t)
	c.objects[metadataKind(FileTypeJSONL)] = []Object{{Name: "gadgets-and-parts", Type: "Gadget"}, {Name: "widgets", Type: "Widget"}}
	if same, known := c.SameObject(ctx, "Gadget", "gadgets-and-parts"); !same || !known {
		t.Errorf("Gadget vs its objectName: %v %v, want same", same, known)
	}
	if same, known := c.SameObject(ctx, "Gadget", "widgets"); same || !known {
		t.Errorf("Gadget vs Widget: %v %v, want a known mismatch", same, known)
	}
}
