package client

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strings"
)

const (
	// maxResponseBody caps what a JSON answer may take in memory. The
	// answer, the buffer's growth (up to three times the answer while a
	// doubling buffer is copied) and its decoded form must stay under the
	// provider's 64 MiB target whatever Zuora sends; the largest answer, a
	// field-metadata document, is well under a megabyte even for an object
	// with hundreds of custom fields.
	maxResponseBody = 8 << 20
	// maxErrorBody is plenty for any error document.
	maxErrorBody = 1 << 20
)

var errBodyTooLarge = errors.New("response body too large")

// readLimited reads and closes the body, decompressing gzip: Accept-Encoding
// is set explicitly on Zuora calls, so net/http leaves decompression to us.
// It reads at most limit bytes (after decompression, so a gzip bomb stops
// there too) and returns what it read with errBodyTooLarge beyond that.
func readLimited(resp *http.Response, limit int64) ([]byte, error) {
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip") {
		zr, err := gzip.NewReader(resp.Body)
		if errors.Is(err, io.EOF) {
			resp.Header.Del("Content-Encoding")
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
		// The body handed back by bodyFrom is plain.
		resp.Header.Del("Content-Encoding")
	}
	b, err := readAtMost(r, limit+1, resp.ContentLength)
	if err != nil {
		return b, err
	}
	if int64(len(b)) > limit {
		return b[:limit], errBodyTooLarge
	}
	return b, nil
}

// readAtMost reads up to n bytes into one buffer. When the server said how
// long the answer is, the buffer is allocated once at that size (capped at
// n), so a large answer is not copied from one doubled buffer to the next.
func readAtMost(r io.Reader, n, sizeHint int64) ([]byte, error) {
	var buf bytes.Buffer
	if sizeHint > 0 {
		buf.Grow(int(min(sizeHint, n)) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, n))
	return buf.Bytes(), err
}

// peekBody reads up to limit bytes of the body, decompressed, without
// losing the rest: the body put back yields the whole answer, plain, and
// closes the original. whole is false when the answer is longer than
// limit, so a large answer (a result file, a metadata document) is neither
// buffered nor cut.
func peekBody(resp *http.Response, limit int64) (head []byte, whole bool, err error) {
	var r io.Reader = resp.Body
	if strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip") {
		zr, zerr := gzip.NewReader(resp.Body)
		if zerr != nil && !errors.Is(zerr, io.EOF) {
			return nil, false, zerr
		}
		resp.Header.Del("Content-Encoding")
		if zerr == nil {
			r = zr
		} else {
			r = bytes.NewReader(nil) // an empty gzip body
		}
	}
	head, err = readAtMost(r, limit+1, 0)
	resp.Body = readCloser{io.MultiReader(bytes.NewReader(head), r), resp.Body}
	return head, int64(len(head)) <= limit, err
}

type readCloser struct {
	io.Reader
	io.Closer
}

// bodyError marks a failure of our own request body (the file could not
// be opened, or its size changed). Retrying cannot help.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }
