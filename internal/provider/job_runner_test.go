package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// A generated job submits as zuora_bulk_job does (job_shared.go): while
// another user's jobs hold all five of the tenant's Data Loader slots it
// waits, Created, and is never cancelled for the limit; once they finish
// it runs and the dataset is applied.
func TestAccJobRunner_waitsForFreeSlotsHeldByOthers(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{Profile: emulator.ProfileReference, OccupiedSlots: 5})
	const hold = 3 * time.Second
	start := time.Now()
	release := time.AfterFunc(hold, func() { emu.ReleaseOtherJobs(5) })
	t.Cleanup(func() { release.Stop() })
	content := datasetAccounts(1, 3, nil)
	source := writeJobFile(t, "accounts.jsonl", content)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: datasetConfig(url, source, ""),
			Check: resource.ComposeAggregateTestCheckFunc(
				expectJobs(emu, 5, "Import 3"), // after the other user's five,
				expectDatasetRecords(emu, content),
				expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
				func(*terraform.State) error {
					if waited := time.Since(start); waited < hold {
						t.Errorf("the apply took %s: it cannot have waited for the slots held for %s", waited, hold)
					}
					return nil
				},
			),
		}},
	})
}
