package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const uploadOp = "upload file"

// Upload sends size bytes from open() to the target: a presigned S3 POST
// when target.URI or form fields are set, else a PUT to target.PutURL. open is called again
// for each attempt, so a file is re-read from its start. The body is
// streamed with an exact Content-Length (S3 refuses chunked uploads), so
// memory does not grow with size. No Authorization or Zuora header goes to
// the upload URL: it carries its own credentials. Retried on 429, 5xx and
// connection failures: nothing is submitted until the job is.
func (c *Client) Upload(ctx context.Context, target UploadTarget, filename string, size int64, open func() (io.ReadCloser, error)) error {
	if size < 0 {
		return fmt.Errorf("%s: negative size %d", uploadOp, size)
	}
	ctx = c.maskSecrets(ctx)
	var (
		method, dest, contentType string
		length                    int64
		body                      func() (io.Reader, error)
	)
	switch {
	case target.URI != "" || len(target.Fields) > 0 && target.PutURL != "":
		// Form fields mean a presigned POST whatever the URL was called.
		form, err := newMultipartForm(target.Fields, filename)
		if err != nil {
			return fmt.Errorf("%s: %w", uploadOp, err)
		}
		method, dest, contentType = http.MethodPost, orString(target.URI, target.PutURL), form.contentType
		length = form.length(size)
		body = func() (io.Reader, error) { return form.reader(openExactly(ctx, open, size)), nil }
	case target.PutURL != "":
		method, dest, length = http.MethodPut, target.PutURL, size
		body = func() (io.Reader, error) { return openExactly(ctx, open, size), nil }
	default:
		return fmt.Errorf("%s: the job gave no upload URL", uploadOp)
	}
	tflog.Debug(ctx, "uploading file", map[string]interface{}{
		"method": method, "url": redactURL(dest), "bytes": size, "request_bytes": length,
		"form_fields": fieldNames(target.Fields),
	})
	return c.sendUpload(ctx, method, dest, contentType, length, body)
}

func (c *Client) sendUpload(ctx context.Context, method, dest, contentType string, length int64, body func() (io.Reader, error)) error {
	var raw interface{} // an empty PUT has no body to open
	if length > 0 {
		raw = retryablehttp.ReaderFunc(body)
	}
	start := time.Now()
	resp, attempts, err := c.send(ctx, retryUpload, method, dest, raw, func(req *retryablehttp.Request) {
		req.ContentLength = length
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
	})
	fields := map[string]interface{}{
		"method": method, "url": redactURL(dest), "attempts": attempts, "duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = redact(err.Error())
		tflog.Debug(ctx, "upload failed", fields)
		return &Error{Operation: uploadOp, Err: sanitizeTransportError(err)}
	}
	respBody, _ := readLimited(resp, maxErrorBody)
	fields["status"] = resp.StatusCode
	tflog.Debug(ctx, "upload answered", fields)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.responseError(uploadOp, resp, respBody, "")
	}
	return nil
}

func fieldNames(fields []FormField) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}

// multipartForm is a presigned-POST body laid out up front: every field in
// the given order and the file part's header (head), then the file, then
// the closing boundary (tail). Knowing head and tail gives the exact
// Content-Length without reading the file.
type multipartForm struct {
	head, tail  []byte
	contentType string
}

func newMultipartForm(fields []FormField, filename string) (*multipartForm, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := w.WriteField(f.Name, f.Value); err != nil {
			return nil, err
		}
	}
	// S3 takes the file from the last part named "file" and ignores any
	// field after it, so it must come last.
	if _, err := w.CreateFormFile("file", filename); err != nil {
		return nil, err
	}
	headLen := buf.Len()
	if err := w.Close(); err != nil {
		return nil, err
	}
	all := buf.Bytes()
	return &multipartForm{head: all[:headLen:headLen], tail: all[headLen:], contentType: w.FormDataContentType()}, nil
}

func (f *multipartForm) length(fileSize int64) int64 {
	return int64(len(f.head)) + fileSize + int64(len(f.tail))
}

func (f *multipartForm) reader(file io.ReadCloser) io.ReadCloser {
	return &multiReadCloser{
		Reader: io.MultiReader(bytes.NewReader(f.head), file, bytes.NewReader(f.tail)),
		closer: file,
	}
}

type multiReadCloser struct {
	io.Reader
	closer io.Closer
}

func (m *multiReadCloser) Close() error { return m.closer.Close() }

// openExactly gives a reader that calls open on its first Read (retryablehttp
// probes the body once before the first attempt) and insists on exactly
// size bytes: a file that changed since it was measured must fail, not be
// cut short or padded.
func openExactly(ctx context.Context, open func() (io.ReadCloser, error), size int64) io.ReadCloser {
	return &exactFile{ctx: ctx, open: open, size: size}
}

type exactFile struct {
	ctx  context.Context
	open func() (io.ReadCloser, error)
	size int64

	mu       sync.Mutex
	file     io.ReadCloser
	read     int64
	closed   bool
	nextNote int64
}

// progressStep spaces the INFO progress notes: every tenth of the file,
// but not more often than every 16 MiB, so small files stay quiet.
func (e *exactFile) progressStep() int64 { return max(e.size/10, 16<<20) }

func (e *exactFile) Read(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return 0, &bodyError{errors.New("upload body read after close")}
	}
	if e.file == nil {
		f, err := e.open()
		if err != nil {
			return 0, &bodyError{fmt.Errorf("opening the file: %w", err)}
		}
		e.file, e.nextNote = f, e.progressStep()
	}
	if e.read == e.size {
		return 0, e.checkEnd()
	}
	if rest := e.size - e.read; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := e.file.Read(p)
	e.read += int64(n)
	e.noteProgress()
	switch {
	case errors.Is(err, io.EOF) && e.read < e.size:
		return n, &bodyError{fmt.Errorf("the file ended after %d of %d bytes: it changed since it was measured", e.read, e.size)}
	case err != nil && !errors.Is(err, io.EOF):
		return n, &bodyError{fmt.Errorf("reading the file: %w", err)}
	}
	return n, nil
}

// checkEnd makes sure nothing follows the expected size.
func (e *exactFile) checkEnd() error {
	var one [1]byte
	for {
		n, err := e.file.Read(one[:])
		if n > 0 {
			return &bodyError{fmt.Errorf("the file is longer than %d bytes: it changed since it was measured", e.size)}
		}
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		if err != nil {
			return &bodyError{fmt.Errorf("reading the file: %w", err)}
		}
	}
}

func (e *exactFile) noteProgress() {
	if e.read < e.nextNote || e.size == 0 {
		return
	}
	e.nextNote += e.progressStep()
	tflog.Info(e.ctx, "upload progress", map[string]interface{}{
		"bytes_sent": e.read, "bytes_total": e.size, "percent": e.read * 100 / e.size,
	})
}

func (e *exactFile) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	if e.file == nil {
		return nil
	}
	return e.file.Close()
}
