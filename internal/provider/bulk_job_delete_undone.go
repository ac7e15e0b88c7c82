package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// tornDown reports, on refresh, whether a teardown job (named after this
// import by loadguard.TeardownName, in this state or any other) deleted
// the records this resource claims. When it deleted all of them the
// resource leaves state, so the plan loads the file again instead of
// saying "no changes" over ids of deleted records; when it deleted some,
// the resource stays and a warning gives the counts. The tenant's job
// list is the duplicate guard's (one listing per run): with the guard off
// (duplicate_check_days = 0) the provider lists no jobs and a refresh
// cannot see teardowns.
func (r *bulkJobResource) tornDown(ctx context.Context, m bulkJobResourceModel, diags *diag.Diagnostics) (gone bool) {
	if m.JobType.ValueString() != "Import" || m.Status.ValueString() != client.StatusCompleted || m.RowsSucceeded.ValueInt64() == 0 {
		return false
	}
	id := m.ID.ValueString()
	t, err := r.pd.loads.Teardown(ctx, id)
	if err != nil {
		// A refresh does not fail for this: the next one looks again.
		tflog.Warn(ctx, "cannot look for a teardown of the bulk job", map[string]any{"job_id": id, "error": err.Error()})
		return false
	}
	if t == nil || t.RowsSucceeded == 0 {
		return false
	}
	if t.RowsFailed == 0 {
		diags.AddWarning("The records this job loaded were deleted",
			fmt.Sprintf("Delete job %s (%q) deleted the %s records bulk job %s loaded (the last %d of them; on_destroy = \"delete_records\" "+
				"of a resource that held the job, perhaps in another state or at an address renamed without a moved block). The resource "+
				"leaves state and the plan loads the file again.", t.ID, t.Name, m.ObjectType.ValueString(), id, t.RowsSucceeded))
		return true
	}
	diags.AddWarning("Some records this job loaded were deleted",
		fmt.Sprintf("Delete job %s (%q) deleted %d of the %d %s records bulk job %s loaded; %d could not be deleted and stay. "+
			"This resource still records the job, but ids of deleted records no longer resolve in Zuora. To load the file again, "+
			"run terraform apply -replace with this resource's address and if_already_loaded = \"load_again\" (the rows that stayed load twice).",
			t.ID, t.Name, t.RowsSucceeded, m.RowsSucceeded.ValueInt64(), m.ObjectType.ValueString(), id, t.RowsFailed))
	return false
}
