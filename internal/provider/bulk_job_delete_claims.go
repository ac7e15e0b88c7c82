package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// jobClaims is what this provider process knows about which resources hold
// which import job. Terraform gives a provider no view across resources
// (and no resource addresses), so the resources of one apply meet here:
//
//   - a job that a resource adopts or keeps in this apply is held, and no
//     other resource's destroy deletes its records (issue 16);
//   - a teardown shared by several resources (count = 8 on one file, or a
//     job adopted by several) runs once, and the others wait for it and
//     report its outcome (issue 20).
//
// A rename without a moved block destroys the old address and creates the
// new one in parallel, in either order. Both the teardown and Create hold
// the duplicate guard's lock of the load identity (loadguard.Registry.Lock),
// so one runs before the other: a teardown that ran first marks the import
// undone in the guard's registry and the new address loads the file again;
// an adoption that ran first is recorded here and the teardown is skipped.
// The zero value is ready to use.
type jobClaims struct {
	mu      sync.Mutex
	holders map[string]string          // import job id → the resource that holds it now
	flights map[string]*teardownFlight // import job id → its teardown in this run
	// What this plan proposes per job: plannedTeardown or plannedAdoption
	// → the resource. A plan walk runs in a provider process of its own.
	planned map[string]map[string]string
}

// teardownFlight is one teardown of an import in this run; done closes
// when it has settled, and diags is then what it reported.
type teardownFlight struct {
	done  chan struct{}
	diags diag.Diagnostics
}

// hold records that the resource described by holder adopted or keeps job
// id in this apply, so no other resource's destroy deletes its records.
func (c *jobClaims) hold(id, holder string) {
	if id == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.holders == nil {
		c.holders = map[string]string{}
	}
	c.holders[id] = holder
}

// holder is who holds job id in this apply; "" when nobody claimed it.
func (c *jobClaims) holder(id string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.holders[id]
}

// flight returns the teardown of import id in this run, and whether the
// caller leads it (and must call land) or follows it (and must wait).
func (c *jobClaims) flight(id string) (f *teardownFlight, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.flights[id]; ok {
		return f, false
	}
	if c.flights == nil {
		c.flights = map[string]*teardownFlight{}
	}
	f = &teardownFlight{done: make(chan struct{})}
	c.flights[id] = f
	return f, true
}

// land settles a flight with what its leader reported.
func (f *teardownFlight) land(diags diag.Diagnostics) {
	f.diags = diags
	close(f.done)
}

// follow waits for the leader of a teardown and reports its outcome as
// this resource's own: the records are the same, and so is what became of
// them. Stopping early leaves the resource in state.
func (f *teardownFlight) follow(ctx context.Context, importID string, diags *diag.Diagnostics) {
	select {
	case <-f.done:
		diags.Append(f.diags...)
	case <-ctx.Done():
		diags.AddError("Teardown interrupted", fmt.Sprintf("Another resource holding bulk job %s is deleting its records; "+
			"waiting for it stopped (%v). Run terraform destroy again: it waits for that Delete job and submits none.", importID, ctx.Err()))
	}
}

// describeHolder names a resource for another resource's diagnostics:
// the framework does not tell a provider its resources' addresses, so it
// is named by its arguments.
func describeHolder(m bulkJobResourceModel) string {
	what := fmt.Sprintf("the zuora_bulk_job with name = %q", m.Name.ValueString())
	switch {
	case !m.Source.IsNull() && !m.Source.IsUnknown():
		what += fmt.Sprintf(" and source = %q", m.Source.ValueString())
	case !m.ContentWO.IsNull():
		what += " (content_wo)"
	case !m.Content.IsNull():
		what += " (content)"
	}
	return what
}

// claimJob records that m adopted or keeps its job in this apply. An
// adopted job that a teardown of this run tried to delete and did not
// finish with says so (a complete teardown is never adopted).
func (r *bulkJobResource) claimJob(m bulkJobResourceModel, diags *diag.Diagnostics) {
	id := m.ID.ValueString()
	r.pd.claims.hold(id, describeHolder(m))
	if failed := r.pd.claims.failedTeardown(id); failed && m.Status.ValueString() == client.StatusCompleted {
		diags.AddWarning("This job's records may be partly deleted",
			fmt.Sprintf("Bulk job %s, which this resource now records, is the job another resource's destroy (on_destroy = \"delete_records\") "+
				"tried to tear down in this apply, without success (see that resource's error): some of its records may be gone. "+
				"Check what is left in Zuora before relying on its ids.", id))
	}
}

// failedTeardown: a teardown of job id in this run has finished with an error.
func (c *jobClaims) failedTeardown(id string) bool {
	c.mu.Lock()
	f := c.flights[id]
	c.mu.Unlock()
	if f == nil {
		return false
	}
	select {
	case <-f.done:
		return f.diags.HasError()
	default:
		return false
	}
}
