package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// plannedRows expects a new job with row_count 3 in the plan.
var plannedRows = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
	plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionCreate),
	plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("row_count"), knownvalue.Int64Exact(3)),
}}

// A new job's row_count is known at plan (the rows the check counted), and
// apply keeps it, whether it waits for the job or not.
func TestAccBulkJob_rowCountKnownAtPlan(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("counted", 3)+"\n")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            jobConfig(url, source, ""),
				ConfigPlanChecks:  plannedRows,
				ConfigStateChecks: []statecheck.StateCheck{expectState("row_count", knownvalue.Int64Exact(3))},
				Check:             expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
		},
	})
}

// Not waiting: Zuora has not counted yet, and the planned count stays.
func TestAccBulkJob_rowCountKnownAtPlanWithoutWaiting(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("counted", 3))
	emu.SetPaused(true)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:           jobConfig(url, source, "  wait_for_completion = false\n"),
				ConfigPlanChecks: plannedRows,
				ConfigStateChecks: []statecheck.StateCheck{
					expectState("row_count", knownvalue.Int64Exact(3)),
					expectState("status", knownvalue.StringExact(client.StatusSubmitted)),
				},
				Check: expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
			},
		},
	})
}

func TestWarnRowsAtApply_namesTheUnknownArguments(t *testing.T) {
	t.Parallel()
	m := bulkJobResourceModel{Source: types.StringNull(), Content: types.StringUnknown(), ContentWO: types.StringNull(),
		Headers: types.ListNull(types.StringType)}
	m.ObjectType, m.JobType, m.FileType = types.StringValue("Account"), types.StringValue("Import"), types.StringUnknown()
	var diags diag.Diagnostics
	warnRowsAtApply(m, &diags)
	if len(diags) != 1 || diags[0].Summary() != "Account Import: rows checked only at apply" ||
		!strings.HasPrefix(diags[0].Detail(), "content and file_type are known only at apply") {
		t.Fatalf("got %v", diags)
	}
}

func TestWarnResume(t *testing.T) {
	t.Parallel()
	for status, want := range map[string]string{
		client.StatusInProgress: "is still In Progress: apply resumes waiting",
		client.StatusCreated:    "submits it only if Zuora did not take it",
	} {
		var m bulkJobResourceModel
		m.ID, m.Status = types.StringValue("job-1"), types.StringValue(status)
		var diags diag.Diagnostics
		warnResume(m, &diags)
		if len(diags) != 1 || diags[0].Summary() != "Resuming bulk job job-1" || !strings.Contains(diags[0].Detail(), want) {
			t.Errorf("%s: got %v", status, diags)
		}
	}
}

func TestCheckedLine(t *testing.T) {
	t.Parallel()
	in := sourceCheck{Attr: path.Root("source"), SourcePath: "./accounts.jsonl", JobType: "Import", Validation: "strict",
		Object: client.Object{Name: "accounts-and-contacts", Type: "Account"}}
	for _, tc := range []struct {
		validation, name string
		rows, problems   int
		want             string
	}{
		{"strict", "accounts-and-contacts", 3, 0, "Account Import: 3 rows checked, 0 problems (./accounts.jsonl)"},
		{"warn", "accounts-and-contacts", 1, 1, "Account Import: 1 row checked, 1 problem (./accounts.jsonl)"},
		{"off", "accounts-and-contacts", 1200, 0, `Account Import: 1,200 rows checked, 0 problems, field metadata not checked (validation = "off") (./accounts.jsonl)`},
		{"strict", "", 2, 0, "Account Import: 2 rows checked, 0 problems, no field metadata to check against (./accounts.jsonl)"},
	} {
		in.Validation, in.Object.Name = tc.validation, tc.name
		d := in.checkedLine(sourceFacts{Rows: tc.rows}, tc.problems)
		if d.Severity() != diag.SeverityWarning || d.Summary() != tc.want {
			t.Errorf("got %s %q, want a warning %q", d.Severity(), d.Summary(), tc.want)
		}
	}
}
