package client

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	benchUploadSize = 1 << 30 // 1 GiB per iteration
	maxPeakHeapMiB  = 64
)

// BenchmarkUpload streams 1 GiB from a generator to a server that
// discards it, and reports throughput and the peak heap in use while it
// runs. The peak must stay under 64 MiB whatever the file size. One
// iteration is enough: go test -bench Upload -benchtime 1x.
func BenchmarkUpload(b *testing.B) {
	var received atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		received.Store(n)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "t", MaxRetries: -1})
	if err != nil {
		b.Fatal(err)
	}
	target := UploadTarget{URI: srv.URL, Fields: s3Fields}
	open := func() (io.ReadCloser, error) { return io.NopCloser(io.LimitReader(zeros{}, benchUploadSize)), nil }

	runtime.GC()
	peak := startHeapSampler()
	b.SetBytes(benchUploadSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.Upload(b.Context(), target, "big.jsonl", benchUploadSize, open); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	peakMiB := float64(peak()) / (1 << 20)
	b.ReportMetric(peakMiB, "peak-heap-MiB")
	if received.Load() <= benchUploadSize {
		b.Fatalf("server got %d bytes", received.Load())
	}
	if peakMiB >= maxPeakHeapMiB {
		b.Fatalf("peak heap %.1f MiB, want < %d MiB", peakMiB, maxPeakHeapMiB)
	}
}

// startHeapSampler samples HeapInuse every few milliseconds until the
// returned function is called, which gives the highest value seen.
func startHeapSampler() func() uint64 {
	var (
		peak uint64
		wg   sync.WaitGroup
	)
	done := make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		ticker := time.NewTicker(5 * time.Millisecond)
		defer ticker.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-ticker.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}
