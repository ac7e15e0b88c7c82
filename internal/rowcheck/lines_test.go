package rowcheck

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

type readLine struct {
	text    string
	n       int
	tooLong bool
}

// splitLines is what lineReader must return, from the whole input at once.
func splitLines(in []byte, maxLen int) (out []readLine) {
	for len(in) > 0 {
		k := bytes.IndexByte(in, '\n') + 1
		if k == 0 {
			k = len(in)
		}
		text := trimEOL(in[:k])
		if len(text) > maxLen {
			out = append(out, readLine{"", k, true})
		} else {
			out = append(out, readLine{string(text), k, false})
		}
		in = in[k:]
	}
	return out
}

func readAllLines(t *testing.T, lr *lineReader) (out []readLine) {
	for {
		line, n, tooLong, err := lr.next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, readLine{string(line), n, tooLong})
	}
}

// Lines of every length around the buffer's size and the limit, CRLF
// endings, no final newline, read in pieces of any size: the same lines
// as splitting the whole input.
func TestLineReaderMatchesSplitting(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	readers := map[string]func(io.Reader) io.Reader{
		"whole": func(r io.Reader) io.Reader { return r }, "one byte": iotest.OneByteReader,
		"half": iotest.HalfReader, "data and EOF": iotest.DataErrReader,
	}
	for range 2_000 {
		var in []byte
		for range r.IntN(8) {
			in = append(in, bytes.Repeat([]byte{'x'}, r.IntN(40))...)
			in = append(in, []string{"\n", "\r\n", "\r", "\r\r\n", ""}[r.IntN(5)]...)
		}
		maxLen := 1 + r.IntN(24)
		want := splitLines(in, maxLen)
		for name, wrap := range readers {
			lr := &lineReader{r: wrap(bytes.NewReader(in)), buf: make([]byte, 1+r.IntN(8)), max: maxLen}
			got := readAllLines(t, lr)
			if len(got) != len(want) {
				t.Fatalf("%s, max %d, %q: got %+v, want %+v", name, maxLen, in, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s, max %d, %q: line %d is %+v, want %+v", name, maxLen, in, i+1, got[i], want[i])
				}
			}
			if cap(lr.buf) > 2*(maxLen+2)+16 { // +16: the allocator rounds tiny sizes up
				t.Fatalf("buffer grew to %d for lines of at most %d bytes", cap(lr.buf), maxLen)
			}
		}
	}
}

func TestLineReaderReturnsTheReadError(t *testing.T) {
	broken := errors.New("disk on fire")
	lr := newLineReader(io.MultiReader(bytes.NewReader([]byte("a\nb")), iotest.ErrReader(broken)))
	if line, _, _, err := lr.next(); string(line) != "a" || err != nil {
		t.Fatalf("first line %q, %v", line, err)
	}
	if _, _, _, err := lr.next(); !errors.Is(err, broken) {
		t.Fatalf("got %v, want the read error", err)
	}
}
