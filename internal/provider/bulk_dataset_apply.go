package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Create loads the file's rows with one Import job.
func (r *bulkDatasetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bulkDatasetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultWaitTimeout)
	resp.Diagnostics.Append(d...)
	// A failed create would make Terraform taint the dataset and replace
	// it, loading every row again: failed rows are warnings here.
	r.apply(ctx, timeout, &plan, newDatasetState(), datasetSink{state: &resp.State, private: resp.Private, create: true}, &resp.Diagnostics)
}

// Update sends the rows the plan found changed.
func (r *bulkDatasetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior bulkDatasetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultWaitTimeout)
	resp.Diagnostics.Append(d...)
	var s *datasetState
	if prior.KeyField.IsNull() { // imported: rebuilt from its jobs, as plan did
		obj, d := r.datasetObjectFor(ctx, plan)
		resp.Diagnostics.Append(d...)
		if d.HasError() {
			return
		}
		s, d = r.datasetFromJobs(ctx, prior.importedJobs(ctx), plan, obj)
		resp.Diagnostics.Append(d...)
	} else {
		s, d = loadDatasetState(ctx, prior.JobIDs, modelRows(prior.IDs), req.Private)
		resp.Diagnostics.Append(d...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, timeout, &plan, s, datasetSink{state: &resp.State, private: resp.Private}, &resp.Diagnostics)
}

// datasetSink is where apply saves state after each job, so an apply that
// fails part-way keeps what the finished jobs loaded.
type datasetSink struct {
	state   *tfsdk.State
	private privateState
	create  bool
}

func (k datasetSink) save(ctx context.Context, m *bulkDatasetModel, s *datasetState, diags *diag.Diagnostics) {
	diags.Append(s.save(ctx, m, k.private)...)
	diags.Append(k.state.Set(ctx, m)...)
}

// apply runs at most one job per action: deletes first (a unique value a
// deleted record frees can be reused), then updates, then imports.
func (r *bulkDatasetResource) apply(ctx context.Context, timeout time.Duration, m *bulkDatasetModel, s *datasetState, sink datasetSink, diags *diag.Diagnostics) {
	if !r.ready() {
		diags.Append(notConfigured())
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	obj, d := r.datasetObjectFor(ctx, *m)
	diags.Append(d...)
	if d.HasError() {
		return
	}
	// One dataset of this label at a time, and what it ends up holding is
	// not deleted by another's destroy in this run (bulk_dataset_claims.go).
	defer r.pd.datasets.lock(datasetLockKey(obj, *m))()
	defer func() { r.pd.datasets.hold(s, describeDataset(*m)) }()
	f, d := readDatasetFile(*m, obj)
	diags.Append(d...)
	if d.HasError() {
		return
	}
	// Before the diff: what an interrupted apply's jobs loaded is recorded,
	// so it is not sent again (bulk_dataset_reconcile.go).
	rec, err := r.reconcile(ctx, *m, obj, f, s, true)
	if err != nil {
		diags.AddAttributeError(path.Root("job_ids"), "Cannot reconcile the dataset's jobs", err.Error())
		return
	}
	if len(rec.LostToDestroy) > 0 {
		diags.Append(lostToDestroyError(m.sourceAttr(), obj.Type, m.KeyField.ValueString(), rec.LostToDestroy))
		return
	}
	if len(rec.Untracked) > 0 {
		diags.Append(untrackedWarning(obj.Type, m.KeyField.ValueString(), rec.Untracked))
	}
	s.releaseHeld(f)
	diff, d := checkedDiff(*m, obj, f, s)
	diags.Append(d...)
	if d.HasError() {
		return
	}
	// A plan that sends nothing leaves ids known; one that sends rows
	// counted them. Either way the file must still give that.
	// The same counts are not the same rows: the digest of the keys and
	// row hashes per action must match too (bulk_dataset_digest.go).
	digest := diff.digest(f, m.deleting())
	if planned := m.plannedCounts(); !diff.empty() && (!m.IDs.IsUnknown() || planned != nil && *planned != diff.counts(m.deleting()) ||
		!m.DiffSHA256.IsUnknown() && !m.DiffSHA256.IsNull() && m.DiffSHA256.ValueString() != digest) {
		diags.AddAttributeError(m.sourceAttr(), "File changed since plan", fmt.Sprintf("The file now gives %q, not what the plan showed: "+
			"the file changed, or a job of this dataset that was still running at plan has finished since. "+
			"Nothing was sent. Run plan again.", diff.line(obj.Type, m.deleting())))
		return
	}
	if m.ImportCount.IsUnknown() { // the file was not known at plan
		m.setCounts(diff.counts(m.deleting()))
	}
	if m.DiffSHA256.IsUnknown() {
		m.DiffSHA256 = types.StringValue(digest)
	}
	m.ID = types.StringValue(datasetID(*m))
	run := &datasetRun{r: r, m: m, obj: obj, f: f, s: s, diags: diags, create: sink.create, before: slices.Clone(s.Jobs)}
	if !m.deleting() {
		for _, k := range diff.Removed {
			delete(s.Rows, k)
		}
	}
	steps := []func() bool{
		func() bool { return !m.deleting() || run.deleteKeys(ctx, diff.Removed) },
		func() bool { return run.updateRows(ctx, diff.Update) },
		func() bool { return run.importRows(ctx, diff.Import) },
	}
	for _, step := range steps {
		ok := step()
		sink.save(ctx, m, s, diags)
		if !ok {
			return
		}
	}
	run.judge()
}

// plannedCounts is what the plan showed, nil when it was not known.
func (m bulkDatasetModel) plannedCounts() *[5]int64 {
	var c [5]int64
	for i, v := range []types.Int64{m.ImportCount, m.UpdateCount, m.DeleteCount, m.ForgetCount, m.UnchangedCount} {
		if v.IsUnknown() || v.IsNull() {
			return nil
		}
		c[i] = v.ValueInt64()
	}
	return &c
}
