package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	if maxBytes <= 0 {
		return []byte{}, nil
	}
	var buf bytes.Buffer
	_, err := c.fetch(ctx, "fetch result file", rawURL, maxBytes, true, &buf)
	return buf.Bytes(), err
}

// HashFile streams a presigned file into SHA-256 and returns the hex digest
// and the size. A file larger than maxBytes is an error, found after
// reading maxBytes+1 bytes, never the whole of a huge file.
func (c *Client) HashFile(ctx context.Context, rawURL string, maxBytes int64) (string, int64, error) {
	h := sha256.New()
	n, err := c.StreamFile(ctx, rawURL, maxBytes, h)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// StreamFile copies the presigned file behind rawURL into w, without the
// Authorization header (the URL carries its own credentials), and returns
// how many bytes it copied. A file larger than maxBytes is an error, found
// after copying maxBytes+1 bytes, never the whole of a huge file: n is then
// more than maxBytes. The duplicate guard streams a loaded job's file
// through its hashers with it (get-download-links-for-job.md: the
// sourceFile link); combine it with WithFreshLink, since a stored link may
// have died.
func (c *Client) StreamFile(ctx context.Context, rawURL string, maxBytes int64, w io.Writer) (int64, error) {
	const op = "stream source file"
	n, err := c.fetch(ctx, op, rawURL, maxBytes+1, false, w)
	if err == nil && n > maxBytes {
		err = &Error{Operation: op, Err: fmt.Errorf("the file is larger than %d bytes", maxBytes)}
	}
	return n, err
}

// fetch copies at most maxBytes of a presigned URL into w, without the
// Authorization header, and returns how many bytes it copied. ranged asks
// the server for only those bytes. Errors and logs never show the URL's
// credentials.
func (c *Client) fetch(ctx context.Context, op, rawURL string, maxBytes int64, ranged bool, w io.Writer) (int64, error) {
	ctx = c.maskSecrets(ctx)
	start := time.Now()
	resp, attempts, err := c.send(ctx, retryIdempotent, http.MethodGet, rawURL, nil, func(req *retryablehttp.Request) {
		if ranged {
			req.Header.Set("Range", "bytes=0-"+strconv.FormatInt(maxBytes-1, 10))
		}
	})
	fields := map[string]interface{}{
		"operation": op, "url": redactURL(rawURL), "attempts": attempts, "duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = redact(err.Error())
		tflog.Debug(ctx, "presigned file fetch failed", fields)
		return 0, &Error{Operation: op, Err: sanitizeTransportError(err)}
	}
	defer resp.Body.Close()
	fields["status"] = resp.StatusCode
	tflog.Debug(ctx, "presigned file fetched", fields)
	switch {
	case ranged && resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		return 0, nil // an empty file has no byte 0
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		body, _ := readLimited(resp, maxErrorBody)
		return 0, c.responseError(op, resp, body, "")
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, maxBytes))
	if err != nil {
		return n, &Error{Operation: op, StatusCode: resp.StatusCode, Err: fmt.Errorf("reading the file: %w", sanitizeTransportError(err))}
	}
	return n, nil
}
