package rowcheck

import (
	"bytes"
	"errors"
	"io"
)

var errRecordTooLong = errors.New("record too long")

const (
	// keptRecord is how much of a record recordGuard keeps for the PCI
	// guard; past it the record's bytes stream through a rawScanner.
	keptRecord = 1 << 20
	// csvReadAhead bounds what encoding/csv reads past the record it
	// returns: its bufio.Reader's default size.
	csvReadAhead = 4096
)

// recordGuard sits between the file and encoding/csv. It stops csv, which
// has no limit of its own, from buffering an endless record: reads fail
// once a record has taken more than max bytes. And it lets the PCI guard
// read the records csv cannot return (malformed, or too long): it keeps
// the bytes of the record being read, or, past keptRecord, streams them
// through a rawScanner whose findings wait in pending until the record
// turns out bad.
type recordGuard struct {
	r       io.Reader
	n, max  int // bytes passed since the record began; the limit
	tripped bool

	pci      bool
	redact   bool
	kept     []byte // kept[head:] are the bytes [keptFrom, pos) passed to csv
	head     int
	keptFrom int64
	pos      int64
	newlines int // '\n' in the bytes before keptFrom

	start     int64 // where the record being read began
	startLine int
	raw       *rawScanner // non-nil while the record streams
	pending   *sink
}

func newRecordGuard(r io.Reader, pci, redact bool) *recordGuard {
	return &recordGuard{r: r, max: maxLine, pci: pci, redact: redact}
}

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.n > g.max {
		g.tripped = true
		return 0, errRecordTooLong
	}
	n, err := g.r.Read(p)
	g.n += n
	if g.pci && n > 0 {
		g.keep(p[:n])
	}
	return n, err
}

// keep records bytes passed to csv: all of them while the record is short,
// else the scanner reads them and only the last read-ahead is kept, where
// the next record begins.
func (g *recordGuard) keep(b []byte) {
	g.pos += int64(len(b))
	if g.head > 0 && len(g.kept)+len(b) > cap(g.kept) { // move down only when out of room
		g.kept = g.kept[:copy(g.kept, g.kept[g.head:])]
		g.head = 0
	}
	g.kept = append(g.kept, b...)
	if g.raw == nil && g.pos-g.start > keptRecord {
		g.raw = newRawScanner(g.pending, false, true, g.startLine)
		g.raw.write(g.from(g.start))
	} else if g.raw != nil {
		g.raw.write(b)
	}
	if live := len(g.kept) - g.head; g.raw != nil && live > 2*csvReadAhead {
		g.drop(live - csvReadAhead)
	}
}

// from is the kept bytes from offset on.
func (g *recordGuard) from(offset int64) []byte {
	return g.kept[g.head+int(offset-g.keptFrom):]
}

// drop lets go of the first k kept bytes.
func (g *recordGuard) drop(k int) {
	g.newlines += bytes.Count(g.kept[g.head:g.head+k], newline)
	g.head += k
	g.keptFrom += int64(k)
}

// begin notes that the next record starts at offset (csv's InputOffset).
func (g *recordGuard) begin(offset int64, keep int) {
	g.n = 0
	if !g.pci {
		return
	}
	// csv reads at most csvReadAhead past a record, all of it kept, so
	// offset is never before keptFrom.
	g.drop(int(offset - g.keptFrom))
	g.start, g.startLine, g.raw = offset, g.newlines+1, nil
	if g.pending == nil {
		g.pending = &sink{}
	}
	g.pending.reset(keep) // reused: a record must not cost an allocation
	g.pending.redact = g.redact
}

// failed runs the PCI guard over the record csv gave up on, which ended at
// end, and reports what it found in s. A streamed record's findings are
// all in pending already (those in the few bytes read past its end too).
func (g *recordGuard) failed(s *sink, end int64) {
	if !g.pci {
		return
	}
	if g.raw == nil {
		g.raw = newRawScanner(g.pending, false, true, g.startLine)
		g.raw.write(g.from(g.start)[:end-g.start])
	}
	g.raw.finish()
	s.mergePCI(g.pending)
	g.raw = nil
}

// rest runs the PCI guard over the record that tripped the limit and the
// rest of the file, which csv will not read, reporting straight to s.
func (g *recordGuard) rest(s *sink) error {
	if !g.pci {
		return nil
	}
	s.mergePCI(g.pending)
	g.raw.sink = s
	_, err := io.CopyBuffer(rawWriter{g.raw}, g.r, make([]byte, readBuffer))
	g.raw.finish()
	return err
}

type rawWriter struct{ r *rawScanner }

func (w rawWriter) Write(p []byte) (int, error) {
	w.r.write(p)
	return len(p), nil
}
