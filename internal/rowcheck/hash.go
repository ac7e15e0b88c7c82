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
	rows    *RowHasher    // nil unless Options.Rows asks
	fill    []byte        // the chunk being filled
	work    chan []byte   // filled chunks, in order, to the hasher
	free    chan []byte   // chunks the hasher is done with
	done    chan struct{} // closed when the hasher has hashed everything
	stopped bool
}

func newHashingReader(r io.Reader, opts Options) *hashingReader {
	hr := &hashingReader{
		r: r, h: sha256.New(),
		work: make(chan []byte, hashChunks), free: make(chan []byte, hashChunks), done: make(chan struct{}),
	}
	if opts.Rows != nil {
		hr.rows = NewRowHasher(opts.FileType, opts.HasHeaders, *opts.Rows)
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
		if hr.rows != nil {
			_, _ = hr.rows.Write(chunk) // never fails
		}
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

// rowSummary is the row identity of everything read, if asked for.
func (hr *hashingReader) rowSummary() *RowSummary {
	if hr.rows == nil {
		return nil
	}
	hr.stop()
	s := hr.rows.Sum()
	return &s
}

// sum is the hex SHA-256 of everything read.
func (hr *hashingReader) sum() string {
	hr.stop()
	return hex.EncodeToString(hr.h.Sum(nil))
}

// HashRows reads a file of fileType ("csv" in any case, else JSON lines)
// to the end for the identity of its rows: the SHA-256 of its canonical
// rows (line endings, blank lines and the final newline ignored; see
// RowHasher), how many rows it has and, as opts asks, their hashes or how
// many of them an earlier file holds. It works on any reader: the local
// file, or Zuora's copy of a loaded file as it downloads.
func HashRows(r io.Reader, fileType string, hasHeaders bool, opts RowOptions) (RowSummary, error) {
	h := NewRowHasher(fileType, hasHeaders, opts)
	if _, err := io.CopyBuffer(h, r, make([]byte, readBuffer)); err != nil {
		return RowSummary{}, err
	}
	return h.Sum(), nil
}
