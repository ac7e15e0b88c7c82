package provider

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// sourceCheck is what ModifyPlan knows about the file to load.
type sourceCheck struct {
	Attr       path.Path // path.Root("source") or path.Root("content"): where diagnostics go
	SourcePath string    // set when the file comes from `source`
	Content    string    // set when it comes from `content`

	FileType   string // "jsonl" or "csv", already defaulted
	Delimiter  string
	HasHeaders bool
	Headers    []string
	// Mappings (column → field path) and RowIDColumn are create-job's
	// mappings and rowIdHeader: the file is checked as Zuora reads it.
	Mappings    map[string]string
	RowIDColumn string

	Object  client.Object // resolved by resolveObject
	JobType string        // Import, Update, Delete, Cancel

	Validation   string // "strict", "warn" or "off"
	PCICheck     string // "error", "warn" or "off"
	MaxFileBytes int64
}

// sourceFacts are computed in the same single pass as the checks.
type sourceFacts struct {
	SHA256 string // the raw bytes': source_sha256, and what the upload must send
	Size   int64
	Rows   int
	// RowsSHA256 is the rows' identity (rowcheck.RowSummary.SHA256): line
	// endings and blank lines ignored. The duplicate guard compares loads
	// by it; "" when only the bytes were hashed.
	RowsSHA256 string
}

// problemsShown is how many problems of each class a diagnostic lists;
// the rest are only counted, so a broken million-row file stays readable.
const problemsShown = 20

// checkSource reads the file once: hashes it, and validates every row
// against the object's field metadata and the PCI guard as configured.
// Problems become one diagnostic on in.Attr (error or warning per mode).
func (pd *providerData) checkSource(ctx context.Context, in sourceCheck) (sourceFacts, diag.Diagnostics) {
	facts, _, diags := pd.scanSource(ctx, in)
	return facts, diags
}

// scanSource is checkSource that also says how many problems its
// diagnostics reported (validation and PCI, as the modes say).
func (pd *providerData) scanSource(ctx context.Context, in sourceCheck) (sourceFacts, int, diag.Diagnostics) {
	var diags diag.Diagnostics
	in = in.withDefaults()
	name := in.displayName()

	// The file is opened before any metadata is fetched: a typo in the path
	// should not cost a round trip to Zuora.
	diags.Append(in.settingsDiagnostics()...)
	src, err := in.open()
	if err != nil {
		diags.AddAttributeError(in.Attr, "Cannot read source file", openFailure(in.SourcePath, err))
		return sourceFacts{}, 0, diags
	}
	defer src.Close()
	if in.SourcePath != "" {
		diags.Append(in.tooLargeDiagnostic(src.Size, true)...)
	}
	if diags.HasError() {
		return sourceFacts{}, 0, diags
	}
	br := bufio.NewReaderSize(ctxReader{ctx, in.limit(src)}, firstLinePeek)
	diags.Append(in.delimiterHint(br)...)

	validator, d := pd.rowValidator(ctx, in)
	diags.Append(d...)
	if diags.HasError() {
		return sourceFacts{}, 0, diags
	}
	// A column neither mapped nor a field is said once, with the mapping
	// that fixes it, rather than again as an unknown field of every row.
	if diags.Append(pd.mappingDiagnostics(ctx, in, br)...); diags.HasError() {
		return sourceFacts{}, 0, diags
	}

	start := time.Now()
	rep, err := rowcheck.Scan(br, rowcheck.Options{
		FileType:    in.FileType,
		Delimiter:   client.DelimiterRune(in.Delimiter),
		HasHeaders:  in.HasHeaders,
		Headers:     in.Headers,
		Mappings:    in.Mappings,
		RowIDColumn: in.RowIDColumn,
		MaxBytes:    in.MaxFileBytes,
		Validator:   validator,
		PCI:         in.PCICheck != "off",
		Keep:        problemsShown,
		Rows:        &rowcheck.RowOptions{},                 // the load's identity, in the same pass
		Redact:      in.Attr.Equal(path.Root("content_wo")), // write-only: no value in any message
	})
	if err != nil {
		diags.AddAttributeError(in.Attr, "Cannot read source file", fmt.Sprintf("Reading %s failed: %s", name, err))
		return sourceFacts{}, 0, diags
	}
	tflog.Debug(ctx, "checked bulk-job source", map[string]any{
		"source": name, "bytes": rep.Size, "rows": rep.Rows,
		"problems": rep.Total, "pci_findings": rep.PCITotal, "duration_ms": time.Since(start).Milliseconds(),
	})

	diags.Append(in.emptyDiagnostic(rep.Rows)...)
	if in.Validation != "strict" {
		// Under strict the limit is already the last line of the problem
		// list (rowcheck always keeps it), so it is not said twice.
		diags.Append(in.tooLargeDiagnostic(rep.Size, false)...)
	}
	if rep.LooksLike != "" {
		diags.Append(in.fileTypeDiagnostic(name, rep))
	} else {
		diags.Append(in.validationDiagnostics(name, rep)...)
	}
	diags.Append(in.pciDiagnostics(name, rep)...)
	facts := sourceFacts{SHA256: rep.SHA256, Size: rep.Size, Rows: rep.Rows}
	if rep.RowIdentity != nil {
		facts.RowsSHA256 = rep.RowIdentity.SHA256
	}
	pd.noteFacts(facts)
	return facts, in.reported(rep), diags
}

// reported is how many problems the diagnostics of rep counted.
func (in sourceCheck) reported(rep *rowcheck.Report) int {
	n := 0
	if in.Validation != "off" || rep.LooksLike != "" {
		n += rep.Total
	}
	if in.PCICheck != "off" {
		n += rep.PCITotal
	}
	return n
}

// noteFacts tells the duplicate guard what the check of a file found, by
// its raw hash, for the identity of its load.
func (pd *providerData) noteFacts(f sourceFacts) {
	pd.loads.NoteFile(f.SHA256, loadguard.FileFacts{Rows: int64(f.Rows), RowsSHA256: f.RowsSHA256})
}

// rowValidator builds the schema checker for the object, job type and
// file type (a CSV job is checked against Zuora's CSV metadata), or nil
// when validation is off or the object has no catalogue entry (a custom
// object), in which case only encoding, syntax and PCI are checked.
func (pd *providerData) rowValidator(ctx context.Context, in sourceCheck) (*rowcheck.Validator, diag.Diagnostics) {
	var diags diag.Diagnostics
	if in.Validation == "off" || in.Object.Name == "" {
		return nil, diags
	}
	if nested := nestedJSONMapping(in); nested != "" {
		// A key mapped into a nested field leaves the row's own structure
		// unlike the metadata's; Zuora checks such rows.
		diags.AddAttributeWarning(path.Root("mappings"), "Mapped JSON-lines rows are not checked against field metadata",
			fmt.Sprintf("mappings maps a JSON-lines key into the nested field %q, so plan checks the rows' encoding, syntax, size and "+
				"the PCI guard only; the mapping targets are still checked against the field metadata.", nested))
		return nil, diags
	}
	schema, err := pd.jobFieldMetadata(ctx, in)
	if err != nil {
		diags.AddAttributeError(in.Attr, "Could not fetch field metadata",
			fmt.Sprintf("Checking the rows needs the %s field metadata of %s (%s) from Zuora: %s\n\nSet validation = \"off\" to plan without it.",
				in.JobType, in.Object.Type, in.Object.Name, err))
		return nil, diags
	}
	diags.Append(skippedFieldsWarning(in.Attr, in.Object.Name, in.JobType, schema)...)
	validator, err := pd.validators.Validator(schema)
	if err != nil {
		// Zuora's own metadata is at fault here, not the user's rows: in
		// warn mode the plan goes on without schema checks.
		d := fmt.Sprintf("The %s field metadata of %s has a pattern this provider cannot evaluate: %s\n\nSet validation = \"warn\" or \"off\" to load without row checks.",
			in.JobType, in.Object.Name, err)
		diags.Append(severityDiagnostic(in.Validation == "warn", in.Attr, "Cannot check rows against field metadata", d))
		return nil, diags
	}
	return validator, diags
}

// validationDiagnostics reports schema, syntax, encoding and size problems
// as one diagnostic: an error under strict, a warning under warn.
func (in sourceCheck) validationDiagnostics(name string, rep *rowcheck.Report) diag.Diagnostics {
	if in.Validation == "off" || rep.Total == 0 {
		return nil
	}
	warn := in.Validation == "warn"
	fix := "Fix the lines below, or set validation = \"warn\" to load the file anyway (Zuora then rejects the bad rows) or \"off\" to skip these checks."
	if unreadable(rep.Problems) {
		// Loading anyway would send lines that no reader can take apart:
		// "warn" is no way on for those.
		fix = "Fix the lines below: lines that do not parse cannot be loaded, whatever validation says."
	}
	intro := fmt.Sprintf("%s does not match what Zuora accepts for %s %s jobs. Nothing was sent to Zuora.\n%s",
		in.subject(), in.Object.Type, in.JobType, fix)
	summary := "Source data failed validation"
	if warn {
		intro = fmt.Sprintf("%s does not match what Zuora accepts for %s %s jobs; Zuora will likely reject the rows below (validation = \"warn\").",
			in.subject(), in.Object.Type, in.JobType)
		summary = "Source data may be rejected by Zuora"
	}
	return diag.Diagnostics{severityDiagnostic(warn, in.Attr, summary, problemDetail(intro, name, rep.Problems, rep.Total))}
}

// unreadable: a problem with a whole line (syntax, encoding, a byte order
// mark, the size) rather than with a field's value.
func unreadable(problems []rowcheck.Problem) bool {
	for _, p := range problems {
		if p.Field == "" {
			return true
		}
	}
	return false
}

// fileTypeDiagnostic: the file plainly holds the other type than
// file_type says (rowcheck's Report.LooksLike). Every line would fail, so
// this is an error in every validation mode, and the one problem (which
// names file_type) is all it lists.
func (in sourceCheck) fileTypeDiagnostic(name string, rep *rowcheck.Report) diag.Diagnostic {
	intro := fmt.Sprintf("%s does not look like file_type = %q. Nothing was sent to Zuora; "+
		"this holds whatever validation says, since no line of it could be loaded.", in.subject(), in.FileType)
	return diag.NewAttributeErrorDiagnostic(in.Attr, "Source file does not match file_type",
		intro+"\n\n"+strings.TrimRight(rowcheck.Format(name, rep.Problems), "\n"))
}

// pciDiagnostics reports card numbers, bank accounts and IP addresses.
// rowcheck already masks the values; nothing here adds any of them.
func (in sourceCheck) pciDiagnostics(name string, rep *rowcheck.Report) diag.Diagnostics {
	if in.PCICheck == "off" || rep.PCITotal == 0 {
		return nil
	}
	warn := in.PCICheck == "warn"
	intro := fmt.Sprintf("%s seems to hold payment or personal data (card numbers, bank account numbers or IP addresses). "+
		"Zuora's Data Loader is not designed for PCI data, so nothing was sent to Zuora.\n"+
		"Remove or tokenize these values, or set pci_check = \"warn\" or \"off\" if they are false positives.", in.subject())
	summary := "Source data contains possible PCI data"
	if warn {
		intro = fmt.Sprintf("%s seems to hold payment or personal data (card numbers, bank account numbers or IP addresses), "+
			"which Zuora's Data Loader is not designed for (pci_check = \"warn\").", in.subject())
	}
	return diag.Diagnostics{severityDiagnostic(warn, in.Attr, summary, problemDetail(intro, name, rep.PCI, rep.PCITotal))}
}

// problemDetail lists the kept problems, one "name:line: field: problem"
// a line, and always ends with the total so a reader knows how much is
// hidden. It shows all rowcheck kept: the first problemsShown and, past
// them, the size limit, which makes the rest moot.
func problemDetail(intro, name string, kept []rowcheck.Problem, total int) string {
	var b strings.Builder
	b.WriteString(intro)
	b.WriteString("\n\n")
	if lines := strings.TrimRight(rowcheck.Format(name, kept), "\n"); lines != "" {
		b.WriteString(lines)
		b.WriteString("\n")
	}
	b.WriteString(totalLine(len(kept), total))
	return b.String()
}

// totalLine is "3 problems in total." or "… and 1,234 more; 1,254 problems
// in total.".
func totalLine(shown, total int) string {
	if total > shown {
		return fmt.Sprintf("… and %s more; %s in total.", groupThousands(total-shown), problemsNoun(total))
	}
	return problemsNoun(total) + " in total."
}

func groupThousands(n int) string { return groupThousands64(int64(n)) }

func groupThousands64(n int64) string {
	if n < 0 {
		return "-" + groupThousands64(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// withDefaults applies the schema's defaults, so a caller that leaves a
// mode empty gets the safe one rather than no check.
func (in sourceCheck) withDefaults() sourceCheck {
	if in.Validation == "" {
		in.Validation = "strict"
	}
	if in.PCICheck == "" {
		in.PCICheck = "error"
	}
	return in
}

// subject starts a sentence about the data.
func (in sourceCheck) subject() string {
	if in.SourcePath != "" {
		return in.SourcePath
	}
	return "The content"
}

// displayName is what diagnostics call the file: the path as configured,
// so that it matches what the user wrote, or "content" (or "content_wo")
// for inline data.
func (in sourceCheck) displayName() string {
	if in.SourcePath != "" {
		return in.SourcePath
	}
	if in.Attr.Equal(path.Root("content_wo")) {
		return "content_wo"
	}
	return "content"
}

func (in sourceCheck) open() (openedSource, error) {
	if in.SourcePath == "" {
		return openedSource{io.NopCloser(strings.NewReader(in.Content)), int64(len(in.Content))}, nil
	}
	return openSourceFile(in.SourcePath)
}

// limit stops reading one byte past max_file_bytes, in case the file grew
// after it was measured: that byte is enough for the size problem.
func (in sourceCheck) limit(r io.Reader) io.Reader {
	if in.MaxFileBytes <= 0 {
		return r
	}
	return io.LimitReader(r, in.MaxFileBytes+1)
}

func openFailure(p string, err error) string {
	var special notRegularError
	switch {
	case errors.As(err, &special):
		return special.Error()
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("The file %q does not exist. A relative source is resolved from the directory terraform runs in; path.module helps build one.", p)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("The file %q cannot be read: permission denied.", p)
	default:
		return fmt.Sprintf("The file %q cannot be opened: %s", p, err)
	}
}

// ctxReader stops a long scan when the plan is cancelled (Ctrl-C), since
// rowcheck only sees an io.Reader.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// sourceCheckable reports whether every input of checkSource is known.
func sourceCheckable(m bulkJobResourceModel) bool {
	for _, v := range []attr.Value{m.Source, m.Content, m.ContentWO, m.FileType, m.Delimiter, m.HasHeaders, m.Headers,
		m.Mappings, m.RowIDColumn, m.Validation, m.PCICheck, m.MaxFileBytes} {
		if v.IsUnknown() {
			return false
		}
	}
	_, inline := m.inlineContent()
	return !hasUnknownElement(m.Headers) && !hasUnknownMapping(m.Mappings) && (!m.Source.IsNull() || inline)
}

// A null or unknown element in headers is an error: ignoring it would
// silently turn off every row check.
func newSourceCheck(ctx context.Context, m bulkJobResourceModel, obj client.Object) (sourceCheck, diag.Diagnostics) {
	var headers []string
	diags := m.Headers.ElementsAs(ctx, &headers, false)
	content, _ := m.inlineContent()
	return sourceCheck{
		Attr:         sourceAttr(m),
		SourcePath:   m.Source.ValueString(),
		Content:      content,
		FileType:     m.FileType.ValueString(),
		Delimiter:    m.Delimiter.ValueString(),
		HasHeaders:   m.csvHasHeaders(),
		Headers:      headers,
		Mappings:     mappingsOf(ctx, m.Mappings),
		RowIDColumn:  m.RowIDColumn.ValueString(),
		Object:       obj,
		JobType:      m.JobType.ValueString(),
		Validation:   m.Validation.ValueString(),
		PCICheck:     m.PCICheck.ValueString(),
		MaxFileBytes: m.MaxFileBytes.ValueInt64(),
	}, diags
}

// csvHasHeaders is has_headers, defaulting to a header row unless the
// column names come from `headers`: nearly every CSV export has one, and
// reading it as data would fail every column of the first row.
func (m bulkJobResourceModel) csvHasHeaders() bool {
	if !m.HasHeaders.IsNull() && !m.HasHeaders.IsUnknown() {
		return m.HasHeaders.ValueBool()
	}
	return m.Headers.IsNull()
}

func sourceAttr(m bulkJobResourceModel) path.Path {
	if !m.ContentWO.IsNull() {
		return path.Root("content_wo")
	}
	if !m.Content.IsNull() {
		return path.Root("content")
	}
	return path.Root("source")
}
