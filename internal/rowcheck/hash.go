package rowcheck

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
)

// Hash reads r to the end for its SHA-256 (hex) and length, checking
// nothing: what a plan needs to tell whether a file changed.
func Hash(r io.Reader) (string, int64, error) {
	h := sha256.New()
	// A bare writer, so io.CopyBuffer uses the large buffer rather than
	// whatever ReaderFrom or WriterTo the two sides offer.
	n, err := io.CopyBuffer(struct{ io.Writer }{h}, r, make([]byte, readBuffer))
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// hashChunk and hashChunks size the hand-off to the hashing goroutine:
// enough in flight that neither side waits for the other at steady state.
const (
	hashChunk  = 256 << 10
	hashChunks = 4
)

// hashingReader counts the bytes read through it and hashes them on a
// second goroutine, so a scan costs about the larger of validating and
// hashing rather than their sum. Bytes are copied into chunks the hasher
// owns until it hands them back; the reader's caller keeps its own buffer.
type hashingReader struct {
	r   io.Reader
	n   int64
	err error // the first read error other than EOF

	h       hash.Hash
	fill    []byte        // the chunk being filled
	work    chan []byte   // filled chunks, in order, to the hasher
	free    chan []byte   // chunks the hasher is done with
	done    chan struct{} // closed when the hasher has hashed everything
	stopped bool
}

func newHashingReader(r io.Reader) *hashingReader {
	hr := &hashingReader{
		r: r, h: sha256.New(),
		work: make(chan []byte, hashChunks), free: make(chan []byte, hashChunks), done: make(chan struct{}),
	}
	for range hashChunks {
		hr.free <- make([]byte, 0, hashChunk)
	}
	hr.fill = <-hr.free
	go hr.hash()
	return hr
}

func (hr *hashingReader) hash() {
	defer close(hr.done)
	for chunk := range hr.work {
		hr.h.Write(chunk)
		hr.free <- chunk[:0]
	}
}

func (hr *hashingReader) Read(p []byte) (int, error) {
	n, err := hr.r.Read(p)
	hr.n += int64(n)
	for b := p[:n]; len(b) > 0; {
		room := cap(hr.fill) - len(hr.fill)
		take := min(room, len(b))
		hr.fill = append(hr.fill, b[:take]...)
		b = b[take:]
		if len(hr.fill) == cap(hr.fill) {
			hr.work <- hr.fill
			hr.fill = <-hr.free
		}
	}
	if err != nil && err != io.EOF && hr.err == nil {
		hr.err = err
	}
	return n, err
}

// stop hands over the last partial chunk and waits for the hasher. It is
// safe to call more than once; Scan defers it so no goroutine outlives a
// failed scan.
func (hr *hashingReader) stop() {
	if hr.stopped {
		return
	}
	hr.stopped = true
	if len(hr.fill) > 0 {
		hr.work <- hr.fill
	}
	close(hr.work)
	<-hr.done
}

// sum is the hex SHA-256 of everything read.
func (hr *hashingReader) sum() string {
	hr.stop()
	return hex.EncodeToString(hr.h.Sum(nil))
}
