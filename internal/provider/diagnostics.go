package provider

// Diagnostics shared by the resource and the data sources: how one is
// built, demoted or annotated. Each names the attribute and says the fix.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// skippedFieldsWarning is one warning for every field whose metadata had a
// shape fieldmeta could not read: rows are not checked against those
// fields, and the user should know the check is partial.
func skippedFieldsWarning(attr path.Path, objectName, jobType string, schema *fieldmeta.Node) diag.Diagnostics {
	var skipped []string
	for _, n := range schema.Notes {
		if n.Skipped {
			skipped = append(skipped, n.String())
		}
	}
	if len(skipped) == 0 {
		return nil
	}
	return diag.Diagnostics{diag.NewAttributeWarningDiagnostic(attr, "Some field metadata could not be read",
		fmt.Sprintf("Zuora's %s field metadata of %s describes fields in a shape this provider does not understand; "+
			"rows are checked without them, and Zuora still checks them when it loads the file:\n\n%s",
			jobType, objectName, strings.Join(skipped, "\n")))}
}

// demoteErrors turns error diagnostics into warnings with a note.
func demoteErrors(in diag.Diagnostics, note string) diag.Diagnostics {
	return annotateErrors(in, note, diag.SeverityWarning)
}

// withNote adds note to the detail of every error; Terraform shows errors
// apart from warnings, so the way forward must travel with them.
func withNote(in diag.Diagnostics, note string) diag.Diagnostics {
	return annotateErrors(in, note, diag.SeverityError)
}

func annotateErrors(in diag.Diagnostics, note string, severity diag.Severity) diag.Diagnostics {
	out := make(diag.Diagnostics, 0, len(in))
	for _, d := range in {
		if d.Severity() != diag.SeverityError {
			out = append(out, d)
			continue
		}
		detail := d.Detail() + "\n\n" + note
		wp, hasPath := d.(diag.DiagnosticWithPath)
		switch {
		case hasPath && severity == diag.SeverityError:
			out = append(out, diag.NewAttributeErrorDiagnostic(wp.Path(), d.Summary(), detail))
		case hasPath:
			out = append(out, diag.NewAttributeWarningDiagnostic(wp.Path(), d.Summary(), detail))
		case severity == diag.SeverityError:
			out = append(out, diag.NewErrorDiagnostic(d.Summary(), detail))
		default:
			out = append(out, diag.NewWarningDiagnostic(d.Summary(), detail))
		}
	}
	return out
}

func notConfigured() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Zuora provider not configured",
		"The provider configuration has values that are not known until apply (for example a secret created "+
			"by another resource), so the provider cannot call Zuora yet. Create those values first, e.g. with "+
			"`terraform apply -target=...`, or use values known at plan time.")
}

func severityDiagnostic(warn bool, attr path.Path, summary, detail string) diag.Diagnostic {
	if warn {
		return diag.NewAttributeWarningDiagnostic(attr, summary, detail)
	}
	return diag.NewAttributeErrorDiagnostic(attr, summary, detail)
}
