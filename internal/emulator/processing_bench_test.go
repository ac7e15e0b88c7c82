package emulator

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/cputime"
)

// BenchmarkProcessAccounts imports 100k and 1M Account rows with distinct
// account numbers (a unique field) and reports the processing rate and the
// slowest summary poll answered while the job ran, next to the slowest of
// 100 polls before it started (the machine's own noise). Polls go out
// every 10 ms. The 1M case runs when ZUORA_BENCH_LARGE is set (make bench sets it).
func BenchmarkProcessAccounts(b *testing.B) {
	sizes := []int{100_000}
	if os.Getenv("ZUORA_BENCH_LARGE") != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("rows=%dk", n/1000), func(b *testing.B) {
			var elapsed, worst, idle, cpu time.Duration
			for b.Loop() {
				h := start(b, Options{StepDelay: time.Millisecond, RowsPerStep: 50_000})
				c := h.create(jsonlJob("Account", "Import"))
				// The reference: the slowest of as many polls of a job
				// that is not running, on the same (shared) machine.
				for range 100 {
					t0 := time.Now()
					h.summary(c.ID)
					idle = max(idle, time.Since(t0))
					time.Sleep(10 * time.Millisecond)
				}
				h.uploadStream(c, func(w io.Writer) {
					for i := range n {
						fmt.Fprintf(w, `{"name":"Scale %d","accountNumber":"S%08d","billCycleDay":1,"currency":"USD",`+
							`"billToContact":{"firstName":"Ada","lastName":"Lovelace","country":"GB"},`+
							`"soldToContact":{"firstName":"Ada","lastName":"Lovelace","country":"GB"}}`+"\n", i, i)
					}
				})
				begin, cpuBegin := time.Now(), cputime.Process()
				h.submit(c.ID)
				for {
					t0 := time.Now()
					s := h.summary(c.ID)
					worst = max(worst, time.Since(t0))
					if s.Status == statusCompleted || s.Status == statusFailed {
						if s.RowsSucceeded != n {
							b.Fatalf("%+v", s)
						}
						break
					}
					time.Sleep(10 * time.Millisecond)
				}
				elapsed += time.Since(begin)
				cpu += cputime.Process() - cpuBegin
			}
			b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "rows/s")
			b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst-poll")
			b.ReportMetric(float64(idle.Microseconds())/1000, "ms-worst-idle-poll")
			if cpu > 0 {
				b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
			}
		})
	}
}

// uploadStream posts the job's form with a file written by fill, without
// holding the file in memory.
func (h *harness) uploadStream(c created, fill func(io.Writer)) {
	h.t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for _, name := range c.fieldOrder {
			_ = mw.WriteField(name, c.UploadRequest.Fields[name])
		}
		w, _ := mw.CreateFormFile("file", "rows.jsonl")
		fill(w)
		_ = mw.Close()
		_ = pw.Close()
	}()
	resp, err := http.Post(c.UploadRequest.URI, mw.FormDataContentType(), pr)
	if err != nil {
		h.t.Fatal(err)
	}
	if b := readAll(h.t, resp); resp.StatusCode != http.StatusNoContent {
		h.t.Fatalf("upload: %d %s", resp.StatusCode, b)
	}
}
