package provider

import (
	"context"
	"encoding/json"
	"math/big"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
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

func resourceType(b testing.TB, r resource.Resource) tftypes.Object {
	b.Helper()
	ctx := context.Background()
	resp := &resource.SchemaResponse{}
	r.Schema(ctx, resource.SchemaRequest{}, resp)
	typ, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		b.Fatal("the resource schema is not an object")
	}
	return typ
}

// resourceCalls calls one resource type's RPCs as Terraform does.
type resourceCalls struct {
	srv  tfprotov6.ProviderServer
	name string
	typ  tftypes.Object
}

// create plans and applies config, and returns the new state and private
// state.
func (c resourceCalls) create(b testing.TB, config tftypes.Value) (tftypes.Value, []byte) {
	b.Helper()
	prior := tftypes.NewValue(c.typ, nil)
	planned, private := c.planWithPrivate(b, prior, config, config, nil)
	resp, err := c.srv.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{TypeName: c.name,
		PriorState: ptr(dynamicValue(b, c.typ, prior)), PlannedState: ptr(dynamicValue(b, c.typ, planned)),
		Config: ptr(dynamicValue(b, c.typ, config)), PlannedPrivate: private})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("apply %s: %v %v", c.name, err, resp.Diagnostics)
	}
	return c.value(b, resp.NewState), resp.Private
}

func (c resourceCalls) planWithPrivate(b testing.TB, prior, config, proposed tftypes.Value, private []byte) (tftypes.Value, []byte) {
	b.Helper()
	resp := c.planEncoded(b, c.request(b, prior, config, proposed, private))
	return c.value(b, resp.PlannedState), resp.PlannedPrivate
}

// request is a plan request with its values encoded, as Terraform sends it.
func (c resourceCalls) request(b testing.TB, prior, config, proposed tftypes.Value, private []byte) *tfprotov6.PlanResourceChangeRequest {
	return &tfprotov6.PlanResourceChangeRequest{TypeName: c.name,
		PriorState: ptr(dynamicValue(b, c.typ, prior)), ProposedNewState: ptr(dynamicValue(b, c.typ, proposed)),
		Config: ptr(dynamicValue(b, c.typ, config)), PriorPrivate: private}
}

func (c resourceCalls) planEncoded(b testing.TB, req *tfprotov6.PlanResourceChangeRequest) *tfprotov6.PlanResourceChangeResponse {
	b.Helper()
	resp, err := c.srv.PlanResourceChange(context.Background(), req)
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("plan %s: %v %v", c.name, err, resp.Diagnostics)
	}
	return resp
}

// upgrade reads state as Terraform holds it in the state file (JSON).
func (c resourceCalls) upgrade(b testing.TB, raw []byte) *tfprotov6.DynamicValue {
	b.Helper()
	resp, err := c.srv.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{TypeName: c.name,
		RawState: &tfprotov6.RawState{JSON: raw}})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("upgrade %s: %v %v", c.name, err, resp.Diagnostics)
	}
	return resp.UpgradedState
}

func (c resourceCalls) read(b testing.TB, state *tfprotov6.DynamicValue, private []byte) *tfprotov6.DynamicValue {
	b.Helper()
	resp, err := c.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: c.name,
		CurrentState: state, Private: private})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("read %s: %v %v", c.name, err, resp.Diagnostics)
	}
	return resp.NewState
}

func (c resourceCalls) value(b testing.TB, dv *tfprotov6.DynamicValue) tftypes.Value {
	b.Helper()
	v, err := dv.Unmarshal(c.typ)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

func dynamicValue(b testing.TB, typ tftypes.Type, v tftypes.Value) tfprotov6.DynamicValue {
	b.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		b.Fatal(err)
	}
	return dv
}

func ptr[T any](v T) *T { return &v }

func attrOf(b testing.TB, v tftypes.Value, name string) *big.Float {
	b.Helper()
	var attrs map[string]tftypes.Value
	var n big.Float
	if err := v.As(&attrs); err != nil || attrs[name].As(&n) != nil {
		b.Fatalf("no number %s in %v", name, v)
	}
	return &n
}

// stateJSON is v as the state file holds a resource's attributes.
func stateJSON(b testing.TB, v tftypes.Value) []byte {
	b.Helper()
	out, err := json.Marshal(plainValue(v))
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// plainValue is a known value as encoding/json writes it.
func plainValue(v tftypes.Value) any {
	if v.IsNull() {
		return nil
	}
	var s string
	var n big.Float
	var f bool
	var m map[string]tftypes.Value
	var l []tftypes.Value
	switch {
	case v.As(&s) == nil:
		return s
	case v.As(&n) == nil:
		return json.Number(n.Text('f', -1))
	case v.As(&f) == nil:
		return f
	case v.As(&m) == nil:
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = plainValue(e)
		}
		return out
	case v.As(&l) == nil:
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = plainValue(e)
		}
		return out
	}
	return nil
}
