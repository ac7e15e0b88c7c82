package emulator

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
)

// gzipMinBytes: Zuora compresses API answers over 1000 bytes for a client
// that accepts gzip, so the emulator does too and a client's decompression
// is exercised by every test that reads field metadata.
const gzipMinBytes = 1000

// gzipResponse holds an API answer until it is complete, then sends it
// compressed or not by its size.
type gzipResponse struct {
	http.ResponseWriter
	status    int
	buf       bytes.Buffer
	abandoned bool // the connection was taken over: nothing is sent
}

// abandon drops the held answer, for a connection that is reset instead.
func (g *gzipResponse) abandon() { g.abandoned = true }

func (g *gzipResponse) WriteHeader(status int) {
	if g.status == 0 {
		g.status = status
	}
}

func (g *gzipResponse) Write(p []byte) (int, error) {
	if g.status == 0 {
		g.status = http.StatusOK
	}
	return g.buf.Write(p)
}

func (g *gzipResponse) finish() {
	if g.abandoned {
		return
	}
	if g.status == 0 {
		g.status = http.StatusOK
	}
	h := g.ResponseWriter.Header()
	body := g.buf.Bytes()
	if len(body) > gzipMinBytes && h.Get("Content-Encoding") == "" {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		_, _ = zw.Write(body)
		_ = zw.Close()
		body = z.Bytes()
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	g.ResponseWriter.WriteHeader(g.status)
	_, _ = g.ResponseWriter.Write(body)
}

// acceptsGzip reads Accept-Encoding: gzip listed and not refused by q=0.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
