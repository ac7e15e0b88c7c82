package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryPolicy says which failures of a call may be retried.
type retryPolicy int

const (
	// retryIdempotent: reads and the token request. Repeating them has no
	// effect on Zuora, so every transient failure is retried.
	retryIdempotent retryPolicy = iota
	// retryUnsafe: POSTs that create or change a job. Retried only when
	// Zuora cannot have acted: a 429 or 503, a {"success":false} answer
	// with a transient code, or a connection that failed before the
	// request was written. A 500, 502, 504 or a timeout after
	// writing may hide a job that was created, so it is never retried.
	retryUnsafe
	// retryUpload: the presigned S3 upload. Nothing is submitted until the
	// job is, so any server or connection failure is retried.
	retryUpload
)

// retryClient builds a per-call retryablehttp client: cheap (it shares the
// pooled http.Client) and it lets the logger carry this call's ctx.
func (c *Client) retryClient(ctx context.Context, policy retryPolicy, state *attemptState) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       leveledLogger{ctx: ctx},
		RetryWaitMin: c.cfg.RetryWaitMin,
		RetryWaitMax: c.cfg.RetryWaitMax,
		RetryMax:     c.cfg.MaxRetries,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			if state.budgetSpent.Load() {
				return false, nil
			}
			retry, cerr := policy.check(ctx, resp, err)
			state.refused.Store(retry && resp != nil && resp.StatusCode < 300)
			return retry, cerr
		},
		Backoff: func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
			return state.spend(backoff(minWait, maxWait, attempt, resp), c.cfg.MaxRetryWait)
		},
		// Hand the last response back so its body becomes a useful error.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		PrepareRetry: func(req *http.Request) error {
			n := state.attempts.Add(1)
			state.wrote.Store(false)
			if key := req.Header.Get("Idempotency-Key"); key != "" && state.refused.Load() {
				req.Header.Set("Idempotency-Key", retryKey(key, n))
			}
			return nil
		},
	}
}

// attemptState follows the current attempt of one call.
type attemptState struct {
	attempts    atomic.Int32
	wrote       atomic.Bool // the transport began writing this attempt
	waited      time.Duration
	budgetSpent atomic.Bool // waited has reached MaxRetryWait: no more retries
	// refused: the last answer was Zuora's {"success":false}, saying it
	// did nothing. A replay with the same Idempotency-Key would only get
	// that stored answer back, so the next attempt carries a new key.
	refused atomic.Bool
}

// spend clamps one wait to what is left of the call's retry budget, so a
// dead endpoint or a huge Retry-After cannot hold a plan for ever; the
// attempt after the last allowed wait is the call's last.
func (s *attemptState) spend(d, budget time.Duration) time.Duration {
	if budget <= 0 {
		return d
	}
	d = min(d, budget-s.waited)
	s.waited += d
	if s.waited >= budget {
		s.budgetSpent.Store(true)
	}
	return d
}

type attemptStateKey struct{}

// withAttemptState makes the transport report, through httptrace, whether
// it began writing a request: until it has, Zuora cannot have acted on it.
func withAttemptState(ctx context.Context) (context.Context, *attemptState) {
	state := &attemptState{}
	state.attempts.Store(1)
	ctx = context.WithValue(ctx, attemptStateKey{}, state)
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteHeaderField: func(string, []string) { state.wrote.Store(true) },
	})
	return ctx, state
}

func (p retryPolicy) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		return p.retryError(ctx, err), nil
	}
	switch p {
	case retryUnsafe:
		// {"success":false} is an explicit answer that nothing was done,
		// so a transient one is retried like a 429 (the same
		// Idempotency-Key goes with every attempt).
		// A 409 without the original result is the same key still in
		// progress (replay.go); its stored answer comes with a retry.
		return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable ||
			conflictInProgress(resp) || (resp.StatusCode < 300 && hasRetryableReason(resp)), nil
	case retryUpload:
		return resp.StatusCode == http.StatusTooManyRequests ||
			(resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented), nil
	default:
		switch resp.StatusCode {
		case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true, nil
		}
		return hasRetryableReason(resp), nil
	}
}

func (p retryPolicy) retryError(ctx context.Context, err error) bool {
	var fatal *bodyError
	if errors.As(err, &fatal) {
		return false
	}
	// retryablehttp knows the hopeless ones: bad scheme, bad certificate,
	// too many redirects.
	if ok, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err); !ok {
		return false
	}
	if p != retryUnsafe {
		return true
	}
	if isDialError(err) {
		return true
	}
	state, _ := ctx.Value(attemptStateKey{}).(*attemptState)
	return state != nil && !state.wrote.Load()
}

// isDialError is true when no connection was made, so nothing was sent.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// retryKey is the Idempotency-Key of attempt n after an explicit refusal:
// derived from the first, so a stable key stays stable across runs.
func retryKey(key string, n int32) string {
	suffix := fmt.Sprintf(" retry %d", n)
	return key[:min(len(key), 255-len(suffix))] + suffix
}

// hasRetryableReason peeks at an error body for a Zuora code whose category
// is transient, including a {"success":false} answer under HTTP 200. The
// body is put back, whole and decompressed, for the caller to read.
func hasRetryableReason(resp *http.Response) bool {
	if resp.Body == nil || (resp.StatusCode < 400 && !mayBeFailure(resp)) {
		return false
	}
	// Failure documents are small; a longer answer is handed on untouched
	// (its compressed length says nothing of its size).
	body, whole, err := peekBody(resp, maxErrorBody)
	if err != nil || !whole || resp.StatusCode < 300 && !bytes.Contains(body, []byte(`"success"`)) {
		return false
	}
	parsed := parseErrorBody(body)
	if resp.StatusCode < 400 && !parsed.failed() {
		return false
	}
	for _, r := range parsed.reasons {
		if r.Retryable() {
			return true
		}
	}
	return false
}

// mayBeFailure: a 2xx JSON answer, which may be a {"success":false}
// document.
func mayBeFailure(resp *http.Response) bool {
	return resp.StatusCode >= 200 && resp.StatusCode < 300 &&
		strings.Contains(resp.Header.Get("Content-Type"), "json")
}

// backoff honors Retry-After on 429 and 503, or failing that the
// rate-limit headers; otherwise it waits a random time between
// RetryWaitMin and an exponentially growing ceiling capped at
// RetryWaitMax, so that many clients do not retry in step.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := serverWait(resp, time.Now()); ok {
			return d
		}
	}
	return jitter(minWait, expCeiling(minWait, maxWait, attempt))
}

// serverWait is how long the server asked the client to wait: Retry-After,
// or failing that the rate-limit headers.
func serverWait(resp *http.Response, now time.Time) (time.Duration, bool) {
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
		return d, true
	}
	return rateLimitWait(resp.StatusCode, resp.Header, now)
}

// rateLimitWait reads the limits Zuora sends when it gives no Retry-After,
// once the limit is spent (a 429, or RateLimit-Remaining at zero):
// RateLimit-Reset (seconds until the window resets; an epoch time is
// accepted too), or, on the token endpoint, X-RateLimit-Remaining-minute
// at zero, which means waiting out the minute. A 503 with quota left is an
// outage, not throttling, and gets the ordinary back-off.
func rateLimitWait(status int, h http.Header, now time.Time) (time.Duration, bool) {
	spent := status == http.StatusTooManyRequests || strings.TrimSpace(h.Get("RateLimit-Remaining")) == "0"
	if v := strings.TrimSpace(h.Get("RateLimit-Reset")); v != "" && spent {
		if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
			if secs > 1e9 { // an epoch timestamp, not a delay
				return max(time.Unix(int64(secs), 0).Sub(now), 0), true
			}
			return time.Duration(secs * float64(time.Second)), true
		}
	}
	for name, values := range h {
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "x-ratelimit-remaining") && strings.HasSuffix(lower, "-minute") &&
			len(values) > 0 && strings.TrimSpace(values[0]) == "0" {
			return time.Minute, true
		}
	}
	return 0, false
}

func expCeiling(minWait, maxWait time.Duration, attempt int) time.Duration {
	ceiling := minWait
	for i := 0; i < attempt && ceiling < maxWait; i++ {
		ceiling *= 2
	}
	return min(ceiling, maxWait)
}

// jitter picks a duration in [lo, hi].
func jitter(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + rand.N(hi-lo+1)
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}
