package client_test

import (
	"context"
	"testing"
)

// The emulator's catalogue names Account "accounts-and-contacts" too: a
// summary echoing either spelling is the same object.
func TestSameObjectAcrossSpellings(t *testing.T) {
	t.Parallel()
	_, c := newEmulatorClient(t)
	ctx := context.Background()
	if same, _ := c.SameObject(ctx, "Account", "accounts-and-contacts"); !same {
		t.Error("SameObject does not treat objectType and objectName as one object")
	}
	if same, known := c.SameObject(ctx, "Account", "Contact"); same || !known {
		t.Error("SameObject does not treat objectType and objectName as one object")
	}
	if got := c.ObjectTypeFor(ctx, "accounts-and-contacts"); got != "Account" {
		t.Errorf("ObjectTypeFor(accounts-and-contacts) = %q, want Account", got)
	}
	if got := c.ObjectTypeFor(ctx, "Spaceship"); got != "Spaceship" {
		t.Errorf("ObjectTypeFor(Spaceship) = %q, want the echo", got)
	}
}
