package rowcheck

// CONTRACT STUBS. The owner of internal/rowcheck replaces each of these with
// the real implementation in its own files and deletes this file. The
// emulator and the provider code against these signatures: keep them.

import (
	"io"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// Severity of a class of checks, as the provider's `validation` and
// `pci_check` attributes set it.
type Mode string

const (
	ModeError Mode = "error" // `strict` for validation maps here
	ModeWarn  Mode = "warn"
	ModeOff   Mode = "off"
)

// Problem is one finding. Line is 1-based (the CSV header is line 1).
// Field is the dotted path ("billToContact.firstName", "tags[2]"), or empty
// for a problem with the whole line or file. Message never holds more of a
// value than is safe: truncated, and for PCI findings at most the last four
// characters.
type Problem struct {
	Line    int
	Field   string
	Message string
	PCI     bool
}

// Validator checks rows against one object's field metadata. Regexes are
// compiled once, in NewValidator. Safe for concurrent use.
type Validator struct{}

// NewValidator compiles every regex of schema. A regex that neither RE2
// nor the look-around engine can compile is reported as an error.
func NewValidator(schema *fieldmeta.Node) (*Validator, error) { return &Validator{}, nil }

// CheckJSON checks one JSON-lines row (without its newline). It returns
// nil when the row is valid. The emulator calls it per row.
func (v *Validator) CheckJSON(line int, row []byte) []Problem { return nil }

// CheckRecord checks one CSV record against its header.
func (v *Validator) CheckRecord(line int, header, record []string) []Problem { return nil }

// Options for Scan.
type Options struct {
	FileType   string     // "jsonl" or "csv"
	Delimiter  rune       // CSV; default ','
	HasHeaders bool       // CSV: the first record is the header
	Headers    []string   // CSV: the header when HasHeaders is false
	MaxBytes   int64      // a file larger than this is one problem; 0 = no limit
	Validator  *Validator // nil: no schema checks (validation = off)
	PCI        bool       // look for card numbers, IBANs and IP addresses
	Keep       int        // how many problems of each class to keep; default 20
}

// Report is what one pass over a file found, with the file's SHA-256 and
// size computed in the same pass.
type Report struct {
	SHA256   string // hex
	Size     int64
	Rows     int
	Problems []Problem // schema, syntax, encoding and size problems; first Keep
	Total    int       // all of those, not just the kept ones
	PCI      []Problem // PCI findings; first Keep
	PCITotal int
}

// Scan reads r once, to the end, in constant memory. An error is returned
// only for a read failure; everything wrong with the content is in Report.
func Scan(r io.Reader, opts Options) (*Report, error) { return &Report{}, nil }

// Format renders problems as "name:line: field: message" lines, one per
// problem, for a diagnostic. name is the file path or "content".
func Format(name string, problems []Problem) string { return "" }
