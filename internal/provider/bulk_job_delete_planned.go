package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// What a plan proposes for each import job, noted while planning (a plan
// walk runs in a provider process of its own), so the plan can say when
// one resource's destroy would delete the records of a job that another
// resource adopts or keeps. Terraform plans resources in no set order, so
// whichever of the two is planned second warns.
const (
	plannedTeardown = "is destroyed with delete_records"
	plannedAdoption = "adopts"
	plannedKeep     = "keeps"
)

// notePlan records that the resource described by who fate's job id in
// this plan, and returns the resources whose plans conflict with it: for
// a teardown, those that adopt or keep the job; otherwise the teardown.
func (c *jobClaims) notePlan(id, fate, who string) (others map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.planned == nil {
		c.planned = map[string]map[string]string{}
	}
	if c.planned[id] == nil {
		c.planned[id] = map[string]string{}
	}
	c.planned[id][fate] = who
	others = map[string]string{}
	for f, w := range c.planned[id] {
		if (fate == plannedTeardown) != (f == plannedTeardown) {
			others[f] = w
		}
	}
	return others
}

// warnPlannedConflict: this plan destroys a resource with delete_records
// while another adopts (a rename without a moved block) or keeps (count
// lowered on resources sharing one job) the same job.
func warnPlannedConflict(id, destroyed, fate, holder string, diags *diag.Diagnostics) {
	outcome := "Apply does one or the other, whichever runs first: either the job is adopted and its records stay, or they are " +
		"deleted and the file is loaded again with new ids. If this is a rename, add a moved block (from the old address to the new) " +
		"to keep the job and its records."
	if fate == plannedKeep {
		outcome = "Apply deletes them, and the next refresh of that resource drops it from state and plans to load the file again. " +
			"To keep the records, set on_destroy = \"forget\" on the destroyed resource and apply before destroying it."
	}
	diags.AddWarning("This plan deletes the records of a job another resource holds",
		fmt.Sprintf("Destroying %s deletes the records of bulk job %s (on_destroy = \"delete_records\"), and %s %s that job. %s",
			destroyed, id, holder, fate, outcome))
}

// notePlannedTeardown is the destroy plan's side.
func (r *bulkJobResource) notePlannedTeardown(m bulkJobResourceModel, diags *diag.Diagnostics) {
	if r.pd == nil {
		return
	}
	id := m.ID.ValueString()
	for fate, holder := range r.pd.claims.notePlan(id, plannedTeardown, describeHolder(m)) {
		warnPlannedConflict(id, describeHolder(m), fate, holder, diags)
	}
}

// notePlannedHolder is the side of a resource that adopts (the guard's
// plan) or keeps (a plan without replacement) job id.
func (r *bulkJobResource) notePlannedHolder(id, fate string, m bulkJobResourceModel, diags *diag.Diagnostics) {
	if r.pd == nil || id == "" {
		return
	}
	if destroyed := r.pd.claims.notePlan(id, fate, describeHolder(m))[plannedTeardown]; destroyed != "" {
		warnPlannedConflict(id, destroyed, fate, describeHolder(m), diags)
	}
}
