package rowcheck

import (
	"bytes"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// maxRowProblems caps what CheckJSON and CheckRecord return for one row; a
// last problem says how many more there were.
const maxRowProblems = 100

// utf8BOM fails a Zuora job when a file starts with it.
var utf8BOM = []byte("\uFEFF")

const bomMessage = "file starts with a UTF-8 byte order mark, which fails the job in Zuora"

// Validator checks rows against one object's field metadata. Regexes are
// compiled once, in NewValidator. Safe for concurrent use.
type Validator struct {
	root    *node
	walkers sync.Pool                 // *jsonWalker, so a row allocates nothing
	lastCSV atomic.Pointer[csvLayout] // CheckRecord's header, laid out once
}

// NewValidator compiles every regex of schema. A regex that neither RE2
// nor the look-around engine can compile is reported as an error.
func NewValidator(schema *fieldmeta.Node) (*Validator, error) {
	if schema == nil {
		schema = fieldmeta.NewObject()
	}
	root, err := compileSchema(schema, regexCache{}, "")
	if err != nil {
		return nil, err
	}
	return &Validator{root: root}, nil
}

func (v *Validator) schema() *node {
	if v == nil {
		return nil
	}
	return v.root
}

func (v *Validator) walker(keep int) *jsonWalker {
	var w *jsonWalker
	if v != nil {
		w, _ = v.walkers.Get().(*jsonWalker)
	}
	if w == nil {
		w = &jsonWalker{checker: checker{sink: &sink{}}}
	}
	w.sink.reset(keep)
	w.schema = v != nil
	return w
}

func (v *Validator) release(w *jsonWalker) {
	if v != nil {
		v.walkers.Put(w)
	}
}

// CheckJSON checks one JSON-lines row (without its newline). It returns
// nil when the row is valid. The emulator calls it per row.
func (v *Validator) CheckJSON(line int, row []byte) []Problem {
	w := v.walker(maxRowProblems)
	defer v.release(w)
	w.line = line
	if bytes.HasPrefix(row, utf8BOM) {
		w.lineProblem(bomMessage)
		row = row[len(utf8BOM):]
	}
	if !utf8.Valid(row) {
		w.lineProblem("invalid UTF-8")
	}
	if !isBlank(row) {
		w.row(row, v.schema())
	}
	return rowProblems(w.sink, line)
}

// rowProblems copies a row's problems out of a reused sink.
func rowProblems(s *sink, line int) []Problem {
	if s.total == 0 {
		return nil
	}
	out := append([]Problem(nil), s.problems...)
	if more := s.total - len(s.problems); more > 0 {
		out = append(out, Problem{Line: line, Message: strconv.Itoa(more) + " more problems on this line"})
	}
	return out
}

func isBlank(b []byte) bool { return skipSpace(b, 0) == len(b) }

// CheckRecord checks one CSV record against its header. The header's own
// problems (unknown columns, required columns missing) are reported on
// every record, since each record is checked on its own.
func (v *Validator) CheckRecord(line int, header, record []string) []Problem {
	l := v.layout(header)
	w := v.walker(maxRowProblems)
	defer v.release(w)
	w.line, w.path = line, w.path[:0]
	for _, p := range l.problems {
		w.sink.report(line, p.Field, p.Message)
	}
	w.record(l, record)
	return rowProblems(w.sink, line)
}

// layout resolves header, reusing the last one: the emulator checks every
// record of a file against the same header.
func (v *Validator) layout(header []string) *csvLayout {
	if v == nil {
		return layoutCSV(nil, header)
	}
	if l := v.lastCSV.Load(); l != nil && slices.Equal(l.header, header) {
		return l
	}
	l := layoutCSV(v.root, header)
	v.lastCSV.Store(l)
	return l
}

// CheckHeader reports what is wrong with a CSV header on its own: unknown
// columns (with suggestions), duplicates, required columns missing.
func (v *Validator) CheckHeader(line int, header []string) []Problem {
	var out []Problem
	for _, p := range v.layout(header).problems {
		p.Line = line
		out = append(out, p)
	}
	return out
}
