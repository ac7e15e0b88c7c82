package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// Zuora names each loadable object twice, objectType ("Account", what
// create-job takes) and objectName ("accounts-and-contacts"), and a job
// summary may echo either. These helpers treat the two as one.

// sameObject reports whether a and b name one catalogue object. When the
// catalogue cannot be read they must match exactly (any case), so a
// transient failure never hides a real change.
func (pd *providerData) sameObject(ctx context.Context, a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	oa, okA := pd.lookupObject(ctx, a)
	ob, okB := pd.lookupObject(ctx, b)
	return okA && okB && oa.Name == ob.Name
}

// objectTypeFor is the create-job spelling of an object Zuora echoed in
// either spelling; the echo itself when the catalogue does not know it.
func (pd *providerData) objectTypeFor(ctx context.Context, echoed string) string {
	if o, ok := pd.lookupObject(ctx, echoed); ok {
		return o.Type
	}
	return echoed
}

// lookupObject finds an object in the client's cached catalogue; false
// when it is unknown or the catalogue cannot be read.
func (pd *providerData) lookupObject(ctx context.Context, name string) (client.Object, bool) {
	if pd == nil || pd.client == nil {
		return client.Object{}, false
	}
	objects, err := pd.client.ListObjects(ctx)
	if err != nil {
		return client.Object{}, false
	}
	return findObject(objects, name)
}

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
