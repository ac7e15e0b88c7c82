package emulator

import (
	"net/http"
	"strings"
)

// InjectFault queues a fault. Faults apply in the order queued: a request
// takes the first one that matches it.
func (s *Server) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// takeFault consumes one use of the first fault matching r.
func (s *Server) takeFault(r *http.Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Method == "" || strings.EqualFold(f.Method, r.Method)) && strings.HasSuffix(r.URL.Path, f.PathSuffix) {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			c := *f
			return &c
		}
	}
	return nil
}

// writeFault answers as Zuora (or, on the S3 paths, S3) would for the
// injected status.
func writeFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Status == http.StatusTooManyRequests {
		setRateLimitHeaders(w.Header(), r.URL.Path, true)
		if w.Header().Get("RateLimit-Reset") != "" {
			// The window an injected throttle spends is as long as its
			// Retry-After, or a second.
			reset := f.RetryAfter
			if reset == "" {
				reset = "1"
			}
			w.Header().Set("RateLimit-Reset", reset)
		}
	}
	if isS3Path(r.URL.Path) {
		code, msg := "InternalError", "We encountered an internal error. Please try again."
		switch {
		case f.Status == http.StatusTooManyRequests || f.Status == http.StatusServiceUnavailable:
			code, msg = "SlowDown", "Please reduce your request rate."
		case f.Status < 500:
			code, msg = "InvalidRequest", "The request was refused."
		}
		writeS3Error(w, s3Err(f.Status, code, msg))
		return
	}
	switch {
	case f.Status == http.StatusTooManyRequests:
		writeReason(w, f.Status, codeTooManyRequests, "Too many requests; retry after the interval in Retry-After")
	case f.Status == http.StatusInternalServerError:
		writeReason(w, f.Status, codeInternal, "Internal server error")
	case f.Status >= 500:
		writeReason(w, f.Status, codeTemporary, "Service temporarily unavailable; please retry")
	default:
		writeReason(w, f.Status, codeRuleRestriction, "The request was refused")
	}
}

// PendingFaults is how many uses of the injected faults no request has
// taken yet, so a test can tell that its fault fired.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.Times
	}
	return n
}
