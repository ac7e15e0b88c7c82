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
				lr.long = append(lr.long, chunk...)
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
			lr.long = append(lr.long, chunk...)
			line = lr.long
		}
		line = trimEOL(line)
		if tooLong || len(line) > lr.max {
			return nil, n, true, nil
		}
		return line, n, false, nil
	}
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
