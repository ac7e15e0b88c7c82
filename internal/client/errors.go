package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Error is every failure of a call to Zuora or to a presigned S3 URL: an
// HTTP error status, a body that says success:false, or a transport
// failure (StatusCode 0, Err set). Its text never contains credentials.
type Error struct {
	Operation  string // what was being done, e.g. "create bulk job"
	StatusCode int    // HTTP status; 0 when no response arrived
	RequestID  string // Zuora-Request-Id (x-amz-request-id for S3)
	TrackID    string // Zuora-Track-Id we sent
	ProcessID  string // processId of a {"success":false} body
	Reasons    []Reason
	RetryAfter time.Duration // how long the server asked to wait: Retry-After, else its rate-limit headers
	Err        error         // the transport error, when StatusCode is 0

	requestIDHeader string // the header that RequestID came from, for Error()
}

// Reason is one code and message from Zuora (or S3).
type Reason struct {
	Code    string
	Message string
}

// Retryable reports whether the code's category, the last two digits of
// Zuora's eight-digit codes, is one Zuora documents as transient: 50, 61,
// 70 or 99.
func (r Reason) Retryable() bool {
	if len(r.Code) != 8 || strings.Trim(r.Code, "0123456789") != "" {
		return false
	}
	switch r.Code[6:] {
	case "50", "61", "70", "99":
		return true
	}
	return false
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Operation)
	b.WriteString(": ")
	if e.StatusCode == 0 {
		if e.Err != nil {
			b.WriteString(e.Err.Error())
		} else {
			b.WriteString("no response")
		}
	} else {
		fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
		if text := http.StatusText(e.StatusCode); text != "" {
			b.WriteString(" " + text)
		}
		for i, r := range e.Reasons {
			if i == 0 {
				b.WriteString(": ")
			} else {
				b.WriteString("; ")
			}
			if r.Code != "" {
				b.WriteString(r.Code + ": ")
			}
			b.WriteString(r.Message)
		}
	}
	var ids []string
	if e.RequestID != "" {
		label := e.requestIDHeader
		if label == "" {
			label = "Zuora-Request-Id"
		}
		ids = append(ids, label+" "+e.RequestID)
	}
	if e.TrackID != "" {
		ids = append(ids, "Zuora-Track-Id "+e.TrackID)
	}
	if len(ids) > 0 {
		b.WriteString(" (" + strings.Join(ids, ", ") + ")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// IsNotFound reports whether err is an *Error with HTTP 404.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound
}

// responseError builds the error for a failed response whose body has been
// read, scrubbing any credential the body might echo.
func (c *Client) responseError(op string, resp *http.Response, body []byte, trackID string) *Error {
	parsed := parseErrorBody(body)
	e := &Error{
		Operation:  op,
		StatusCode: resp.StatusCode,
		RequestID:  resp.Header.Get("Zuora-Request-Id"),
		TrackID:    trackID,
		ProcessID:  parsed.processID,
	}
	if e.RequestID == "" && parsed.requestID != "" {
		e.RequestID, e.requestIDHeader = parsed.requestID, "S3 RequestId"
	}
	if id := resp.Header.Get("x-amz-request-id"); e.RequestID == "" && id != "" {
		e.RequestID, e.requestIDHeader = id, "x-amz-request-id"
	}
	if d, ok := serverWait(resp, time.Now()); ok {
		e.RetryAfter = d
	}
	for _, r := range parsed.reasons {
		e.Reasons = append(e.Reasons, Reason{Code: c.scrub(r.Code), Message: c.scrub(r.Message)})
	}
	return e
}
