package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// A replayed Idempotency-Key is answered with the original result, and
// the pages disagree on its status code. docs_guides_error-handling.md:
// "If you retry the same request with the same key, you get the original
// result back as a 409 HTTP response code. This is not an error — it
// means your operation is complete. Extract the result from the response
// body if needed and continue." docs_guides_idempotent-requests.md: 409 is
// "usually caused by submitting concurrent requests for the same cached
// data while the request is still in progress", and a replay returns "the
// same result" (the original status). Every form is accepted: a 2xx is a
// result as always; a 409 whose body is a result (it names the job) is
// that result; a 409 without one is a request still in progress, retried
// with the same key until the stored result comes back (see retry.go).

// isReplayedResult reports whether a 409's body carries the original
// result: a JSON object naming a job (id, or jobId as in uploadFileInfo)
// and not reporting a failure.
func isReplayedResult(body []byte) bool {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return false
	}
	var probe struct {
		ID      string          `json:"id"`
		JobID   string          `json:"jobId"`
		Success *bool           `json:"success"`
		Reasons json.RawMessage `json:"reasons"`
	}
	if json.Unmarshal(body, &probe) != nil || (probe.Success != nil && !*probe.Success) {
		return false
	}
	return probe.ID != "" || probe.JobID != ""
}

// replayedAsResult turns a 409 that carries the original result into the
// 200 it stands for, so decode reads it like the first answer.
func replayedAsResult(ctx context.Context, op string, resp *http.Response, body []byte) *http.Response {
	if resp.StatusCode != http.StatusConflict || !isReplayedResult(body) {
		return resp
	}
	tflog.Debug(ctx, "Zuora answered a repeated Idempotency-Key with the original result (HTTP 409): the operation is complete",
		map[string]interface{}{"operation": op})
	ok := *resp
	ok.StatusCode = http.StatusOK
	return &ok
}

// conflictInProgress: a 409 without a result, which the idempotency guide
// says is the same key still being processed; worth retrying.
func conflictInProgress(resp *http.Response) bool {
	if resp.StatusCode != http.StatusConflict {
		return false
	}
	body, whole, err := peekBody(resp, maxErrorBody)
	return err == nil && whole && !isReplayedResult(body)
}
