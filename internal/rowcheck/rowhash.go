package rowcheck

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"

	"github.com/cespare/xxhash/v2"
)

// The same rows are the same load (issue 20): a file's identity ignores
// line endings (CRLF or LF), blank lines and whether the last line ends
// in a newline, so checking a file out with git's autocrlf, or adding a
// blank line, loads nothing again. The same rules apply to the local file
// and to Zuora's copy of a loaded file.
//
// Canonical rows are, for JSON lines, each line without its line ending and
// without white space before or after the object (JSON ignores it), lines
// with nothing else dropped; for CSV, each record with "\r\n" read as "\n"
// (also inside quoted fields) and empty lines outside quoted fields
// dropped, since encoding/csv skips them. White space inside a CSV record
// is data and stays. Each canonical row ends in "\n".

// maxHeldSpace bounds the white space held back in case a JSON line ends
// after it; a longer run is kept as part of the row, the same way for any
// file with those bytes.
const maxHeldSpace = 4096

// RowOptions chooses what a row hash also computes besides the canonical
// SHA-256.
type RowOptions struct {
	// Collect keeps each row's 64-bit hash, for RowSummary.Set.
	Collect bool
	// Against counts the rows that an earlier file (its RowSet) holds too,
	// each row of that file matching at most one row of this one.
	Against *RowSet
}

// RowSummary is what a row hash found.
type RowSummary struct {
	SHA256 string // hex SHA-256 of the canonical rows, the CSV header included
	Rows   int    // data rows (a CSV header is no row)
	// Set holds the rows' hashes when RowOptions.Collect is set.
	Set *RowSet
	// InAgainst is how many rows RowOptions.Against holds too; Rows minus
	// InAgainst are new.
	InAgainst int
}

// RowHasher is an io.Writer that hashes a file's canonical rows as the
// file streams through it, in constant memory (plus 8 bytes a row when
// collecting). Sum gives the result once the file is written.
type RowHasher struct {
	csv, header bool // header: the next row is the CSV header
	opts        RowOptions

	sha hash.Hash
	row *xxhash.Digest

	content  bool   // the current line or record has more than white space
	inQuote  bool   // CSV: inside a quoted field
	heldCR   bool   // CSV: a '\r' that is dropped if '\n' follows
	held     []byte // JSON lines: white space that is dropped if the line ends
	rows     int
	hashes   []uint64
	matched  []uint64 // bitset over opts.Against.hashes: rows already matched
	inBefore int
}

// NewRowHasher hashes a file of fileType ("csv" in any case, else JSON
// lines); hasHeaders says a CSV file's first record is its header.
func NewRowHasher(fileType string, hasHeaders bool, opts RowOptions) *RowHasher {
	csv := isCSV(fileType)
	h := &RowHasher{csv: csv, header: csv && hasHeaders, opts: opts, sha: sha256.New(), row: xxhash.New()}
	if opts.Against != nil {
		h.matched = make([]uint64, (len(opts.Against.hashes)+63)/64)
	}
	return h
}

// Write never fails.
func (h *RowHasher) Write(p []byte) (int, error) {
	if h.csv {
		h.writeCSV(p)
	} else {
		h.writeJSONLines(p)
	}
	return len(p), nil
}

func (h *RowHasher) writeJSONLines(p []byte) {
	run := 0 // p[run:i] is row content not yet passed on
	for i, c := range p {
		switch c {
		case ' ', '\t', '\r':
			h.out(p[run:i])
			run = i + 1
			if h.content {
				h.hold(c)
			}
		case '\n':
			h.out(p[run:i])
			run = i + 1
			h.endLine()
		default:
			if len(h.held) > 0 {
				h.out(p[run:i])
				run = i
				h.out(h.held)
				h.held = h.held[:0]
			}
			h.content = true
		}
	}
	h.out(p[run:])
}

func (h *RowHasher) hold(c byte) {
	if len(h.held) == maxHeldSpace {
		h.out(h.held)
		h.held = h.held[:0]
	}
	h.held = append(h.held, c)
}

func (h *RowHasher) writeCSV(p []byte) {
	run := 0
	for i, c := range p {
		if h.heldCR && c != '\n' {
			h.out(cr)
			h.content = true
		}
		h.heldCR = false
		switch c {
		case '\r':
			h.out(p[run:i])
			run = i + 1
			h.heldCR = true
		case '\n':
			h.out(p[run:i])
			run = i + 1
			if h.inQuote {
				h.out(newline) // a line break inside a quoted field is data
			} else {
				h.endLine()
			}
		case '"':
			h.inQuote = !h.inQuote
			h.content = true
		default:
			h.content = true
		}
	}
	h.out(p[run:])
}

var cr = []byte{'\r'}

// out passes canonical row bytes on.
func (h *RowHasher) out(b []byte) {
	if len(b) > 0 {
		h.sha.Write(b)
		_, _ = h.row.Write(b) // never fails
	}
}

// endLine ends a line or record: a row if it had content.
func (h *RowHasher) endLine() {
	h.held = h.held[:0]
	if !h.content {
		return
	}
	h.content = false
	h.sha.Write(newline)
	sum := h.row.Sum64()
	h.row.Reset()
	if h.header {
		h.header = false
		return
	}
	h.rows++
	if h.opts.Collect {
		h.hashes = append(h.hashes, sum)
	}
	if h.opts.Against != nil && h.opts.Against.take(sum, h.matched) {
		h.inBefore++
	}
}

// Sum ends the file (a last line without a newline is a row like the
// others) and returns what was found. Call it once, after the last Write.
func (h *RowHasher) Sum() RowSummary {
	h.heldCR = false // "\r" at the very end ends the line, as "\r\n" would
	h.endLine()
	s := RowSummary{SHA256: hex.EncodeToString(h.sha.Sum(nil)), Rows: h.rows, InAgainst: h.inBefore}
	if h.opts.Collect {
		s.Set = newRowSet(h.hashes)
		h.hashes = nil
	}
	return s
}
