package provider

import (
	"math/big"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zuora-tf/terraform-provider-zuora/internal/cputime"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/sourcecache"
)

// BenchmarkBulkDatasetPlan plans 100,000 Account rows, 1 % of them
// changed since the dataset loaded them, against the plan of the same
// file as a new zuora_bulk_job (every row checked against Import
// metadata), both through the provider server as Terraform calls it:
// msgpack and JSON values in and out, so the framework's conversion of
// the dataset's 100,000 ids is measured. For the dataset that is what
// terraform plan asks of an existing resource: UpgradeResourceState (the
// state file's JSON), ReadResource and PlanResourceChange; for the job,
// PlanResourceChange of a new one (its plan is the one that reads the
// file). The two run in turn in each iteration, so a shared machine's
// load weighs on both alike; the metrics are the ratio of their wall and
// CPU times, whole and for PlanResourceChange alone. The goal is a
// dataset plan at most 1.5 times the job's.
func BenchmarkBulkDatasetPlan(b *testing.B) {
	const rows = maxDatasetRows
	_, url := startEmulator(b, emulator.Options{})
	srv := benchProviderServer(b, url)
	changed := map[int]string{}
	for n := 1; n <= rows; n += 100 {
		changed[n] = "Changed"
	}
	// A file, not content: content would put the whole file in state,
	// past the 10 MB a dataset may keep.
	file := writeJobFile(b, "accounts.jsonl", datasetAccounts(1, rows, nil))
	source := tftypes.NewValue(tftypes.String, file)
	ds := resourceCalls{srv: srv, name: "zuora_bulk_dataset", typ: resourceType(b, &bulkDatasetResource{})}
	config := objectWith(ds.typ, map[string]tftypes.Value{
		"object_type": tftypes.NewValue(tftypes.String, "Account"),
		"key_field":   tftypes.NewValue(tftypes.String, "accountNumber"),
		"source":      source,
	})
	loaded, private := loadDataset(b, ds.typ, config)
	rewriteJobFile(b, file, datasetAccounts(1, rows, changed))
	proposed := loaded
	rawState := stateJSON(b, loaded)

	job := resourceCalls{srv: srv, name: "zuora_bulk_job", typ: resourceType(b, &bulkJobResource{})}
	jobConfig := objectWith(job.typ, map[string]tftypes.Value{
		"name":        tftypes.NewValue(tftypes.String, "accounts"),
		"object_type": tftypes.NewValue(tftypes.String, "Account"),
		"source":      source,
	})

	// Every job plan reads and checks the file, as a first plan does: the
	// facts cache would otherwise answer from the first iteration.
	cache := sourceFactsCache
	sourceFactsCache = sourcecache.Cache{}
	b.Cleanup(func() { sourceFactsCache = cache })
	// Requests are encoded, and answers decoded, outside the measured
	// calls: that is Terraform's work, not the provider's.
	dsReq := ds.request(b, loaded, config, proposed, private)
	jobReq := job.request(b, tftypes.NewValue(job.typ, nil), jobConfig, jobConfig, nil)
	var read, plan, jobPlan timing
	for b.Loop() {
		read.measure(func() {
			state := ds.upgrade(b, rawState)
			ds.read(b, state, private)
		})
		var planned, jobPlanned *tfprotov6.PlanResourceChangeResponse
		plan.measure(func() { planned = ds.planEncoded(b, dsReq) })
		if n := attrOf(b, ds.value(b, planned.PlannedState), "update_count"); n.Cmp(big.NewFloat(rows/100)) != 0 {
			b.Fatalf("the plan updates %v rows, want %d", n, rows/100)
		}
		jobPlan.measure(func() { jobPlanned = job.planEncoded(b, jobReq) })
		if n := attrOf(b, job.value(b, jobPlanned.PlannedState), "row_count"); n.Cmp(big.NewFloat(rows)) != 0 {
			b.Fatalf("the job's plan checked %v rows, want %d", n, rows)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(read.wall+plan.wall)/float64(jobPlan.wall), "ratio")
	b.ReportMetric(float64(plan.wall)/float64(jobPlan.wall), "plan-ratio")
	b.ReportMetric(float64((read.wall+plan.wall).Milliseconds())/n, "dataset-ms/op")
	b.ReportMetric(float64(jobPlan.wall.Milliseconds())/n, "job-ms/op")
	if jobPlan.cpu > 0 {
		b.ReportMetric(float64(read.cpu+plan.cpu)/float64(jobPlan.cpu), "cpu-ratio")
		b.ReportMetric(float64(plan.cpu)/float64(jobPlan.cpu), "plan-cpu-ratio")
		b.ReportMetric(float64((read.cpu+plan.cpu).Milliseconds())/n, "dataset-cpu-ms/op")
		b.ReportMetric(float64(jobPlan.cpu.Milliseconds())/n, "job-cpu-ms/op")
	}
}

// loadDataset creates a dataset from config through an emulator of its
// own, stopped and dropped afterwards: the records it stores would
// otherwise stay in the heap and slow every garbage collection of the
// plans measured, which a provider's process does not hold.
func loadDataset(b testing.TB, typ tftypes.Object, config tftypes.Value) (tftypes.Value, []byte) {
	b.Helper()
	emu := emulator.New(emulator.Options{StepDelay: time.Millisecond, RowsPerStep: 50_000, Dir: b.TempDir()})
	hs := httptest.NewServer(emu)
	defer func() { hs.Close(); _ = emu.Close() }()
	ds := resourceCalls{srv: benchProviderServer(b, hs.URL), name: "zuora_bulk_dataset", typ: typ}
	return ds.create(b, config)
}

// timing adds up the wall and CPU time of the runs it measures.
type timing struct{ wall, cpu time.Duration }

func (t *timing) measure(op func()) {
	begin, cpu := time.Now(), cputime.Process()
	op()
	t.cpu += cputime.Process() - cpu
	t.wall += time.Since(begin)
}
