package rowcheck

import (
	"bytes"
	"io"
)

// maxLine bounds one line (or CSV record) in memory. A longer one is a
// problem, not an out-of-memory: Zuora rows are a few kilobytes.
const maxLine = 16 << 20

// readBuffer is the read size; large enough that the per-read overhead
// vanishes, small enough to be irrelevant next to maxLine.
const readBuffer = 256 << 10

// lineReader yields lines of at most max bytes from a stream. It reads
// straight into one buffer that holds the lines, so a line is copied only
// to make room. A line longer than the buffer grows it by doubling (the
// buffers a long line passes through add up to less than twice the one it
// ends in), never past what the longest allowed line needs, and the buffer
// is kept for the lines that follow.
type lineReader struct {
	r          io.Reader
	buf        []byte // buf[start:end] is read but not yet returned
	start, end int
	err        error // what r returned, once it returned an error
	max        int
	// spill, when set, is given every byte of a too-long line (without its
	// line ending) before the bytes are let go, so the PCI guard sees them.
	spill func([]byte)
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, buf: make([]byte, readBuffer), max: maxLine}
}

// next returns the next line without its "\n" or "\r\n", how many input
// bytes it took, and whether it was longer than max, in which case its
// content is dropped. The line is valid until the next call.
func (lr *lineReader) next() (line []byte, n int, tooLong bool, err error) {
	scanned := 0 // buf[start:start+scanned] has no '\n'
	dropped := 0 // bytes of a too-long line let go already
	for {
		if i := bytes.IndexByte(lr.buf[lr.start+scanned:lr.end], '\n'); i >= 0 {
			return lr.take(lr.start+scanned+i+1, dropped)
		}
		scanned = lr.end - lr.start
		if lr.err == io.EOF {
			if scanned == 0 && dropped == 0 {
				return nil, 0, false, io.EOF
			}
			return lr.take(lr.end, dropped)
		}
		if lr.err != nil {
			return nil, dropped + scanned, false, lr.err
		}
		// Without its '\n', a line of more than max+1 bytes is too long
		// even if the last of them is the '\r' of a "\r\n".
		if dropped > 0 || scanned > lr.max+1 {
			lr.spillBytes(lr.buf[lr.start:lr.end])
			dropped += scanned
			lr.start, lr.end, scanned = 0, 0, 0
		}
		lr.fill()
	}
}

// take returns buf[start:stop] as the next line.
func (lr *lineReader) take(stop, dropped int) ([]byte, int, bool, error) {
	line := lr.buf[lr.start:stop]
	lr.start = stop
	n := dropped + len(line)
	if line = trimEOL(line); dropped > 0 || len(line) > lr.max {
		lr.spillBytes(line)
		return nil, n, true, nil
	}
	return line, n, false, nil
}

// spillBytes hands b to spill. A dropped part may end in the '\r' of a
// "\r\n" cut in two; read as a separator, it changes no finding.
func (lr *lineReader) spillBytes(b []byte) {
	if lr.spill != nil {
		lr.spill(b)
	}
}

// fill moves what is pending to the front of the buffer, grows the buffer
// if that fills it, and reads after it. The caller has dropped a pending
// line longer than max+1, so growing to max+2 bytes is always enough.
func (lr *lineReader) fill() {
	if lr.start > 0 {
		lr.end = copy(lr.buf, lr.buf[lr.start:lr.end])
		lr.start = 0
	}
	if lr.end == len(lr.buf) { // make and copy: append would grow by more than twice
		grown := make([]byte, min(2*len(lr.buf), lr.max+2))
		copy(grown, lr.buf)
		lr.buf = grown
	}
	for range 100 { // as bufio does, give up on a reader that returns nothing
		m, err := lr.r.Read(lr.buf[lr.end:])
		lr.end += m
		if err != nil {
			lr.err = err
		}
		if m > 0 || err != nil {
			return
		}
	}
	lr.err = io.ErrNoProgress
}

func trimEOL(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
		if len(b) > 0 && b[len(b)-1] == '\r' {
			b = b[:len(b)-1]
		}
	}
	return b
}
