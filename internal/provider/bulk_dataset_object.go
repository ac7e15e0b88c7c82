package provider

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// datasetObject is what a dataset needs to know of its object: the
// catalogue entry, which members an Update job takes, and the row checks
// and field metadata of each action it sends, for the file's type.
type datasetObject struct {
	client.Object
	Updatable map[string]bool // top-level members of the Update metadata; nil without Update
	UpdateID  string          // the Update metadata's id field ("Id")
	check     map[string]*rowcheck.Validator
	fields    map[string]*fieldmeta.Node
}

// datasetObjectFor resolves object_type and reads the Import (and, where
// the object has it, Update) field metadata of the file type.
func (r *bulkDatasetResource) datasetObjectFor(ctx context.Context, m bulkDatasetModel) (datasetObject, diag.Diagnostics) {
	attr := path.Root("object_type")
	fileType := metadataFileTypeOf(m.fileType())
	obj, diags := r.pd.resolveObjectWorded(ctx, jobObjectWords, attr, attr, m.ObjectType.ValueString(), "Import", fileType)
	o := datasetObject{Object: obj, check: map[string]*rowcheck.Validator{}, fields: map[string]*fieldmeta.Node{}}
	if diags.HasError() {
		return o, diags
	}
	actions := []string{"Import"}
	if supportsAction(obj, "Update") {
		actions = append(actions, "Update")
	}
	for _, action := range actions {
		schema, err := r.pd.client.ObjectFieldsFor(ctx, obj.Name, action, fileType)
		if err == nil {
			o.fields[action] = schema
			o.check[action], err = r.pd.validators.Validator(schema)
		}
		if err != nil {
			diags.AddAttributeError(attr, "Could not read field metadata",
				fmt.Sprintf("Checking the rows of the %s dataset needs its %s field metadata: %v", obj.Type, action, err))
			return o, diags
		}
		diags.Append(skippedFieldsWarning(attr, obj.Name, action, schema)...)
		if action == "Update" {
			o.Updatable = map[string]bool{}
			for _, f := range schema.Fields {
				if strings.EqualFold(f.Name, "id") {
					o.UpdateID = f.Name
				} else {
					o.Updatable[f.Name] = true
				}
			}
			if o.UpdateID == "" {
				o.Updatable = nil // no record to point at: treated as no Update
			}
		}
	}
	return o, diags
}

// sourceAttr is the argument the rows come from.
func (m bulkDatasetModel) sourceAttr() path.Path {
	if !m.Source.IsNull() {
		return path.Root("source")
	}
	return path.Root("content")
}

// sourceName names the rows' file in messages.
func (m bulkDatasetModel) sourceName() string {
	if !m.Source.IsNull() {
		return m.Source.ValueString()
	}
	return "content"
}

// readRows reads the configured file's rows. A JSON-lines source is read
// in chunks and its rows' bytes read again only for the rows sent
// (bulk_dataset_source.go); content, and a CSV file (its rows are
// rewritten as JSON), are held in memory (at most 100,000 rows).
func (m bulkDatasetModel) readRows(o datasetObject) (*datasetFile, error) {
	var data []byte
	switch {
	case !m.Source.IsNull() && !m.isCSV():
		f, err := readDatasetSource(m.Source.ValueString(), m.sourceName(), m.KeyField.ValueString(), o.Updatable)
		if err != nil {
			return nil, err
		}
		return f, f.checkStateSize(m.sourceName(), m.KeyField.ValueString(), 0)
	case !m.Source.IsNull():
		f, err := openSourceFile(m.Source.ValueString())
		if err != nil {
			return nil, err
		}
		defer f.Close()
		var buf bytes.Buffer
		// Room for the whole file and the MinRead that ReadFrom wants free
		// to see the end: with less it would copy the file into a buffer
		// twice the size.
		buf.Grow(int(min(f.Size, client.MaxFileBytes)) + bytes.MinRead)
		if _, err := buf.ReadFrom(io.LimitReader(f, client.MaxFileBytes+1)); err != nil {
			return nil, err
		}
		data = buf.Bytes()
		if int64(len(data)) > client.MaxFileBytes {
			return nil, errDatasetFileTooLarge
		}
	default:
		content := m.Content.ValueString()
		data = unsafe.Slice(unsafe.StringData(content), len(content)) // rows are only read, never written: no copy
	}
	var f *datasetFile
	var err error
	if m.isCSV() {
		f, err = readDatasetCSV(data, m.sourceName(), m.KeyField.ValueString(), o.Updatable, m.csvFormat(context.Background()))
	} else {
		f, err = readDatasetRows(data, m.sourceName(), m.KeyField.ValueString(), o.Updatable)
	}
	if err != nil {
		return nil, err
	}
	inline := 0 // content is an attribute, so state holds the whole file too
	if m.Source.IsNull() {
		inline = jsonStringLen(m.Content.ValueString())
	}
	return f, f.checkStateSize(m.sourceName(), m.KeyField.ValueString(), inline)
}

// fileType is file_type, or its default (defaultFileType).
func (m bulkDatasetModel) fileType() string {
	if !m.FileType.IsNull() && !m.FileType.IsUnknown() {
		return m.FileType.ValueString()
	}
	return defaultFileType(m.Source)
}

func (m bulkDatasetModel) isCSV() bool { return m.fileType() == client.FileTypeCSV }

func (m bulkDatasetModel) csvFormat(ctx context.Context) csvFormat {
	return csvFormat{Delimiter: m.Delimiter.ValueString(), Mappings: mappingsOf(ctx, m.Mappings)}
}

// problems checks the rows the diff would send, each against its
// action's metadata: imports as written, updates as the Update job's row.
func (o datasetObject) problems(f *datasetFile, d datasetDiff, s *datasetState) []rowcheck.Problem {
	const most = 20
	check := o.rowCheck(f, d, s)
	// The rows are checked in parts on every core, each part's problems
	// in row order, and the first of them all kept.
	n := len(d.Import) + len(d.Update)
	parts := make([][]rowcheck.Problem, 1)
	if n >= 256 {
		parts = make([][]rowcheck.Problem, runtime.GOMAXPROCS(0))
	}
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for k := p * n / len(parts); k < (p+1)*n/len(parts) && len(parts[p]) < most; k++ {
				parts[p] = append(parts[p], check(k)...)
			}
		})
	}
	wg.Wait()
	out := slices.Concat(parts...)
	return out[:min(len(out), most)]
}

// rowCheck checks the k-th row the diff sends: the imports, then the
// updates.
func (o datasetObject) rowCheck(f *datasetFile, d datasetDiff, s *datasetState) func(k int) []rowcheck.Problem {
	imports, updates := o.check["Import"], o.check["Update"]
	var header []string
	var cols []int
	if updates != nil && f.CSV != nil {
		cols = f.CSV.updateColumns(o.UpdateID, o.Updatable)
		header = f.CSV.updateHeader(o.UpdateID, cols, true)
	}
	return func(k int) []rowcheck.Problem {
		if k < len(d.Import) {
			row := f.Rows[d.Import[k]]
			switch {
			case imports == nil:
				return nil
			case f.CSV != nil:
				return imports.CheckRecord(row.Line, f.CSV.Paths, row.Cells)
			}
			if row.Raw == nil { // never checked as a blank row
				return []rowcheck.Problem{{Line: row.Line, Message: errRowNotRead.Error()}}
			}
			return imports.CheckJSON(row.Line, row.Raw)
		}
		row := f.Rows[d.Update[k-len(d.Import)]]
		switch {
		case updates == nil:
			return nil
		case f.CSV != nil:
			return updates.CheckRecord(row.Line, header, updateRecord(row, s.id(row.Key), cols))
		}
		b, err := updateRow(row, o.UpdateID, s.id(row.Key), o.Updatable)
		if err != nil {
			return []rowcheck.Problem{{Line: row.Line, Message: err.Error()}}
		}
		return updates.CheckJSON(row.Line, b)
	}
}

// fixedDetail names the rows whose change no Update job can make.
func (o datasetObject) fixedDetail(f *datasetFile, d datasetDiff, m bulkDatasetModel) string {
	var lines []string
	for n, i := range d.Fixed {
		if n == 10 {
			lines = append(lines, fmt.Sprintf("… and %d more", len(d.Fixed)-n))
			break
		}
		row := f.Rows[i]
		lines = append(lines, fmt.Sprintf("%s line %d (%s %q)", m.sourceName(), row.Line, m.KeyField.ValueString(), row.Key))
	}
	why := fmt.Sprintf("%s has no Update bulk job", o.Type)
	if o.Updatable != nil {
		why = fmt.Sprintf("these rows changed in fields %s's Update jobs do not take (only those in its Update field metadata can change)", o.Type)
	}
	// Both ways delete the old records before loading the rows again; with
	// "forget" they would stay, and the rows load twice (or, replaced, the
	// new dataset reads the old records back from their Import jobs).
	removeFirst := "remove the rows from the file and apply (on_remove = \"delete\" deletes their records), then add them back"
	if !m.deleting() {
		removeFirst = "set on_remove = \"delete\", remove the rows from the file and apply (their records are deleted), then add them back"
	}
	replace := "replace the whole dataset with terraform apply -replace=ADDRESS (on_destroy = \"delete_records\" deletes every old record first)"
	if m.OnDestroy.ValueString() != onDestroyDeleteRecords {
		replace = "set on_destroy = \"delete_records\", apply, and replace the whole dataset with terraform apply -replace=ADDRESS (every old record is deleted first)"
	}
	return fmt.Sprintf("%s, so these rows cannot be updated in place:\n  %s\n\n"+
		"To load them again as new records, either %s, or %s. With \"forget\" the old records would stay, and the rows would load twice.",
		why, strings.Join(lines, "\n  "), removeFirst, replace)
}
