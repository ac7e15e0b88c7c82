package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// Create runs create → upload → submit → wait. Before the submission is
// accepted any failure cancels the job; after it, the job's id is always
// saved, so no later apply submits the file again.
func (r *bulkJobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bulkJobResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(readWriteOnly(ctx, req.Config, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	defer keepPlannedRowCount(ctx, req.Plan, resp)
	if !r.ready() {
		resp.Diagnostics.Append(notConfigured())
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultWaitTimeout)
	resp.Diagnostics.Append(d...)
	// The create timeout bounds everything Create does, the guard's
	// listings and waits included, not only the wait for the job.
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	obj := r.objectForCreate(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	src, err := newUploadSource(plan)
	if err != nil {
		resp.Diagnostics.AddAttributeError(sourceAttr(plan), "Cannot read the file to load", err.Error())
		return
	}
	if src.size != plan.SourceSizeBytes.ValueInt64() {
		resp.Diagnostics.AddAttributeError(sourceAttr(plan), "File changed since plan",
			fmt.Sprintf("The plan was made for %d bytes; the file now has %d. Run plan again.", plan.SourceSizeBytes.ValueInt64(), src.size))
		return
	}

	if r.pd.loads.Enabled() {
		defer r.pd.loads.Lock(r.loadIdentity(plan, obj))()
	}
	settled, leftBehind := r.guardCreate(ctx, timeout, &plan, obj, &resp.Diagnostics)
	if settled {
		if !plan.ID.IsUnknown() && !plan.ID.IsNull() {
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		}
		return
	}

	createReq := r.pd.createJobRequest(ctx, plan, obj, loadguard.NewAttempt())
	job, err := r.pd.client.CreateJob(ctx, createReq)
	if err != nil {
		r.pd.cancelLostCreate(ctx, createReq.Name, &resp.Diagnostics)
		resp.Diagnostics.AddError("Cannot create bulk job", err.Error())
		return
	}
	createdLocally := time.Now()
	plan.ID = types.StringValue(job.ID)
	tflog.Info(ctx, "bulk job created", map[string]any{"job_id": job.ID})
	own := ownJob(plan, createReq.Name, obj, client.StatusCreated)
	r.pd.loads.Created(own, plan.SourceSHA256.ValueString())
	resp.Diagnostics.Append(r.recordWriteOnly(ctx, resp.Private, plan)...)
	if !r.cancelOrphans(ctx, job.ID, r.loadIdentity(plan, obj), leftBehind, &resp.Diagnostics) {
		r.pd.cancelUnsubmitted(ctx, job.ID, &resp.Diagnostics)
		return
	}

	if err := r.upload(ctx, job, src, plan); err != nil {
		r.pd.cancelUnsubmitted(ctx, job.ID, &resp.Diagnostics)
		resp.Diagnostics.AddAttributeError(sourceAttr(plan), "Cannot upload the file", err.Error())
		return
	}
	if r.claimLost(ctx, timeout, &plan, obj, own, createdLocally, &resp.Diagnostics) {
		if plan.ID.ValueString() != job.ID {
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		}
		return
	}

	release, err := r.pd.acquireJobSlot(ctx)
	if err != nil {
		r.pd.cancelUnsubmitted(ctx, job.ID, &resp.Diagnostics)
		resp.Diagnostics.AddError("Interrupted before the job was submitted",
			fmt.Sprintf("Bulk job %s was cancelled: %v", job.ID, err))
		return
	}
	defer release()

	var reclaim func(context.Context) (*client.Summary, error)
	if r.guarded(plan) {
		reclaim = r.pd.claimAgain(r.loadIdentity(plan, obj), own, createdLocally)
	}
	outcome, winner := r.submit(ctx, job.ID, "It has been cancelled; nothing was loaded.", reclaim, &resp.Diagnostics)
	if winner != nil {
		r.yieldTo(ctx, timeout, &plan, own, *winner, &resp.Diagnostics)
		if plan.ID.ValueString() != job.ID {
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		}
		return
	}
	switch outcome {
	case client.SubmitRefused:
		r.pd.cancelUnsubmitted(ctx, job.ID, &resp.Diagnostics)
		return
	case client.SubmitUnconfirmed:
		plan.bulkJobProgress = unconfirmedProgress()
		plan.setDownloads(nil)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}

	r.pd.loads.Created(ownJob(plan, createReq.Name, obj, client.StatusSubmitted), plan.SourceSHA256.ValueString())

	if plan.WaitForCompletion.ValueBool() {
		r.waitAndSettle(ctx, timeout, &plan, &resp.Diagnostics)
	} else {
		r.recordCurrent(ctx, &plan, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() && plan.RowsSucceeded.ValueInt64() > 0 {
		warnTainted(plan, r.guarded(plan), &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// objectForCreate resolves object_type to the catalogue's spelling, which
// is what create-job takes. It also fills the file's facts when plan could
// not (values unknown then): the rows are checked before anything is sent.
func (r *bulkJobResource) objectForCreate(ctx context.Context, plan *bulkJobResourceModel, diags *diag.Diagnostics) client.Object {
	if plan.FileType.IsUnknown() {
		config := *plan
		config.FileType = types.StringNull()
		plan.FileType = plannedFileType(config, *plan)
	}
	obj, d := r.pd.resolveJobObject(ctx, *plan)
	diags.Append(d...)
	if d.HasError() {
		return obj
	}
	if obj.Type == "" {
		obj.Type = plan.ObjectType.ValueString()
	}
	if plan.SourceSHA256.IsUnknown() || plan.SourceSizeBytes.IsUnknown() {
		var facts sourceFacts
		in, d := newSourceCheck(ctx, *plan, obj)
		if !d.HasError() {
			var checked diag.Diagnostics
			facts, checked = r.pd.checkSource(ctx, in)
			d.Append(checked...)
		}
		diags.Append(d...)
		if !d.HasError() {
			plan.SourceSHA256, plan.SourceSizeBytes = types.StringValue(facts.SHA256), types.Int64Value(facts.Size)
			r.pd.loads.NoteRows(facts.SHA256, int64(facts.Rows))
		}
	}
	return obj
}

// createJobRequest is the create-job request of one attempt. The name
// carries the load's marker, which makes its claim visible in the job
// list where other runs look for it (loadguard/claim.go).
func (pd *providerData) createJobRequest(ctx context.Context, m bulkJobResourceModel, obj client.Object, attempt string) client.CreateJobRequest {
	req := client.CreateJobRequest{
		Name:                  loadguard.MarkedName(m.Name.ValueString(), m.SourceSHA256.ValueString(), attempt, !m.ContentWO.IsNull()),
		Description:           m.Description.ValueString(),
		ObjectType:            obj.Type,
		JobType:               m.JobType.ValueString(),
		FileType:              m.FileType.ValueString(),
		Delimiter:             m.Delimiter.ValueString(),
		CustomObjectNamespace: m.CustomObjectNamespace.ValueString(),
		RowIDHeader:           m.RowIDColumn.ValueString(),
	}
	if mappings := mappingsOf(ctx, m.Mappings); len(mappings) > 0 {
		// The metadata (cached since plan) says which targets are arrays;
		// without it the mappings go untyped and Zuora reads each target
		// as its field.
		var fields *fieldmeta.Node
		if obj.Name != "" {
			var err error
			if fields, err = pd.client.ObjectFieldsFor(ctx, obj.Name, req.JobType, m.metadataFileType()); err != nil {
				tflog.Debug(ctx, "mappings sent without array types: no field metadata", map[string]any{"error": err.Error()})
			}
		}
		req.Mappings = columnMappings(mappings, fields)
	}
	if req.FileType == "csv" {
		hasHeaders := m.csvHasHeaders()
		req.HasHeaders = &hasHeaders
	}
	if !m.IsCustomObject.IsNull() {
		req.IsCustomObject = m.IsCustomObject.ValueBoolPointer()
	}
	_ = m.Headers.ElementsAs(ctx, &req.Headers, false) // a list of strings; cannot fail
	return req
}

// upload sends the file and checks that the bytes sent are the bytes the
// plan hashed: a file edited between plan and apply is never loaded.
func (r *bulkJobResource) upload(ctx context.Context, job *client.CreatedJob, src *uploadSource, plan bulkJobResourceModel) error {
	if err := r.pd.client.Upload(ctx, job.Upload, src.filename, src.size, src.open); err != nil {
		return err
	}
	sha, n := src.sent()
	if sha != plan.SourceSHA256.ValueString() || n != plan.SourceSizeBytes.ValueInt64() {
		return fmt.Errorf("the file changed between plan and apply (planned SHA-256 %s, %d bytes; read %s, %d bytes); run plan again",
			plan.SourceSHA256.ValueString(), plan.SourceSizeBytes.ValueInt64(), sha, n)
	}
	tflog.Info(ctx, "bulk job file uploaded", map[string]any{"job_id": job.ID, "bytes": n, "sha256": sha})
	return nil
}

// unconfirmedProgress is recorded when Zuora could not say whether it took
// the submission: the next apply asks again and submits only if it did not.
func unconfirmedProgress() bulkJobProgress {
	return bulkJobProgress{
		Status:        types.StringValue(client.StatusCreated),
		RowCount:      types.Int64Value(0),
		RowsSucceeded: types.Int64Value(0),
		RowsFailed:    types.Int64Value(0),
		FailureReason: types.StringNull(),
		CreatedAt:     types.StringNull(),
		SubmittedAt:   types.StringNull(),
		LastUpdatedAt: types.StringNull(),
	}
}

// ownJob is what the duplicate guard records of a job this run made.
func ownJob(m bulkJobResourceModel, name string, obj client.Object, status string) client.Summary {
	return client.Summary{ID: m.ID.ValueString(), Name: name, Status: status,
		ObjectType: obj.Type, JobType: m.JobType.ValueString(), CreatedAt: time.Now()}
}

// warnTainted: Terraform taints a resource whose create failed and
// replaces it on the next apply. Say what that apply will do.
func warnTainted(m bulkJobResourceModel, guarded bool, diags *diag.Diagnostics) {
	next := "the next apply runs a new job with the file. To keep this job instead, run terraform untaint on this resource."
	switch {
	case guarded && m.Status.ValueString() == client.StatusCompleted:
		next = "the next apply finds this job, adopts it and reports the same outcome without loading anything again. " +
			"To move on, fix the failed rows and load only them in a new resource, or accept the result by raising max_failed_rows."
	case guarded:
		next = "the next apply finds this job and refuses to load the file again. To move on, load only the rows that did not " +
			"load in a new resource, or set if_already_loaded = \"load_again\"."
	}
	diags.AddWarning("Terraform marks the resource tainted",
		fmt.Sprintf("Bulk job %s loaded %d rows before it was judged a failure: %s",
			m.ID.ValueString(), m.RowsSucceeded.ValueInt64(), next))
}
