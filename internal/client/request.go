package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// apiCall describes one call to the Zuora API.
type apiCall struct {
	op          string // for errors and logs, e.g. "create bulk job"
	method      string
	path        string // already escaped
	query       url.Values
	body        []byte
	contentType string // defaults to application/json when body is set
	policy      retryPolicy
	noAuth      bool // the token request itself
}

// call performs ac and decodes a successful JSON answer into out (which
// may be nil). On a 401 an OAuth client fetches a new token and repeats
// the call once; the repeat keeps the Idempotency-Key, so it is safe even
// for a call that changes something.
func (c *Client) call(ctx context.Context, ac apiCall, out interface{}) error {
	ctx = c.maskSecrets(ctx)
	trackID := newTrackID()
	var idempotencyKey string
	if ac.policy == retryUnsafe {
		idempotencyKey = idempotencyKeyFor(ctx, ac.op)
	}
	token, err := c.tokenFor(ctx, ac)
	if err != nil {
		return err
	}
	resp, body, err := c.exchange(ctx, ac, token, trackID, idempotencyKey)
	if err == nil && resp.StatusCode == http.StatusUnauthorized && !ac.noAuth && c.usesOAuth() {
		tflog.Debug(ctx, "Zuora rejected the token; fetching a new one and repeating the call once",
			map[string]interface{}{"operation": ac.op})
		if token, err = c.refreshAfter401(ctx, token); err != nil {
			return err
		}
		resp, body, err = c.exchange(ctx, ac, token, trackID, idempotencyKey)
	}
	if err != nil {
		return err
	}
	if idempotencyKey != "" {
		resp = replayedAsResult(ctx, ac.op, resp, body)
	}
	return c.decode(ac.op, resp, body, trackID, out)
}

func (c *Client) tokenFor(ctx context.Context, ac apiCall) (string, error) {
	if ac.noAuth {
		return "", nil
	}
	return c.bearer(ctx)
}

// exchange sends one call, with retries, and reads the answer.
func (c *Client) exchange(ctx context.Context, ac apiCall, token, trackID, idempotencyKey string) (*http.Response, []byte, error) {
	var body interface{}
	if ac.body != nil {
		body = ac.body
	}
	if tflog.IsTrace(ctx) && len(ac.body) > 0 {
		tflog.Trace(ctx, "Zuora request body", map[string]interface{}{
			"operation": ac.op, "body": traceBody(ac.body), "zuora_track_id": trackID,
		})
	}
	start := time.Now()
	resp, attempts, err := c.send(ctx, ac.policy, ac.method, c.endpoint(ac.path, ac.query), body, func(req *retryablehttp.Request) {
		c.setZuoraHeaders(req.Header, trackID)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if ac.body != nil {
			req.Header.Set("Content-Type", orString(ac.contentType, "application/json"))
		}
		if idempotencyKey != "" {
			req.Header.Set("Idempotency-Key", idempotencyKey)
		}
	})
	logFields := map[string]interface{}{
		"operation": ac.op, "method": ac.method, "path": ac.path, "attempts": attempts,
		"duration_ms": time.Since(start).Milliseconds(), "zuora_track_id": trackID,
	}
	if len(ac.query) > 0 {
		logFields["query"] = redact(ac.query.Encode())
	}
	if err != nil {
		logFields["error"] = err.Error()
		tflog.Debug(ctx, "Zuora API call failed", logFields)
		return nil, nil, &Error{Operation: ac.op, TrackID: trackID, Err: sanitizeTransportError(err)}
	}
	respBody, readErr := readLimited(resp, maxResponseBody)
	c.noteRateLimit(resp.Header)
	logFields["status"] = resp.StatusCode
	logFields["zuora_request_id"] = resp.Header.Get("Zuora-Request-Id")
	tflog.Debug(ctx, "Zuora API call", logFields)
	if tflog.IsTrace(ctx) {
		tflog.Trace(ctx, "Zuora response body", map[string]interface{}{
			"operation": ac.op, "body": traceBody(respBody), "zuora_track_id": trackID,
		})
	}
	if readErr != nil {
		return nil, nil, &Error{Operation: ac.op, StatusCode: resp.StatusCode, TrackID: trackID,
			RequestID: resp.Header.Get("Zuora-Request-Id"), Err: readErr,
			Reasons: []Reason{{Message: "reading the response: " + readErr.Error()}}}
	}
	return resp, respBody, nil
}

// send performs one HTTP exchange with the retries policy allows. prepare
// sets headers. It returns the number of attempts made.
func (c *Client) send(ctx context.Context, policy retryPolicy, method, target string, body interface{},
	prepare func(*retryablehttp.Request)) (*http.Response, int, error) {
	ctx, state := withAttemptState(ctx)
	req, err := retryablehttp.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	prepare(req)
	resp, err := c.retryClient(ctx, policy, state).Do(req)
	if err != nil && resp != nil {
		resp.Body.Close()
		resp = nil
	}
	return resp, int(state.attempts.Load()), err
}

func (c *Client) setZuoraHeaders(h http.Header, trackID string) {
	h.Set("Accept", "application/json")
	h.Set("Accept-Encoding", "gzip")
	h.Set("Zuora-Track-Id", trackID)
	if c.cfg.EntityID != "" {
		h.Set("Zuora-Entity-Ids", c.cfg.EntityID)
	}
	if len(c.cfg.OrgIDs) > 0 {
		h.Set("Zuora-Org-Ids", strings.Join(c.cfg.OrgIDs, ","))
	}
}

// decode turns an answer into out, or into an *Error for an error status
// or a {"success":false} body (which Zuora sends even under HTTP 200).
func (c *Client) decode(op string, resp *http.Response, body []byte, trackID string, out interface{}) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.responseError(op, resp, body, trackID)
	}
	if bytes.Contains(body, []byte(`"success"`)) {
		if parsed, ok := parseJSONError(bytes.TrimSpace(body)); ok && parsed.failed() {
			return c.responseError(op, resp, body, trackID)
		}
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &Error{Operation: op, StatusCode: resp.StatusCode, TrackID: trackID,
			RequestID: resp.Header.Get("Zuora-Request-Id"), Err: err,
			Reasons: []Reason{{Message: "unexpected response: " + err.Error()}}}
	}
	return nil
}

// sanitizeTransportError strips the query from the URL that net/http puts
// into its errors: for a presigned URL it holds the signature.
func sanitizeTransportError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
	}
	return err
}

func orString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
