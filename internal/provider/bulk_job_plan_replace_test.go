package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The warning counts the rows as people write them: "1 row", "1,234 rows".
func TestWarnReplacingLoadedRows_countsInWords(t *testing.T) {
	for n, want := range map[int64]string{
		1:    "Bulk job job-1 loaded 1 row, which stay in Zuora; the replacement runs a new job that loads the configured file.",
		1234: "Bulk job job-1 loaded 1,234 rows, which stay in Zuora; the replacement runs a new job that loads the configured file.",
	} {
		var state bulkJobResourceModel
		state.ID, state.RowsSucceeded = types.StringValue("job-1"), types.Int64Value(n)
		var diags diag.Diagnostics
		warnReplacingLoadedRows(state, path.Paths{path.Root("source")}, &diags)
		if len(diags) != 1 || diags[0].Detail() != want {
			t.Errorf("%d rows: %v; want one warning %q", n, diags, want)
		}
	}
}
