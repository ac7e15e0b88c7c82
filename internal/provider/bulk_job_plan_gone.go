package provider

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// keepGoneFile: a file that was loaded and then deleted (or moved away)
// must not block plan, plan -destroy and destroy (issue 16). When the
// configured source no longer exists, is the one this job loaded, and
// nothing else about the load changed, the plan keeps the state's hash
// and size, so no new job is planned, and says what that means. A new
// job, or one whose other arguments changed, still needs the file: then
// this returns false and the check reports the missing file as an error.
func (r *bulkJobResource) keepGoneFile(ctx context.Context, plan, state *bulkJobResourceModel, diags *diag.Diagnostics) bool {
	if state == nil || plan.Source.IsNull() || !plan.Source.Equal(state.Source) ||
		state.SourceSHA256.IsNull() || state.SourceSizeBytes.IsNull() {
		return false
	}
	if _, err := os.Stat(plan.Source.ValueString()); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	kept := *plan
	kept.SourceSHA256, kept.SourceSizeBytes = state.SourceSHA256, state.SourceSizeBytes
	var ignored diag.Diagnostics
	if len(r.replacementPaths(ctx, *state, kept, &ignored)) > 0 {
		return false
	}
	plan.SourceSHA256, plan.SourceSizeBytes = state.SourceSHA256, state.SourceSizeBytes
	diags.AddAttributeWarning(sourceAttr(*plan), "Source file is gone; nothing will be loaded",
		fmt.Sprintf("%s no longer exists. Bulk job %s loaded it: its %s stay loaded; nothing will be loaded. "+
			"The plan keeps the loaded file's SHA-256, so plan, plan -destroy and destroy work without it.\n\n"+
			"To load new data, point source at a file that exists (apply then runs a new job). To stop managing this job "+
			"and keep its rows, remove the resource with a removed block; destroy keeps or deletes the rows as on_destroy says.",
			plan.Source.ValueString(), state.ID.ValueString(), rowsNoun(state.RowsSucceeded.ValueInt64())))
	return true
}

// rowsNoun is "1 row" or "1,234 rows".
func rowsNoun(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return groupThousands64(n) + " rows"
}
