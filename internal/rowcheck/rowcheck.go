// Package rowcheck validates a bulk-job file (JSON lines or CSV) against one
// object's field metadata before anything is sent to Zuora, and looks for
// payment data that must not be uploaded (the PCI guard).
//
// Two callers use it: the provider scans whole files at plan time (Scan,
// Format), and the emulator checks rows one at a time (CheckJSON,
// CheckRecord) so that it fails the same rows the provider warns about.
//
// Rules the package applies, where Zuora's documentation is silent:
//   - An empty value (null, "" or an empty CSV cell) counts as not given: a
//     required field reports "required field is empty", an optional one is
//     not checked against its regex.
//   - A nested object (or array) is required only when the metadata marks
//     it so itself (fieldmeta's IsRequired); a required member does not make
//     it required. Absent and required, it is one problem at its own path,
//     not one per member; present, every required member it lacks is a
//     problem. In CSV an object is present when any of its cells is not
//     empty; required columns missing from the header are reported once, on
//     the header.
//   - Numbers may be given as strings ("12") and booleans as "true"/"false"
//     in any case; a number or boolean is accepted where a string is asked
//     for. The regex is checked against the value as written.
//   - Regexes are matched with find semantics (Go's MatchString); Zuora's
//     are anchored, so this equals Java's matches().
//   - Members whose names end in "__c" are custom fields and are accepted
//     anywhere, with any value.
//   - A CSV column may name a nested field by path (billToContact.firstName,
//     shipTo[0].city); an array-of-values column holds comma-separated
//     elements.
//   - `.` in a regex stops at any line terminator, as in Zuora's Java, not
//     only at \n as in Go (look-around patterns, run by regexp2, excepted).
//     Fast paths (length checks, set lookups, a DFA) replace the regex
//     engines where that is exact.
//
// No message repeats a card number or IBAN: values and field names are
// masked to their last four characters wherever they are shown. Under
// Options.Redact (rows from the write-only content_wo) no message shows
// any part of a value at all: line, field and the rule broken only.
//
// The PCI guard reads every byte, whatever `validation` says and however
// long a line is: what cannot be read value by value (a line over 16 MiB,
// a row that does not parse, a CSV record encoding/csv gives up on) is
// streamed through a windowed scan of the raw text (pcistream.go).
//
// A field's regex is shown in words where it has a shape the metadata uses
// (rulewords.go), else in full. A file that plainly holds the other file
// type than file_type says gets one problem saying so (filetype.go). The
// identity of a file's rows, which ignores line endings and blank lines,
// and the per-row hashes that tell how many rows of a new file an earlier
// one held, are in rowhash.go and rowset.go.
package rowcheck

// Severity of a class of checks, as the provider's `validation` and
// `pci_check` attributes set it.
type Mode string

const (
	ModeError Mode = "error" // `strict` for validation maps here
	ModeWarn  Mode = "warn"
	ModeOff   Mode = "off"
)

// Problem is one finding. Line is 1-based (the CSV header is line 1); it is
// 0 for a problem with headers given in Options rather than in the file.
// Field is the dotted path ("billToContact.firstName", "tags[2]", array
// indexes from 0), or empty for a problem with the whole line or file.
// Message never holds more of a value than is safe: truncated, and for PCI
// findings at most the last four characters; redacted, nothing of it.
// PCI findings from raw text (see pcistream.go) have no Field.
type Problem struct {
	Line    int
	Field   string
	Message string
	PCI     bool
}
