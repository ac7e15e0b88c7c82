package emulator

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"
)

// ServeHTTP runs every request through what Zuora's gateway does before
// the API sees it: request ids and rate-limit headers, then injected
// faults, then authentication and Idempotency-Key replay.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.count(&s.counts.Requests)
	h := w.Header()
	h.Set("Zuora-Request-Id", newUUID())
	if isS3Path(r.URL.Path) {
		h.Set("x-amz-request-id", h.Get("Zuora-Request-Id"))
	}
	if track := r.Header.Get("Zuora-Track-Id"); track != "" {
		if msg := checkTrackID(track); msg != "" {
			writeReason(w, http.StatusBadRequest, codeInvalidValue, "%s", msg)
			return
		}
		h.Set("Zuora-Track-Id", track)
	}
	if !s.takeRateLimit(w, r.URL.Path) {
		return
	}
	conn := w // a reset hijacks the connection itself, not the gzip buffer
	var gw *gzipResponse
	if !isS3Path(r.URL.Path) && acceptsGzip(r) {
		gw = &gzipResponse{ResponseWriter: w}
		defer gw.finish()
		w = gw
	}

	f := s.takeFault(r)
	if f == nil {
		s.serveAPI(w, r)
		return
	}
	var handled *recorder
	if f.AfterHandling {
		handled = newRecorder() // the effect is kept; the answer may be lost
		s.serveAPI(handled, r)
	}
	if f.Latency > 0 && !s.sleep(r.Context(), f.Latency) {
		return
	}
	switch {
	case f.Reset:
		if gw != nil {
			gw.abandon()
		}
		resetConnection(conn)
	case f.Status != 0:
		writeFault(w, r, f)
	case handled != nil:
		replay(w, handled.status, handled.header, handled.body.Bytes())
	default:
		s.serveAPI(w, r)
	}
}

// resetConnection drops the connection with a TCP reset, answering nothing.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// serveAPI authenticates (except on the token endpoint and the S3 paths,
// which carry their own credentials) and dispatches.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/token" || isS3Path(r.URL.Path) {
		s.mux.ServeHTTP(w, r)
		return
	}
	client, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), clientKey{}, client))
	if key := r.Header.Get("Idempotency-Key"); key != "" && r.Method == http.MethodPost {
		s.serveIdempotent(w, r, client, key)
		return
	}
	s.mux.ServeHTTP(w, r)
}

type clientKey struct{}

// clientOf is the OAuth client that authenticated r.
func clientOf(r *http.Request) string {
	c, _ := r.Context().Value(clientKey{}).(string)
	return c
}

// sleep waits d unless the request or the server ends first.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}

// checkTrackID applies the documented limits on Zuora-Track-Id.
func checkTrackID(v string) string {
	if len(v) > 64 {
		return "Zuora-Track-Id must be at most 64 characters"
	}
	for _, c := range v {
		if c > 0x7e || c < 0x20 || strings.ContainsRune(`:;"'`, c) {
			return `Zuora-Track-Id must be US-ASCII without ':', ';', '"' or '''`
		}
	}
	return ""
}

// setRateLimitHeaders sends static limits: the token endpoint uses the
// per-minute X- headers, the rest the RateLimit-* family.
func setRateLimitHeaders(h http.Header, path string, exhausted bool) {
	remaining := "999"
	if exhausted {
		remaining = "0"
	}
	switch {
	case isS3Path(path):
	case path == "/oauth/token":
		h.Set("X-RateLimit-Limit-minute", "1000")
		h.Set("X-RateLimit-Remaining-minute", remaining)
	default:
		h.Set("RateLimit-Limit", "1000")
		h.Set("RateLimit-Remaining", remaining)
		h.Set("RateLimit-Reset", "60")
	}
}
