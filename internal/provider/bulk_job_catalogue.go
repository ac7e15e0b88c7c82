package provider

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
