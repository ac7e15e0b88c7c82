package rowcheck

import (
	"bufio"
	"errors"
	"io"
)

// maxLine bounds one line (or CSV record) in memory. A longer one is a
// problem, not an out-of-memory: Zuora rows are a few kilobytes.
const maxLine = 16 << 20

// readBuffer is the read size; large enough that the per-read overhead
// vanishes, small enough to be irrelevant next to maxLine.
const readBuffer = 256 << 10

// lineReader yields lines of at most maxLine bytes from a stream.
type lineReader struct {
	br   *bufio.Reader
	long []byte // a line that did not fit the read buffer
	max  int
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, readBuffer), max: maxLine}
}

// next returns the next line without its "\n" or "\r\n", how many input
// bytes it took, and whether it was longer than max, in which case its
// content is dropped. The line is valid until the next call.
func (lr *lineReader) next() (line []byte, n int, tooLong bool, err error) {
	lr.long = lr.long[:0]
	for {
		chunk, err := lr.br.ReadSlice('\n')
		n += len(chunk)
		if errors.Is(err, bufio.ErrBufferFull) {
			if !tooLong && len(lr.long)+len(chunk) <= lr.max {
				lr.long = lr.grow(chunk)
			} else {
				tooLong, lr.long = true, lr.long[:0]
			}
			continue
		}
		if err != nil && err != io.EOF {
			return nil, n, false, err
		}
		if n == 0 {
			return nil, 0, false, io.EOF
		}
		line := chunk
		if len(lr.long) > 0 {
			lr.long = lr.grow(chunk)
			line = lr.long
		}
		line = trimEOL(line)
		if tooLong || len(line) > lr.max {
			return nil, n, true, nil
		}
		return line, n, false, nil
	}
}

// grow appends chunk to the long-line buffer, doubling its capacity when
// it is full (append alone grows large slices by only a quarter, which
// allocates several times a long line) and never past what the longest
// allowed line needs. The buffer is kept for the following lines.
func (lr *lineReader) grow(chunk []byte) []byte {
	need := len(lr.long) + len(chunk)
	if need > cap(lr.long) {
		grown := make([]byte, len(lr.long), min(max(2*cap(lr.long), need, 2*readBuffer), lr.max+readBuffer))
		copy(grown, lr.long)
		lr.long = grown
	}
	return append(lr.long, chunk...)
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
