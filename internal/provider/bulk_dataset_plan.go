package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// ModifyPlan computes the row diff between the file and what the dataset
// loaded, shows it in one warning line and the count attributes, and
// checks the rows it will send. ids and job_ids become unknown only when
// the apply will send something; with no change every computed value
// keeps its state, so a matching file plans nothing.
func (r *bulkDatasetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		warnDestroy(ctx, req, resp)
		return
	}
	if !r.ready() {
		return
	}
	// ids are read and written as Terraform values (bulk_dataset_values.go):
	// the plan's own are replaced, the prior state's read once.
	var plan bulkDatasetModel
	_, d := getWithoutIDs(ctx, tfsdk.State{Schema: req.Plan.Schema, Raw: req.Plan.Raw}, &plan)
	resp.Diagnostics.Append(d...)
	var prior *bulkDatasetModel
	var priorIDs tftypes.Value
	if !req.State.Raw.IsNull() {
		prior = &bulkDatasetModel{}
		priorIDs, d = getWithoutIDs(ctx, req.State, prior)
		resp.Diagnostics.Append(d...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(datasetID(plan))
	if !plan.knownInputs() {
		plan.markApplyUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	checkCSVOnlyArgs(plan.fileType(), "dataset", &resp.Diagnostics, namedValue{"delimiter", plan.Delimiter}, namedValue{"mappings", plan.Mappings})
	if resp.Diagnostics.HasError() {
		return
	}
	obj, d := r.datasetObjectFor(ctx, plan)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	// What the dataset loaded and what the file holds are read at once:
	// they are independent, and at 100,000 rows each is a large part of
	// the plan.
	var s *datasetState
	var sd diag.Diagnostics
	read := make(chan struct{})
	go func() {
		defer close(read)
		s, sd = r.priorDataset(ctx, prior, priorIDs, plan, obj, withCutPrivate(ctx, req.Private))
	}()
	f, d := readDatasetFile(plan, obj)
	<-read
	resp.Diagnostics.Append(sd...)
	if sd.HasError() {
		return
	}
	resp.Diagnostics.Append(d...)
	if f != nil && f.CSV != nil {
		// zuora_bulk_job's rule: every target a field, every unmapped
		// column a field path.
		d = r.pd.mappingDiagnostics(ctx, sourceCheck{Attr: plan.sourceAttr(), SourcePath: plan.Source.ValueString(),
			FileType: client.FileTypeCSV, Headers: f.CSV.Columns, Mappings: f.CSV.Mappings,
			Object: obj.Object, JobType: "Import", Validation: "strict"}, nil)
		resp.Diagnostics.Append(d...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	rec, err := r.reconcile(ctx, plan, obj, f, s, false)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("job_ids"), "Cannot reconcile the dataset's jobs", err.Error())
		return
	}
	if len(rec.LostToDestroy) > 0 { // only in an apply's own plan: see datasetClaims.undo
		resp.Diagnostics.Append(lostToDestroyError(plan.sourceAttr(), obj.Type, plan.KeyField.ValueString(), rec.LostToDestroy))
		return
	}
	if len(rec.Untracked) > 0 {
		resp.Diagnostics.Append(untrackedWarning(obj.Type, plan.KeyField.ValueString(), rec.Untracked))
	}
	released := s.releaseHeld(f)
	diff, d := checkedDiff(plan, obj, f, s)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	if len(rec.Running) > 0 {
		resp.Diagnostics.AddWarning(fmt.Sprintf("A job of the %s dataset is still running", obj.Type), runningDetail(rec.Running))
	}
	if plan.OnDestroy.ValueString() == onDestroyDeleteRecords && !supportsAction(obj.Object, "Delete") {
		resp.Diagnostics.AddAttributeError(path.Root("on_destroy"), "Records cannot be deleted",
			fmt.Sprintf("%s has no Delete bulk job (it supports %s), so destroy could not delete its records. Use on_destroy = \"forget\".",
				obj.Type, strings.Join(displayActions(obj.Actions), ", ")))
		return
	}
	if plan.deleting() && len(diff.Removed) > 0 && !supportsAction(obj.Object, "Delete") {
		resp.Diagnostics.AddAttributeError(pathOnRemove, "Records cannot be deleted",
			fmt.Sprintf("%d rows left the file and on_remove is \"delete\", but %s has no Delete bulk job (it supports %s). "+
				"Set on_remove = \"forget\" to drop them from the dataset and leave the records.",
				len(diff.Removed), obj.Type, strings.Join(displayActions(obj.Actions), ", ")))
		return
	}
	// Jobs reconciled or still running, or holds released, change state:
	// the apply records them.
	keepIDs := diff.empty() && len(rec.Recorded) == 0 && len(rec.Running) == 0 && !released &&
		prior != nil && !prior.ImportCount.IsNull() && !replaced(*prior, plan)
	if keepIDs {
		plan.JobIDs = prior.JobIDs // and ids, below
		plan.ImportCount, plan.UpdateCount, plan.DeleteCount = prior.ImportCount, prior.UpdateCount, prior.DeleteCount
		plan.ForgetCount, plan.UnchangedCount = prior.ForgetCount, prior.UnchangedCount
		plan.DiffSHA256 = prior.DiffSHA256
	} else {
		plan.setCounts(diff.counts(plan.deleting()))
		plan.markApplyUnknown()
		if diff.empty() {
			resp.Diagnostics.Append(s.save(ctx, &plan, nil)...) // nothing to send: the ids are known now
		}
		resp.Diagnostics.AddWarning(diff.line(obj.Type, plan.deleting()), planDetail(diff, prior, plan)+reconciledDetail(rec.Recorded))
		plan.DiffSHA256 = types.StringValue(diff.digest(f, plan.deleting()))
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...) // plan.IDs is null when kept
	if keepIDs && !resp.Diagnostics.HasError() {
		var err error
		if resp.Plan.Raw, err = withRawAttr(resp.Plan.Raw, idsAttr, priorIDs); err != nil {
			resp.Diagnostics.AddError("Cannot plan the dataset's ids", err.Error())
		}
	}
}

// The plan's row diff, in two parts so that the jobs an interrupted
// apply left are reconciled in between (bulk_dataset_reconcile.go): the
// part that grows with the file. Apply runs them again, so nothing
// unchecked is sent.

// readDatasetFile reads the dataset's rows.
func readDatasetFile(plan bulkDatasetModel, obj datasetObject) (*datasetFile, diag.Diagnostics) {
	var diags diag.Diagnostics
	f, err := plan.readRows(obj)
	if err != nil {
		diags.AddAttributeError(plan.sourceAttr(), "Cannot use the dataset's file", err.Error())
	}
	return f, diags
}

// checkedDiff diffs f against s and checks the rows the diff would send.
func checkedDiff(plan bulkDatasetModel, obj datasetObject, f *datasetFile, s *datasetState) (datasetDiff, diag.Diagnostics) {
	var diags diag.Diagnostics
	diff := diffDataset(f, s)
	if err := f.load(diff.Import, diff.Update); err != nil {
		diags.AddAttributeError(plan.sourceAttr(), "Cannot use the dataset's file", err.Error())
		return diff, diags
	}
	if len(diff.Fixed) > 0 {
		diags.AddAttributeError(plan.sourceAttr(), "Rows cannot be updated", obj.fixedDetail(f, diff, plan))
	} else if ps := obj.problems(f, diff, s); len(ps) > 0 {
		diags.AddAttributeError(plan.sourceAttr(), "Rows that would be sent do not pass the checks",
			"Each row to import is checked against the Import field metadata, each row to update (as the Update job's row: "+
				"the record's Id and the fields Update takes) against the Update field metadata:\n"+rowcheck.Format(plan.sourceName(), ps))
	}
	if held := heldImports(f, diff, s, plan.sourceName(), plan.KeyField.ValueString()); held != "" {
		diags.AddAttributeError(plan.sourceAttr(), "Rows held back", held)
	}
	return diff, diags
}

// reconciledDetail names the jobs of an interrupted apply that the plan
// recorded (bulk_dataset_reconcile.go).
func reconciledDetail(jobs []string) string {
	if len(jobs) == 0 {
		return ""
	}
	return fmt.Sprintf(" Jobs %s carry this dataset's job names and are not in its state (an interrupted apply's, or another state's dataset "+
		"of the same object and key_field): what they loaded of this dataset's keys is recorded and not sent again.", strings.Join(jobs, ", "))
}

// warnDestroy says what a destroy with delete_records deletes.
func warnDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var prior bulkDatasetModel
	if req.State.Raw.IsNull() || req.State.Get(ctx, &prior).HasError() || prior.OnDestroy.ValueString() != onDestroyDeleteRecords {
		return
	}
	resp.Diagnostics.AddWarning(fmt.Sprintf("Destroying the %s dataset deletes its %d records", prior.ObjectType.ValueString(), len(prior.IDs.Elements())),
		"on_destroy is \"delete_records\": destroy runs one Delete job of every record the dataset holds. "+
			"To keep the records, set on_destroy = \"forget\" and apply before destroying.")
}

func planDetail(d datasetDiff, prior *bulkDatasetModel, plan bulkDatasetModel) string {
	detail := "terraform apply sends only these rows, in at most one Delete, one Update and one Import bulk job (in that order)."
	if prior != nil && replaced(*prior, plan) {
		detail = fmt.Sprintf("object_type or key_field changed, so this is a new dataset: every row of the file is imported as a new record. "+
			"The old dataset's records are %s.", map[bool]string{true: "deleted first (its on_destroy is delete_records)",
			false: "kept in Zuora and forgotten (its on_destroy is forget); rows with the same unique fields will fail to import"}[prior.OnDestroy.ValueString() == onDestroyDeleteRecords])
	}
	if n := len(d.Removed); n > 0 && !plan.deleting() {
		detail += fmt.Sprintf(" The %d records whose rows left the file stay in Zuora (on_remove = \"forget\").", n)
	}
	return detail
}

// priorDataset is what the dataset loaded: empty for a new (or replaced)
// dataset, rebuilt from its jobs' success files after terraform import.
func (r *bulkDatasetResource) priorDataset(ctx context.Context, prior *bulkDatasetModel, ids tftypes.Value, plan bulkDatasetModel, obj datasetObject, p privateState) (*datasetState, diag.Diagnostics) {
	switch {
	case prior == nil:
		return newDatasetState(), nil
	case prior.KeyField.IsNull():
		return r.datasetFromJobs(ctx, prior.importedJobs(ctx), plan, obj)
	case replaced(*prior, plan):
		return newDatasetState(), nil
	}
	var rows []keyedRow
	var err error
	if raw, cut := priorIDsFrom(ctx); cut { // the server took them out (bulk_dataset_ids_server.go)
		rows, err = idsRows(raw)
	} else {
		rows, err = rawRows(ids)
	}
	if err != nil {
		var diags diag.Diagnostics
		diags.AddAttributeError(path.Root(idsAttr), "Cannot read the dataset's state", err.Error())
		return nil, diags
	}
	return loadDatasetState(ctx, prior.JobIDs, rows, p)
}

// replaced: object_type or key_field changed, so plan is for a new
// dataset (an imported one has neither yet).
func replaced(prior, plan bulkDatasetModel) bool {
	return !prior.KeyField.IsNull() && (prior.KeyField != plan.KeyField || prior.ObjectType != plan.ObjectType)
}

func datasetID(m bulkDatasetModel) string {
	return m.ObjectType.ValueString() + "/" + m.KeyField.ValueString()
}

func (m bulkDatasetModel) knownInputs() bool {
	return !m.ObjectType.IsUnknown() && !m.KeyField.IsUnknown() && !m.Source.IsUnknown() && !m.Content.IsUnknown() &&
		!m.FileType.IsUnknown() && !m.Delimiter.IsUnknown() && !m.Mappings.IsUnknown() && !hasUnknownMapping(m.Mappings)
}

func (m bulkDatasetModel) deleting() bool { return m.OnRemove.ValueString() == onRemoveDelete }

// markApplyUnknown: what the apply decides.
func (m *bulkDatasetModel) markApplyUnknown() {
	m.IDs, m.JobIDs = types.MapUnknown(types.StringType), types.ListUnknown(types.StringType)
	if !m.knownInputs() {
		for _, c := range []*types.Int64{&m.ImportCount, &m.UpdateCount, &m.DeleteCount, &m.ForgetCount, &m.UnchangedCount} {
			*c = types.Int64Unknown()
		}
		m.DiffSHA256 = types.StringUnknown()
	}
}

func (m *bulkDatasetModel) setCounts(c [5]int64) {
	for i, p := range []*types.Int64{&m.ImportCount, &m.UpdateCount, &m.DeleteCount, &m.ForgetCount, &m.UnchangedCount} {
		*p = types.Int64Value(c[i])
	}
}
