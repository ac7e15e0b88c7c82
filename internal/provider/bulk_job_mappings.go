package provider

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// Create-job's mappings (v1-api-reference_api_operation_createbulkjob.md):
// "source" names a column of the file (or a key of a JSON-lines row),
// "target" the field it fills, and an array field takes type "array" with
// its elements' arrayType. `mappings` in configuration is the plain map
// column → field path; the types come from the field metadata.

// mappingsOf is the configured mappings; nil when unset.
func mappingsOf(ctx context.Context, m types.Map) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := map[string]string{}
	_ = m.ElementsAs(ctx, &out, false) // a map of strings; cannot fail
	return out
}

// hasUnknownMapping: mappings = { (var.column) = "name" } is a known map
// before its values are; the check waits for apply rather than checking a
// file through a partial mapping.
func hasUnknownMapping(m types.Map) bool {
	for _, v := range m.Elements() {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// columnMappings renders mappings for create-job, sorted by column so the
// request is the same on every apply. fields may be nil (no metadata: a
// custom object, or validation off); the mappings then carry no types and
// Zuora reads every target as it documents for the field.
func columnMappings(mappings map[string]string, fields *fieldmeta.Node) []client.ColumnMapping {
	if len(mappings) == 0 {
		return nil
	}
	arrays := map[string]string{} // array field path → its elements' type
	if fields != nil {
		for _, f := range fields.Flatten() {
			if base, ok := strings.CutSuffix(f.Path, "[]"); ok {
				arrays[base] = f.Type
			}
		}
	}
	out := make([]client.ColumnMapping, 0, len(mappings))
	for source, target := range mappings {
		cm := client.ColumnMapping{Source: source, Target: target}
		if elem, ok := arrays[target]; ok {
			cm.Type, cm.ArrayType = "array", elem
		}
		out = append(out, cm)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out
}

// jobFieldMetadata is the field metadata a job's rows are checked against
// and its mappings typed by: the file type's own, from the client's cache.
// nil without a catalogue object or with validation off.
func (pd *providerData) jobFieldMetadata(ctx context.Context, in sourceCheck) (*fieldmeta.Node, error) {
	if in.Validation == "off" || in.Object.Name == "" {
		return nil, nil
	}
	return pd.client.ObjectFieldsFor(ctx, in.Object.Name, in.JobType, metadataFileTypeOf(in.FileType))
}

// metadataFileTypeOf maps file_type to the metadata family that checks it.
func metadataFileTypeOf(fileType string) string {
	if strings.EqualFold(fileType, client.FileTypeCSV) {
		return client.FileTypeCSV
	}
	return client.FileTypeJSONL
}

// nestedJSONMapping is the first target of a JSON-lines job's mappings
// that is not a top-level field ("" if none): rowcheck renames top-level
// keys only.
func nestedJSONMapping(in sourceCheck) string {
	if strings.EqualFold(in.FileType, client.FileTypeCSV) {
		return ""
	}
	for _, source := range slices.Sorted(maps.Keys(in.Mappings)) {
		if target := in.Mappings[source]; strings.ContainsAny(target, ".[") {
			return target
		}
	}
	return ""
}

// fieldPaths is every path a column may name for fields: leaves as Flatten
// lists them, and each array by its own name (a list column).
func fieldPaths(fields *fieldmeta.Node) []string {
	var out []string
	for _, f := range fields.Flatten() {
		out = append(out, f.Path)
		if base, ok := strings.CutSuffix(f.Path, "[]"); ok {
			out = append(out, base)
		}
	}
	return out
}

var arrayIndex = regexp.MustCompile(`\[[0-9]+\]`)

// isFieldPath: a column names a field as rowcheck reads a header, with
// array elements indexed (additionalEmailAddresses[0]) or a custom field
// (…__c), which any object accepts.
func isFieldPath(column string, known map[string]bool) bool {
	if known[column] || known[arrayIndex.ReplaceAllString(column, "[]")] {
		return true
	}
	last := column[strings.LastIndexByte(column, '.')+1:]
	return len(last) > 3 && strings.HasSuffix(last, "__c")
}

// mappingDiagnostics checks mappings against the field metadata before
// the rows are: every target must be a field, and every column the file
// has that no mapping renames must be a field path itself (or the
// row_id_column). Problems are errors under strict, warnings under warn.
func (pd *providerData) mappingDiagnostics(ctx context.Context, in sourceCheck, br *bufio.Reader) diag.Diagnostics {
	if len(in.Mappings) == 0 || in.Validation == "off" || in.Object.Name == "" {
		return nil
	}
	fields, err := pd.jobFieldMetadata(ctx, in)
	if err != nil || fields == nil {
		return nil // rowValidator reports a metadata failure once
	}
	paths := fieldPaths(fields)
	known := map[string]bool{}
	for _, p := range paths {
		known[p] = true
	}
	warn := in.Validation == "warn"
	var diags diag.Diagnostics
	for _, source := range slices.Sorted(maps.Keys(in.Mappings)) {
		if target := in.Mappings[source]; !isFieldPath(target, known) {
			diags.Append(severityDiagnostic(warn, path.Root("mappings").AtMapKey(source), "Mapping to an unknown field",
				fmt.Sprintf("mappings[%q] = %q, and %s %s jobs have no field %q.%s Map the column to one of the field paths "+
					"zuora_bulk_object_fields lists.", source, target, in.Object.Type, in.JobType, target, didYouMean(target, paths))))
		}
	}
	if !strings.EqualFold(in.FileType, client.FileTypeCSV) {
		return diags
	}
	header := in.Headers
	if in.HasHeaders {
		header = peekCSVHeader(br, client.DelimiterRune(in.Delimiter))
	}
	for i, column := range header {
		if _, mapped := in.Mappings[column]; mapped || column == in.RowIDColumn || isFieldPath(column, known) {
			continue
		}
		near := rowcheck.Suggest(column, paths, maxSuggestions)
		diags.Append(severityDiagnostic(warn, in.Attr, "Column is neither mapped nor a field",
			fmt.Sprintf("%s: column %d, %q, is not in mappings and is no field of %s %s jobs, so Zuora cannot load it.%s\n\n"+
				"Add it to mappings, e.g. %q = %q, or remove the column from the file.",
				in.displayName(), i+1, column, in.Object.Type, in.JobType, didYouMean(column, paths), column, firstOr(near, "<field path>"))))
	}
	tflog.Debug(ctx, "checked the mapped header", map[string]any{"columns": len(header), "mappings": len(in.Mappings)})
	return diags
}

// peekCSVHeader reads the header record from the start of the file
// without consuming it (the row scan reads it again); nil if the first
// record is not within firstLinePeek bytes or does not parse.
func peekCSVHeader(br *bufio.Reader, delimiter rune) []string {
	head, _ := br.Peek(firstLinePeek) // a short file gives what it has
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(head))
	r.Comma = delimiter
	r.FieldsPerRecord = -1
	record, err := r.Read()
	if err != nil {
		return nil
	}
	return record
}

func firstOr(s []string, fallback string) string {
	if len(s) > 0 {
		return s[0]
	}
	return fallback
}
