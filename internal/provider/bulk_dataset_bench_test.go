package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/cputime"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// BenchmarkBulkDatasetPlan plans 100,000 Account rows, 1 % of them
// changed since the dataset loaded them, against the plan of the same
// file as a zuora_bulk_job (every row checked against Import metadata).
// Both read the rows from content, with warm metadata; the dataset also
// reads its state (ids and hashes of 100,000 rows), but not through the
// framework's conversion of Terraform's values, which neither side
// measures. The goal is a dataset plan at most 1.5 times the job's.
func BenchmarkBulkDatasetPlan(b *testing.B) {
	const rows = maxDatasetRows
	_, url := startEmulator(b, emulator.Options{})
	pd := &providerData{client: emulatorClient(b, url)}
	ctx := context.Background()
	loaded := datasetAccounts(1, rows, nil)
	changed := map[int]string{}
	for n := 1; n <= rows; n += 100 {
		changed[n] = "Changed"
	}
	content := datasetAccounts(1, rows, changed)

	r := &bulkDatasetResource{pd: pd}
	plan := bulkDatasetModel{ObjectType: types.StringValue("Account"), KeyField: types.StringValue("accountNumber"),
		Source: types.StringNull(), Content: types.StringValue(loaded)}
	obj, d := r.datasetObjectFor(ctx, plan)
	if d.HasError() {
		b.Fatal(d)
	}
	f, err := plan.readRows(obj)
	if err != nil {
		b.Fatal(err)
	}
	s := newDatasetState()
	for _, row := range f.Rows {
		s.Rows[row.Key] = loadedRow{ID: "8a8a0000000000000000000000000000", hashes: row.hashes}
	}
	plan.Content = types.StringValue(content)
	prior, private := plan, memPrivate{}
	if d := s.save(ctx, &prior, private); d.HasError() {
		b.Fatal(d)
	}

	b.Run("zuora_bulk_dataset", func(b *testing.B) {
		withCPUTime(b, func() {
			s, d0 := loadDatasetState(ctx, prior, private)
			obj, d := r.datasetObjectFor(ctx, plan)
			d.Append(d0...)
			_, diff, d2 := planDiff(plan, obj, s)
			if d.HasError() || d2.HasError() || len(diff.Update) != rows/100 {
				b.Fatalf("%v %v: %d to update", d, d2, len(diff.Update))
			}
		})
	})
	b.Run("zuora_bulk_job", func(b *testing.B) {
		withCPUTime(b, func() {
			obj, d := pd.resolveObject(ctx, path.Root("object_type"), "Account", "Import")
			facts, d2 := pd.checkSource(ctx, sourceCheck{Attr: path.Root("content"), Content: content, FileType: "jsonl",
				Object: obj, JobType: "Import", Validation: "strict", PCICheck: "error"})
			if d.HasError() || d2.HasError() || facts.Rows != rows {
				b.Fatalf("%v %v: %d rows", d, d2, facts.Rows)
			}
		})
	})
}

// withCPUTime runs op b.N times and reports its CPU time per run, which a
// shared machine's load does not inflate as it does wall time.
func withCPUTime(b *testing.B, op func()) {
	var cpu time.Duration
	for b.Loop() {
		begin := cputime.Process()
		op()
		cpu += cputime.Process() - begin
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}
