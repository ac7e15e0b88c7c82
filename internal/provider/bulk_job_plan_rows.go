package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// What the plan says it will load (issue 16): the rows it counted, one
// line per checked file, a resumed wait, and rows it could not check.

// checkedLine is the plan's one line about a checked file, such as
// "Account Import: 3 rows checked, 0 problems (./accounts.jsonl)". It is a
// warning because that is the only diagnostic a provider can add; its
// summary is the line itself, so Terraform never folds the lines of
// several jobs into one.
func (in sourceCheck) checkedLine(f sourceFacts, problems int) diag.Diagnostic {
	checked := fmt.Sprintf("%s checked, %s", rowsNoun(int64(f.Rows)), problemsNoun(problems))
	switch {
	case in.Validation == "off":
		checked += ", field metadata not checked (validation = \"off\")"
	case in.Object.Name == "": // an object outside the catalogue
		checked += ", no field metadata to check against"
	}
	return diag.NewAttributeWarningDiagnostic(in.Attr,
		fmt.Sprintf("%s %s: %s (%s)", in.Object.Type, in.JobType, checked, in.displayName()),
		"What the plan checked. Apply uploads exactly these bytes (it verifies their SHA-256), unless the duplicate guard "+
			"finds them loaded already; row_count in the plan is this count.")
}

func problemsNoun(n int) string {
	if n == 1 {
		return "1 problem"
	}
	return groupThousands(n) + " problems"
}

// keepPlannedRowCount runs as Create returns. Terraform refuses a result
// whose row_count differs from a known planned one, and Create's count can
// differ: an adopted, unconfirmed or still-running job reports Zuora's
// count so far, and Zuora might count a file's rows differently. The
// planned count is kept; a different final count from Zuora is a warning,
// and the next refresh records Zuora's count.
func keepPlannedRowCount(ctx context.Context, planned tfsdk.Plan, resp *resource.CreateResponse) {
	var want, got types.Int64
	var status types.String
	if planned.GetAttribute(ctx, path.Root("row_count"), &want).HasError() || want.IsUnknown() || want.IsNull() ||
		resp.State.Raw.IsNull() ||
		resp.State.GetAttribute(ctx, path.Root("row_count"), &got).HasError() ||
		resp.State.GetAttribute(ctx, path.Root("status"), &status).HasError() || got.Equal(want) {
		return
	}
	if client.IsTerminal(status.ValueString()) && got.ValueInt64() > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("row_count"), "Zuora counted the rows differently",
			fmt.Sprintf("The plan counted %s in the file; Zuora counted %s. row_count keeps the planned count for this apply "+
				"(Terraform requires it) and records Zuora's count at the next refresh.",
				rowsNoun(want.ValueInt64()), rowsNoun(got.ValueInt64())))
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("row_count"), want)...)
}

// warnResume says that an update in place takes up an unfinished job.
func warnResume(state bulkJobResourceModel, diags *diag.Diagnostics) {
	id, status := state.ID.ValueString(), state.Status.ValueString()
	what := fmt.Sprintf("Bulk job %s is still %s: apply resumes waiting for it (within timeouts.update) and reports its outcome.", id, status)
	if status == client.StatusCreated {
		what = fmt.Sprintf("Bulk job %s was created but Zuora did not confirm its submission: apply asks Zuora and submits it "+
			"only if Zuora did not take it, then waits for it.", id)
	}
	diags.AddWarning("Resuming bulk job "+id,
		what+" This is the update in place the plan shows: no new job, and nothing is loaded twice.")
}

// warnRowsAtApply: when the rows or how to read them are known only at
// apply, the plan cannot check them; it says which argument and when the
// check happens.
func warnRowsAtApply(plan bulkJobResourceModel, diags *diag.Diagnostics) {
	var unknown []string
	for _, a := range []struct {
		name string
		v    attr.Value
	}{
		{"source", plan.Source}, {"content", plan.Content}, {"content_wo", plan.ContentWO}, {"file_type", plan.FileType},
		{"delimiter", plan.Delimiter}, {"has_headers", plan.HasHeaders}, {"headers", plan.Headers},
		{"validation", plan.Validation}, {"pci_check", plan.PCICheck}, {"max_file_bytes", plan.MaxFileBytes},
	} {
		if a.v.IsUnknown() || a.name == "headers" && hasUnknownElement(plan.Headers) {
			unknown = append(unknown, a.name)
		}
	}
	if len(unknown) == 0 {
		return
	}
	diags.AddAttributeWarning(sourceAttr(plan), fmt.Sprintf("%s %s: rows checked only at apply", plan.ObjectType.ValueString(), plan.JobType.ValueString()),
		fmt.Sprintf("%s known only at apply, so the plan cannot check this job's rows nor count them. Apply checks every row "+
			"(the same checks as a plan) after the resources they depend on are created, and before anything is sent to Zuora; "+
			"a problem then fails the apply with nothing loaded by this job.", isKnownOnlyAtApply(unknown)))
}

func isKnownOnlyAtApply(names []string) string {
	if len(names) == 1 {
		return names[0] + " is"
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " are"
}
