package provider

import (
	"fmt"
	"sync"
)

// datasetClaims keeps one dataset's destroy from deleting records another
// dataset holds in the same apply: the dataset counterpart of jobClaims.
//
// A rename without a moved block destroys the old address and creates the
// new one in parallel, in either order, and the new dataset finds the old
// one's jobs in the tenant (same label, same rows) and records their
// records as its own. With on_destroy = "delete_records" the old
// address's destroy would then delete records the new address holds. So
// the applies and destroys of datasets with one label (object and key
// field, datasetJobLabel) run one at a time, and a dataset that finishes
// an apply holds its record ids for the rest of the run:
//
//   - destroy first: its Delete job marks the old jobs undone
//     (datasetJobUndone, and undo here). The new address's plan had
//     counted their records as its own (reconcile), so its plan at apply
//     and its apply refuse and send nothing, saying why; the next apply
//     loads the rows again;
//   - apply first: the records are held, and the destroy forgets them
//     instead of deleting them, and says which dataset holds them.
//
// The zero value is ready to use.
type datasetClaims struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
	held  map[string]string // record id → the dataset that holds it in this run
	undid map[string]bool   // jobs whose records a destroy in this run deleted
}

// undo records that a destroy in this run deleted the records of jobs.
// Another dataset whose plan counted them as loaded (a rename without a
// moved block, destroy first) then stops (datasetReconcile.LostToDestroy)
// instead of applying a plan that no longer holds.
func (c *datasetClaims) undo(jobs []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.undid == nil {
		c.undid = map[string]bool{}
	}
	for _, j := range jobs {
		c.undid[j] = true
	}
}

func (c *datasetClaims) undoneHere(job string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.undid[job]
}

// lock serialises the datasets of one label; call the result to unlock.
func (c *datasetClaims) lock(label string) func() {
	c.mu.Lock()
	if c.locks == nil {
		c.locks = map[string]*sync.Mutex{}
	}
	l := c.locks[label]
	if l == nil {
		l = &sync.Mutex{}
		c.locks[label] = l
	}
	c.mu.Unlock()
	l.Lock()
	return l.Unlock
}

// hold records that the dataset described by holder holds s's records.
func (c *datasetClaims) hold(s *datasetState, holder string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held == nil {
		c.held = make(map[string]string, len(s.Rows))
	}
	for _, r := range s.Rows {
		if r.ID != "" {
			c.held[r.ID] = holder
		}
	}
}

// heldElsewhere splits the keys a destroy would delete into those whose
// records no dataset holds and, per holder, how many it holds. A dataset
// being destroyed never applied in this run, so every holder is another
// one (the new address of a rename, or a create_before_destroy
// replacement).
func (c *datasetClaims) heldElsewhere(s *datasetState, keys []string) (free []string, others map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if h := c.held[s.id(k)]; h != "" {
			if others == nil {
				others = map[string]int{}
			}
			others[h]++
			continue
		}
		free = append(free, k)
	}
	return free, others
}

// describeDataset names a dataset for another resource's diagnostics (the
// framework gives a provider no resource addresses).
func describeDataset(m bulkDatasetModel) string {
	what := fmt.Sprintf("the zuora_bulk_dataset of %s by %s", m.ObjectType.ValueString(), m.KeyField.ValueString())
	if !m.Source.IsNull() && !m.Source.IsUnknown() {
		what += fmt.Sprintf(" with source = %q", m.Source.ValueString())
	}
	return what
}

// datasetLockKey is the label's dataset part, with the object's spelling
// as the catalogue has it.
func datasetLockKey(obj datasetObject, m bulkDatasetModel) string {
	return obj.Type + "/" + m.KeyField.ValueString()
}
