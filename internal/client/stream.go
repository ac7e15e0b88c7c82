package client

import (
	"context"
	"io"
)

// StreamFile copies the presigned file behind rawURL into w, without the
// Authorization header (the URL carries its own credentials), and returns
// how many bytes it copied. A file larger than maxBytes is an error, found
// after copying maxBytes+1 bytes, never the whole of a huge file: n is then
// more than maxBytes. The duplicate guard streams a loaded job's file
// through its hashers with it (get-download-links-for-job.md: the
// sourceFile link); combine it with WithFreshLink, since a stored link may
// have died.
func (c *Client) StreamFile(ctx context.Context, rawURL string, maxBytes int64, w io.Writer) (int64, error) {
	return c.copyAtMost(ctx, "stream source file", rawURL, maxBytes, w)
}
