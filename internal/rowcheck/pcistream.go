package rowcheck

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// The PCI guard reads every byte of a file, whatever the line length and
// whatever `validation` says (issue 20). Bytes that cannot be read value by
// value (a line longer than maxLine, a row that does not parse, a CSV
// record too long or malformed) go through rawScanner, which sees them as
// a stream of chunks and keeps only a window of them.

const (
	// rawWindow is how many bytes rawScanner gathers before it runs the
	// detectors: large enough that per-window overhead vanishes.
	rawWindow = 256 << 10
	// rawOverlap is what a window keeps of the previous one on each side of
	// the point up to which findings are decided. A sensitive span is at
	// most 45 bytes; a digit run twice that long is no card whichever end
	// it is read from, so a finding decided at least this far from a
	// window's edges is the one a scan of the whole line would make.
	rawOverlap = 128
)

// rawScanner runs the detectors over a stream. The stream has no cells,
// so it reads every cell delimiter (, ; tab |) as a separator: otherwise
// "4111111111111111,5555555555554444", a CSV line, would read as one
// decimal number, as MaskSensitive explains. Findings go to sink with
// the line they start on and no field (a stream has no fields); as
// elsewhere, a message shows at most the last four characters.
type rawScanner struct {
	jsonText   bool // decode JSON string escapes, so "\n4111…" reads as a card after a newline
	countLines bool // the stream spans lines (the rest of a CSV file); else every finding is on line
	line       int  // the line buf[0] is on

	buf     []byte // decoded bytes from the lookbehind on
	decided int    // findings starting before buf[decided] are reported already
	esc     escapeState
	found   findings
	sink    *sink
}

// escapeState is where a JSON escape sequence stands between chunks.
type escapeState struct {
	pending int    // 0: none; 1: after '\'; 2–5: hex digits of \u still to read (6-pending read)
	hex     []byte // the \u digits read so far
}

func newRawScanner(s *sink, jsonText, countLines bool, line int) *rawScanner {
	// buf grows as bytes come (to rawWindow and its overlaps at most): a
	// short CSV record csv gave up on costs what it holds, not the window.
	return &rawScanner{jsonText: jsonText, countLines: countLines, line: line, sink: s}
}

// write takes the next bytes of the stream.
func (r *rawScanner) write(p []byte) {
	for len(p) > 0 {
		take := min(len(p), rawWindow+2*rawOverlap-len(r.buf))
		from := len(r.buf)
		if r.jsonText {
			r.decode(p[:take])
		} else {
			r.buf = append(r.buf, p[:take]...)
		}
		splitCells(r.buf[from:])
		p = p[take:]
		if len(r.buf) >= rawWindow+2*rawOverlap {
			r.run(false)
		}
	}
}

// finish decides the findings that remain: the stream has ended.
func (r *rawScanner) finish() {
	if len(r.esc.hex) > 0 || r.esc.pending > 0 {
		r.buf = append(r.buf, ' ') // a cut-off escape reads as a separator
		r.esc = escapeState{}
	}
	r.run(true)
	r.buf, r.decided = r.buf[:0], 0
}

// run reports findings that start in buf[decided:cut], then keeps the
// lookbehind before cut and what follows it.
func (r *rawScanner) run(final bool) {
	cut := len(r.buf)
	if !final {
		cut -= rawOverlap
	}
	r.found = findings{list: r.found.list[:0], limit: -1}
	r.found.scan(r.buf)
	if r.countLines { // in order, so lines are counted once
		slices.SortFunc(r.found.list, func(a, b finding) int { return a.start - b.start })
	}
	lines, counted := r.line, 0
	for _, f := range r.found.list {
		if f.start < r.decided || f.start >= cut || !r.sink.want(true) {
			continue
		}
		if r.countLines {
			lines += bytes.Count(r.buf[counted:f.start], newline)
			counted = f.start
		}
		r.sink.add(Problem{Line: lines, Message: r.sink.pciMessage(r.buf, f), PCI: true})
	}
	keep := max(cut-rawOverlap, 0)
	if r.countLines {
		r.line += bytes.Count(r.buf[:keep], newline)
	}
	r.buf = r.buf[:copy(r.buf, r.buf[keep:])]
	r.decided = cut - keep
}

var newline = []byte{'\n'}

// decode appends p to buf with JSON escapes decoded; an escape may be cut
// between two calls. Malformed escapes read as a separator.
func (r *rawScanner) decode(p []byte) {
	for len(p) > 0 {
		if r.esc.pending == 0 {
			i := bytes.IndexByte(p, '\\')
			if i < 0 {
				r.buf = append(r.buf, p...)
				return
			}
			r.buf = append(r.buf, p[:i]...)
			p, r.esc.pending = p[i+1:], 1
			continue
		}
		c := p[0]
		p = p[1:]
		if r.esc.pending == 1 {
			r.esc.pending = 0
			switch c {
			case 'u':
				r.esc.pending, r.esc.hex = 5, r.esc.hex[:0]
			case 'n', 'r', 't', 'b', 'f':
				r.buf = append(r.buf, '\n')
			default: // " \ / and anything malformed
				r.buf = append(r.buf, c)
			}
			continue
		}
		if !isHex(c) {
			r.esc.pending = 0
			r.buf = append(r.buf, ' ', c)
			continue
		}
		r.esc.hex = append(r.esc.hex, c)
		if r.esc.pending--; r.esc.pending == 1 {
			r.esc.pending = 0
			r.buf = utf8.AppendRune(r.buf, hex4(r.esc.hex))
		}
	}
}

// splitCells turns cell delimiters into a separator no detector joins on.
func splitCells(b []byte) {
	for i, c := range b {
		if c == ',' || c == ';' || c == '\t' {
			b[i] = '|'
		}
	}
}
