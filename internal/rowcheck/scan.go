package rowcheck

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Options for Scan.
type Options struct {
	FileType   string     // "jsonl" or "csv", any case; anything else is read as JSON lines
	Delimiter  rune       // CSV; default ','
	HasHeaders bool       // CSV: the first record is the header
	Headers    []string   // CSV: the header when HasHeaders is false
	MaxBytes   int64      // a file larger than this is one problem; 0 = no limit
	Validator  *Validator // nil: no schema checks (validation = off)
	PCI        bool       // look for card numbers, IBANs and IP addresses
	Keep       int        // how many problems of each class to keep; default 20
	// Redact is for rows from a write-only argument (content_wo): every
	// message names the line and field and what was expected, and shows
	// no value nor any part of one (no excerpt, no last four digits).
	Redact bool
	// Mappings is create-job's mappings: a CSV column named here is
	// checked as the field path it maps to, a JSON-lines row's top-level
	// key as the top-level field it maps to (a caller with nested targets
	// cannot check such rows by their structure), and problems still name
	// the column or key as the file spells it.
	Mappings map[string]string
	// RowIDColumn is create-job's rowIdHeader: a CSV column or a JSON-lines
	// row's top-level key that only identifies the row in the result
	// files, so it is no field and its values are PCI-checked only.
	RowIDColumn string
	// Rows, when set, also computes the identity of the file's rows in the
	// same pass (Report.RowIdentity; see RowHasher), as the file's type
	// and header setting say.
	Rows *RowOptions
}

// DefaultKeep is how many problems of each class Scan keeps by default.
const DefaultKeep = 20

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
	// LooksLike is set when the file plainly holds another type than
	// FileType says: LooksLikeCSV, LooksLikeJSONLines or
	// LooksLikeJSONArray. Problems then hold one problem saying so (naming
	// file_type) and none per row: rows were counted and PCI-checked only.
	LooksLike string
	// RowIdentity is the canonical rows' hash (and set, or count against
	// an earlier set) when Options.Rows asked for it.
	RowIdentity *RowSummary
}

// Scan reads r once, to the end, in constant memory. An error is returned
// only for a read failure; everything wrong with the content is in Report.
//
// Without a Validator, Scan still reports what fails a job whatever the
// schema: a byte order mark, invalid UTF-8, JSON or CSV syntax, the size.
// Past MaxBytes it stops checking but still counts rows and hashes.
func Scan(r io.Reader, opts Options) (*Report, error) {
	keep := opts.Keep
	if keep <= 0 {
		keep = DefaultKeep
	}
	s := &scan{
		opts:   opts,
		src:    newHashingReader(r, opts),
		sink:   &sink{keep: keep, redact: opts.Redact},
		checks: true,
	}
	defer s.src.stop()
	in := bufio.NewReaderSize(s.src, sniffBytes)
	head, _ := in.Peek(sniffBytes) // a read error comes back from the next read
	csv := isCSV(opts.FileType)
	looks, delim := wrongFileType(csv, s.delimiter(), head)
	if looks != "" {
		// One problem says it all; the rest is read as what it looks like,
		// for the row count and the PCI guard.
		s.sink.report(1, "", fileTypeMessage(looks, delim))
		s.sink.quiet = true
		s.opts.Validator = nil
		csv = looks == LooksLikeCSV
		s.opts.Delimiter, s.opts.HasHeaders = delim, true
	}
	var err error
	if csv {
		err = s.csv(in)
	} else {
		err = s.jsonl(in)
	}
	if err == nil {
		_, err = io.Copy(io.Discard, s.src) // what a stopped scan left, for the hash
	}
	if err != nil {
		return nil, err
	}
	s.finishSize()
	return &Report{
		SHA256:      s.src.sum(),
		Size:        s.src.n,
		Rows:        s.rows,
		Problems:    s.sink.problems,
		Total:       s.sink.total,
		PCI:         s.sink.pci,
		PCITotal:    s.sink.pciTotal,
		LooksLike:   looks,
		RowIdentity: s.src.rowSummary(),
	}, nil
}

// scan is the state of one Scan.
type scan struct {
	opts     Options
	src      *hashingReader
	sink     *sink
	rows     int
	checks   bool // false once past MaxBytes
	sizeLine int  // the line where the file passed MaxBytes
}

func (s *scan) checker() checker {
	return checker{sink: s.sink, schema: s.opts.Validator != nil, pci: s.opts.PCI}
}

// passed notes the line where the input offset goes past MaxBytes, after
// which rows are counted but not checked.
func (s *scan) passed(offset int64, line int) {
	if s.checks && s.opts.MaxBytes > 0 && offset > s.opts.MaxBytes {
		s.checks, s.sizeLine = false, line
	}
}

// finishSize reports the size problem, kept whatever Keep says: it is the
// one problem that makes all the others moot.
func (s *scan) finishSize() {
	if s.opts.MaxBytes <= 0 || s.src.n <= s.opts.MaxBytes {
		return
	}
	s.sink.total++
	s.sink.problems = append(s.sink.problems, Problem{
		Line: max(s.sizeLine, 1),
		Message: "file is " + strconv.FormatInt(s.src.n, 10) + " bytes, over the limit of " +
			strconv.FormatInt(s.opts.MaxBytes, 10) + " bytes; rows from this line on were not checked",
	})
}

func (s *scan) jsonl(in io.Reader) error {
	lr := newLineReader(in)
	w := &jsonWalker{checker: s.checker(), rowID: s.opts.RowIDColumn, mappings: s.opts.Mappings}
	root := s.opts.Validator.schema()
	var long *rawScanner // the PCI guard's view of a too-long line
	if s.opts.PCI {
		long = newRawScanner(s.sink, true, false, 0)
		lr.spill = func(b []byte) {
			if s.checks {
				long.write(b)
			}
		}
	}
	var offset int64
	for line := 1; ; line++ {
		if long != nil {
			long.line = line
		}
		b, n, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		offset += int64(n)
		s.passed(offset, line)
		w.line = line
		if line == 1 && bytes.HasPrefix(b, utf8BOM) {
			w.lineProblem(bomMessage)
			b = b[len(utf8BOM):]
		}
		if tooLong {
			s.rows++
			if long != nil {
				long.finish()
			}
			if s.checks {
				w.lineProblem(longLineMessage(s.opts.PCI))
			}
			continue
		}
		if isBlank(b) {
			continue
		}
		s.rows++
		if !s.checks {
			continue
		}
		if !utf8.Valid(b) {
			w.lineProblem("invalid UTF-8")
		}
		w.row(b, root)
	}
}

// longLineMessage says what was and was not checked in a line longer than
// maxLine.
func longLineMessage(pci bool) string {
	msg := "line is longer than " + strconv.Itoa(maxLine>>20) + " MiB, so its fields were not checked"
	if pci {
		msg += " (the PCI guard read all of it)"
	}
	return msg
}

// isCSV reads a file_type: "csv" in any case; anything else is JSON lines.
func isCSV(fileType string) bool { return strings.EqualFold(fileType, "csv") }
