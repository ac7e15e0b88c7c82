package loadguard

import (
	"context"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Teardown finds the Completed Delete job named after an import, a
// complete one before a partial one, and the newest among alike; a guard
// that is off lists nothing.
func TestRegistryTeardown(t *testing.T) {
	now := time.Now()
	del := func(id string, status string, failed int64, age time.Duration) client.Summary {
		return client.Summary{ID: id, Name: TeardownName("imp-1"), JobType: "Delete", Status: status, RowsSucceeded: 2, RowsFailed: failed, CreatedAt: now.Add(-age)}
	}
	z := &fakeZuora{jobs: []client.Summary{
		del("partial-new", client.StatusCompleted, 1, time.Minute),
		del("running", client.StatusInProgress, 0, 2*time.Minute),
		del("complete-new", client.StatusCompleted, 0, 3*time.Minute),
		del("complete-old", client.StatusCompleted, 0, 4*time.Minute),
		{ID: "other", Name: TeardownName("imp-2"), JobType: "Delete", Status: client.StatusCompleted, CreatedAt: now.Add(-5 * time.Minute)},
	}}
	ctx := context.Background()
	got, err := New(z, 7).Teardown(ctx, "imp-1")
	if err != nil || got == nil || got.ID != "complete-new" {
		t.Errorf("Teardown = %+v, %v; want complete-new", got, err)
	}
	if got, _ := New(z, 7).Teardown(ctx, "imp-3"); got != nil {
		t.Errorf("an import nobody tore down has teardown %+v", got)
	}
	z.lists = 0
	if got, _ := New(z, 0).Teardown(ctx, "imp-1"); got != nil || z.lists != 0 {
		t.Errorf("a guard that is off listed %d times and found %+v", z.lists, got)
	}
}
