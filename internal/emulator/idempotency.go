package emulator

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net/http"
)

// maxIdempotencyKey: keys "should be less than 255 characters long"
// (docs_guides_idempotent-requests.md).
const maxIdempotencyKey = 254

// An Idempotency-Key is remembered per client, method and path, with a
// hash of the body so a key reused for a different request is refused.
type idemKey struct{ client, method, path, key string }

type idemEntry struct {
	body     [32]byte
	done     bool
	status   int
	header   http.Header
	response []byte
}

// serveIdempotent answers a repeated key with the stored response without
// acting again; a first use runs the handler and stores its answer, even
// when the answer is then lost to an AfterHandling fault.
func (s *Server) serveIdempotent(w http.ResponseWriter, r *http.Request, client, key string) {
	if len(key) > maxIdempotencyKey {
		writeReason(w, http.StatusBadRequest, codeInvalidValue, "Idempotency-Key must be less than %d characters", maxIdempotencyKey+1)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeReason(w, http.StatusBadRequest, codeMalformed, "The request body could not be read or exceeds 1 MiB")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	k := idemKey{client, r.Method, r.URL.Path, key}
	sum := sha256.Sum256(body)

	s.mu.Lock()
	e, seen := s.idem[k]
	if !seen {
		e = &idemEntry{body: sum}
		s.idem[k] = e
	}
	done, same := e.done, e.body == sum
	s.mu.Unlock()

	switch {
	case seen && !same:
		writeReason(w, http.StatusBadRequest, codeInvalidValue, "Idempotency-Key %q was already used with a different request body", key)
		return
	case seen && !done:
		writeReason(w, http.StatusConflict, codeRuleRestriction, "A request with Idempotency-Key %q is still being processed", key)
		return
	case seen:
		s.mu.Lock()
		status, header, response := e.status, e.header.Clone(), e.response
		s.mu.Unlock()
		w.Header().Set("Idempotent-Replayed", "true")
		if s.isReference() && status >= 200 && status < 300 {
			// docs_guides_error-handling.md: "you get the original result
			// back as a 409 HTTP response code".
			status = http.StatusConflict
		}
		replay(w, status, header, response)
		return
	}

	rec := newRecorder()
	s.mux.ServeHTTP(rec, r)
	s.mu.Lock()
	e.done, e.status, e.header, e.response = true, rec.status, rec.header.Clone(), rec.body.Bytes()
	s.mu.Unlock()
	replay(w, rec.status, rec.header, rec.body.Bytes())
}

func replay(w http.ResponseWriter, status int, header http.Header, body []byte) {
	for k, v := range header {
		w.Header()[k] = v
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
