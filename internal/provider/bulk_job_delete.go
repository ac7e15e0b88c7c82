package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Delete stops a job that has not finished: cancel before it runs, abort
// while it runs. A finished job's data stays in Zuora and it only leaves
// state, unless on_destroy = "delete_records" tears a Completed import down.
func (r *bulkJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bulkJobResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready() {
		return
	}
	id := state.ID.ValueString()
	s, err := r.pd.client.JobSummary(ctx, id)
	if client.IsNotFound(err) {
		warnTeardownImpossible(state, &resp.Diagnostics)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read bulk job", err.Error())
		return
	}
	switch status := s.Status; {
	case status == client.StatusCompleted && deletesRecords(state) && state.JobType.ValueString() == "Import":
		r.teardownOnce(ctx, state, s, &resp.Diagnostics)
	case client.IsTerminal(status):
		resp.Diagnostics.AddWarning("Loaded data stays in Zuora",
			fmt.Sprintf("Bulk job %s has finished (%s) and is only removed from state: "+
				"the %d rows it loaded stay in Zuora.", id, status, s.RowsSucceeded))
	case status == client.StatusAborting:
		// Already stopping.
	case status == client.StatusInProgress:
		r.abort(ctx, id, &resp.Diagnostics)
	default:
		r.cancelOrAbort(ctx, id, &resp.Diagnostics)
	}
}

// warnTeardownImpossible: Zuora no longer returns the job (a purged
// history, another tenant), so neither its status nor its success rows
// (the ids to delete) can be read. The resource leaves state as before,
// but a delete_records destroy must not pass silently for a teardown.
func warnTeardownImpossible(m bulkJobResourceModel, diags *diag.Diagnostics) {
	if !deletesRecords(m) || m.JobType.ValueString() != "Import" || m.RowsSucceeded.ValueInt64() == 0 {
		return
	}
	diags.AddWarning("Records not deleted: Zuora no longer returns this job",
		fmt.Sprintf("on_destroy = \"delete_records\" did not delete the %d %s records bulk job %s loaded: Zuora answers that the job "+
			"does not exist, so the ids of its records (its success rows) cannot be read. The records stay in Zuora; this resource "+
			"only leaves state. Delete them with a Delete zuora_bulk_job of their ids if they must go.",
			m.RowsSucceeded.ValueInt64(), m.ObjectType.ValueString(), m.ID.ValueString()))
}

// cancelOrAbort cancels a job that has not started; if it started in the
// meantime, cancel is refused and only abort can stop it.
func (r *bulkJobResource) cancelOrAbort(ctx context.Context, id string, diags *diag.Diagnostics) {
	status, err := r.pd.client.CancelOrAbort(ctx, id, true)
	switch {
	case err == nil:
	case status == client.StatusInProgress:
		diags.AddError("Cannot abort bulk job", fmt.Sprintf("Bulk job %s: %v", id, err))
	default:
		diags.AddError("Cannot cancel bulk job", fmt.Sprintf("Bulk job %s: %v", id, err))
	}
}

func (r *bulkJobResource) abort(ctx context.Context, id string, diags *diag.Diagnostics) {
	if _, err := r.pd.client.AbortJob(ctx, id); err != nil {
		diags.AddError("Cannot abort bulk job", fmt.Sprintf("Bulk job %s: %v", id, err))
	}
}

// on_destroy values.
const (
	onDestroyForget        = "forget"
	onDestroyDeleteRecords = "delete_records"
)

// deletesRecords: destroying this job runs a teardown.
func deletesRecords(m bulkJobResourceModel) bool {
	return m.OnDestroy.ValueString() == onDestroyDeleteRecords
}

func onDestroyAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		// No Default: null means forget, so state written before this
		// argument existed, and imported jobs, plan no update.
		Optional: true,
		MarkdownDescription: "Behaviour setting. What destroying a finished job does: `forget` (default) removes it from state " +
			"and the loaded records stay in Zuora; `delete_records` deletes the records a `Completed` `Import` loaded " +
			"with a `Delete` bulk job, also when a replacement or a rename without a `moved` block destroys the resource (unless another resource " +
			"adopts the job in the same apply). See Destroy above.",
		Validators: []validator.String{stringvalidator.OneOf(onDestroyForget, onDestroyDeleteRecords)},
	}
}

// checkOnDestroy refuses at plan time a teardown that could not run: only
// an Import's records are the job's own, and the object must take Delete
// jobs by id.
func (r *bulkJobResource) checkOnDestroy(ctx context.Context, plan bulkJobResourceModel, obj client.Object, objKnown bool, diags *diag.Diagnostics) {
	if !deletesRecords(plan) {
		return
	}
	attr := path.Root("on_destroy")
	if jt := plan.JobType.ValueString(); !plan.JobType.IsUnknown() && jt != "Import" {
		diags.AddAttributeError(attr, "on_destroy = \"delete_records\" needs an Import job",
			fmt.Sprintf("This job's job_type is %s: it did not create the records it touched, so destroying it cannot delete them. "+
				"Use on_destroy = \"forget\".", jt))
		return
	}
	if !objKnown {
		return
	}
	if !supportsAction(obj, "Delete") {
		diags.AddAttributeError(attr, "Object does not support delete", noDeleteDetail(obj))
		return
	}
	if _, err := r.pd.deleteIDField(ctx, obj); err != nil {
		diags.AddAttributeError(attr, "Cannot delete these records", err.Error())
	}
}

// noDeleteDetail says what an object without Delete does take, and the
// way on where the catalogue lists Cancel (subscriptions: a Cancel job
// cancels them; nothing deletes them).
func noDeleteDetail(obj client.Object) string {
	actions := displayActions(obj.Actions)
	detail := fmt.Sprintf("Zuora's Data Loader takes %s jobs for %s (%s), and no Delete job, so destroying this resource cannot delete its records. "+
		"Use on_destroy = \"forget\": the records stay in Zuora.", strings.Join(actions, " and "), obj.Type, obj.Name)
	if supportsAction(obj, "Cancel") {
		detail += fmt.Sprintf(" To cancel the %s records instead, load their ids with job_type = \"Cancel\" in another zuora_bulk_job "+
			"(zuora_bulk_object_fields with action = \"Cancel\" lists the fields it takes).", obj.Type)
	}
	return detail
}

// warnTeardown: a destroy plan that will delete records says how many.
func (r *bulkJobResource) warnTeardown(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	var state bulkJobResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !deletesRecords(state) || state.JobType.ValueString() != "Import" ||
		state.Status.ValueString() != client.StatusCompleted || state.RowsSucceeded.ValueInt64() == 0 {
		return
	}
	r.notePlannedTeardown(state, &resp.Diagnostics)
	resp.Diagnostics.AddWarning("Destroy deletes records in Zuora",
		fmt.Sprintf("on_destroy = \"delete_records\": destroying bulk job %s runs a Delete job that deletes the %d %s records it loaded, "+
			"unless another resource adopts the job in the same apply.",
			state.ID.ValueString(), state.RowsSucceeded.ValueInt64(), state.ObjectType.ValueString()))
}
