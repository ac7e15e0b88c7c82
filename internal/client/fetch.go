package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// FetchHead downloads at most maxBytes from a presigned result-file URL.
// No Authorization header is sent: the URL carries its own credentials.
// It asks for a byte range so that a large file is not transferred; a
// server that ignores the range is simply read no further.
func (c *Client) FetchHead(ctx context.Context, rawURL string, maxBytes int64) ([]byte, error) {
	const op = "fetch result file"
	if maxBytes <= 0 {
		return []byte{}, nil
	}
	ctx = c.maskSecrets(ctx)
	start := time.Now()
	resp, attempts, err := c.send(ctx, retryIdempotent, http.MethodGet, rawURL, nil, func(req *retryablehttp.Request) {
		req.Header.Set("Range", "bytes=0-"+strconv.FormatInt(maxBytes-1, 10))
	})
	fields := map[string]interface{}{
		"url": redactURL(rawURL), "attempts": attempts, "duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = redact(err.Error())
		tflog.Debug(ctx, "result file fetch failed", fields)
		return nil, &Error{Operation: op, Err: sanitizeTransportError(err)}
	}
	defer resp.Body.Close()
	fields["status"] = resp.StatusCode
	tflog.Debug(ctx, "result file fetched", fields)
	switch {
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		return []byte{}, nil // an empty file has no byte 0
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		body, _ := readLimited(resp, maxErrorBody)
		return nil, c.responseError(op, resp, body, "")
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes))
	if err != nil {
		return data, &Error{Operation: op, StatusCode: resp.StatusCode, Err: fmt.Errorf("reading the file: %w", sanitizeTransportError(err))}
	}
	return data, nil
}
