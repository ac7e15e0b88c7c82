package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// maxSuggestions keeps "did you mean" short enough to read at a glance.
const maxSuggestions = 3

const objectsHint = "The zuora_bulk_objects data source lists every object this tenant can load and the job types each supports."

// objectWords words resolveObject's errors for one kind of configuration:
// a job names an object by object_type and a job type, the field metadata
// data source by object_name and an action.
type objectWords struct {
	unknown, unsupported string                       // the diagnostics' summaries
	object               func(client.Object) string   // the object in an unsupported error
	supports             string                       // what the object's list of job types follows
	hint                 func([]client.Object) string // after an unknown object's suggestion
	unsupportedHint      string
}

var jobObjectWords = objectWords{
	unknown: "Unknown object type", unsupported: "Job type not supported by this object",
	object:          func(o client.Object) string { return fmt.Sprintf("%s (%s)", o.Type, o.Name) },
	supports:        "supports the job types ",
	hint:            func([]client.Object) string { return "\n\n" + objectsHint + "\n\n" + outsideCatalogueHint },
	unsupportedHint: "\n\n" + objectsHint,
}

// resolveObject finds the catalogue object that object_type names
// (objectType or objectName, case-insensitive) and checks that it supports
// jobType, in the JSON-lines catalogue. Errors name the closest valid
// choices and are attached to attr; a job type error goes on the sibling
// job_type attribute.
func (pd *providerData) resolveObject(ctx context.Context, attr path.Path, objectType, jobType string) (client.Object, diag.Diagnostics) {
	return pd.resolveObjectFor(ctx, attr, objectType, jobType, client.FileTypeJSONL)
}

// resolveObjectFor is resolveObject in the catalogue of a file type: CSV
// jobs are checked against Zuora's CSV objects list (the client falls back
// to the JSON-lines list where a tenant has none).
func (pd *providerData) resolveObjectFor(ctx context.Context, attr path.Path, objectType, jobType, fileType string) (client.Object, diag.Diagnostics) {
	return pd.resolveObjectWorded(ctx, jobObjectWords, attr, attr.ParentPath().AtName("job_type"), objectType, jobType, fileType)
}

// resolveObjectWorded is resolveObjectFor for any attribute pair, worded
// by words: the one lookup of a configured object in the catalogue, whose
// did-you-mean suggestions come from the file type's own list.
func (pd *providerData) resolveObjectWorded(ctx context.Context, words objectWords, attr, jobTypeAttr path.Path, name, jobType, fileType string) (client.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	objects, err := pd.client.ListObjectsFor(ctx, fileType)
	if err != nil {
		diags.AddAttributeError(attr, "Could not list Zuora objects",
			fmt.Sprintf("Checking %s %q needs Zuora's list of loadable objects: %s", attr, name, err))
		return client.Object{}, diags
	}

	obj, ok := client.FindObject(objects, name)
	if !ok {
		diags.AddAttributeError(attr, words.unknown,
			fmt.Sprintf("Zuora's Data Loader has no object %q.%s%s", name, didYouMean(name, objectNames(objects)), words.hint(objects)))
		return client.Object{}, diags
	}

	if !supportsAction(obj, jobType) {
		actions := displayActions(obj.Actions)
		diags.AddAttributeError(jobTypeAttr, words.unsupported,
			fmt.Sprintf("%s %s%s, not %q.%s%s",
				words.object(obj), words.supports, strings.Join(actions, ", "), jobType, didYouMean(jobType, actions), words.unsupportedHint))
		return client.Object{}, diags
	}
	return obj, diags
}

const outsideCatalogueHint = "The list holds the objects Zuora publishes field metadata for, per file type. To load another object " +
	"(a custom object, or one Zuora loads from CSV only), set is_custom_object = true, file_type = \"csv\" or validation = \"off\"."

// resolveJobObject is resolveObjectFor the job's file type, for a job that
// may name an object the catalogue does not list: a custom object, a CSV job or one planned
// without row checks. Such an object keeps the name as written and the
// plan one warning: its rows cannot be checked against field metadata.
func (pd *providerData) resolveJobObject(ctx context.Context, m bulkJobResourceModel) (client.Object, diag.Diagnostics) {
	attr := path.Root("object_type")
	given, jobType, fileType := m.ObjectType.ValueString(), m.JobType.ValueString(), m.metadataFileType()
	obj, diags := pd.resolveObjectFor(ctx, attr, given, jobType, fileType)
	if !diags.HasError() || !m.outsideCatalogueAllowed() {
		return obj, diags
	}
	objects, err := pd.client.ListObjectsFor(ctx, fileType)
	if err != nil {
		return obj, diags // the catalogue could not be read: the error stands
	}
	if _, listed := client.FindObject(objects, given); listed {
		return obj, diags // listed, but not for this job type
	}
	var warn diag.Diagnostics
	warn.AddAttributeWarning(attr, "Object not in Zuora's catalogue",
		fmt.Sprintf("Zuora's list of objects loadable from %s has no %q, so its rows cannot be checked against field metadata: "+
			"required fields, types, patterns and unknown fields are not checked at plan. Encoding, %s syntax, the file size "+
			"and the PCI guard still are. The job is created for object_type %q as written; Zuora checks the rows when it runs.%s",
			fileTypeWord(fileType), given, strings.ToUpper(m.FileType.ValueString()), strings.TrimSpace(given), didYouMean(given, objectNames(objects))))
	return client.Object{Type: strings.TrimSpace(given)}, warn
}

// metadataFileType is the file type whose metadata checks the job: CSV
// for a CSV job, JSON lines otherwise (also while file_type is unknown).
func (m bulkJobResourceModel) metadataFileType() string {
	return metadataFileTypeOf(m.FileType.ValueString())
}

// fileTypeWord names a file type in a sentence.
func fileTypeWord(fileType string) string {
	if fileType == client.FileTypeCSV {
		return "CSV"
	}
	return "JSON lines"
}

// outsideCatalogueAllowed: the catalogue is not the last word on custom
// objects, CSV jobs (a tenant may load objects from CSV it publishes no
// metadata for) or unchecked ones.
func (m bulkJobResourceModel) outsideCatalogueAllowed() bool {
	return m.IsCustomObject.ValueBool() || m.FileType.ValueString() == "csv" || m.Validation.ValueString() == "off"
}

func supportsAction(obj client.Object, jobType string) bool {
	for _, a := range obj.Actions {
		if strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(jobType)) {
			return true
		}
	}
	return false
}

// displayActions spells actions as job_type takes them ("Import"), since
// the catalogue sends them in lower case.
func displayActions(actions []string) []string {
	out := make([]string, 0, len(actions))
	for _, a := range actions {
		out = append(out, client.NormalizeAction(a))
	}
	return out
}

// objectNames offers both spellings of every object as candidates.
func objectNames(objects []client.Object) []string {
	names := make([]string, 0, 2*len(objects))
	for _, o := range objects {
		names = append(names, o.Type)
		if !strings.EqualFold(o.Name, o.Type) {
			names = append(names, o.Name)
		}
	}
	return names
}

// didYouMean returns ` Did you mean "a", "b" or "c"?` for the candidates
// closest to got, or "" when none is plausibly a typo of it. The ranking
// is rowcheck.Suggest, the one did-you-mean engine.
func didYouMean(got string, candidates []string) string {
	near := rowcheck.Suggest(got, candidates, maxSuggestions)
	if len(near) == 0 {
		return ""
	}
	quoted := make([]string, len(near))
	for i, c := range near {
		quoted[i] = fmt.Sprintf("%q", c)
	}
	if len(quoted) == 1 {
		return " Did you mean " + quoted[0] + "?"
	}
	return " Did you mean " + strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1] + "?"
}
