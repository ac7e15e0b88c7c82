package client

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// hugeAnswer is the size of the answers a hostile or broken server sends.
const hugeAnswer = 300 << 20

// A 300 MB answer, generated on the fly, is refused as too large after at
// most maxResponseBody bytes, while the heap stays under 64 MiB and the
// TRACE line stays short: plain with its length, plain without one
// (chunked), and gzip (300 MB once decompressed).
func TestHugeAnswerIsReadWithinTheMemoryTarget(t *testing.T) {
	for _, encoding := range []string{"length", "chunked", "gzip"} {
		t.Run(encoding, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				var out io.Writer = w
				switch encoding {
				case "length":
					w.Header().Set("Content-Length", strconv.Itoa(hugeAnswer))
				case "gzip":
					w.Header().Set("Content-Encoding", "gzip")
					zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
					defer zw.Close()
					out = zw
				}
				writeHugeJSON(out)
			}))
			t.Cleanup(srv.Close)
			var logs bytes.Buffer
			ctx := tflogtest.RootLogger(testCtx(t), &logs)
			c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 })

			runtime.GC()
			peak := startHeapSampler()
			_, err := c.JobSummary(ctx, "job-1")
			peakMiB := peak() >> 20

			if err == nil || !strings.Contains(err.Error(), "response body too large") {
				t.Fatalf("err = %v, want response body too large", err)
			}
			t.Logf("peak heap in use %d MiB", peakMiB)
			if peakMiB >= maxPeakHeapMiB {
				t.Errorf("peak heap %d MiB reading a %d MiB answer, want under %d MiB", peakMiB, hugeAnswer>>20, maxPeakHeapMiB)
			}
			for _, line := range strings.Split(logs.String(), "\n") {
				if len(line) > 2*maxTraceBody {
					t.Errorf("a log line is %d bytes long: %.200s", len(line), line)
				}
			}
			if !strings.Contains(logs.String(), "bytes in all; TRACE shows the first") {
				t.Errorf("the TRACE line does not say the body was cut:\n%.500s", logs.String())
			}
		})
	}
}

// writeHugeJSON writes a JSON document of hugeAnswer bytes, 1 MiB at a time.
func writeHugeJSON(w io.Writer) {
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	_, _ = io.WriteString(w, `{"id":"job-1","status":"Completed","padding":"`)
	written := len(`{"id":"job-1","status":"Completed","padding":"`) + len(`"}`)
	for written+len(chunk) <= hugeAnswer {
		if _, err := w.Write(chunk); err != nil {
			return
		}
		written += len(chunk)
	}
	_, _ = w.Write(chunk[:hugeAnswer-written])
	_, _ = io.WriteString(w, `"}`)
}

func TestTraceBodyCutsAndRedactsAcrossTheCut(t *testing.T) {
	secret := `"access_token":"` + strings.Repeat("T", 300) + `"`
	body := strings.Repeat("a", maxTraceBody-100) + secret + strings.Repeat("b", 1000)
	got := traceBody([]byte(body))
	if strings.Contains(got, "TTTT") {
		t.Errorf("the token straddling the cut is in the log: …%s", got[len(got)-200:])
	}
	if len(got) > maxTraceBody+200 || !strings.HasSuffix(got, "bytes in all; TRACE shows the first "+strconv.Itoa(strings.Index(got, "…"))+")") {
		t.Errorf("traceBody = …%q (%d bytes)", got[max(0, len(got)-120):], len(got))
	}
	if short := `{"access_token":"abc","ok":true}`; traceBody([]byte(short)) != `{"access_token":"***","ok":true}` {
		t.Errorf("short body: %q", traceBody([]byte(short)))
	}
}
