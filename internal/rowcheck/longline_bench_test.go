package rowcheck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/cputime"
)

// longIPv4Line is one JSON row whose notes hold size bytes of distinct
// IPv4 addresses: the worst case for the PCI guard and the line reader.
func longIPv4Line(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"name":"Long","billCycleDay":1,"currency":"USD","notes":"`)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "10.%d.%d.%d ", i>>16&255, i>>8&255, i&255)
	}
	b.WriteString("\"}\n")
	return b.Bytes()
}

// BenchmarkScanLongLine scans a 15 MB line of IPv4 addresses with the PCI
// guard on, and reports the most heap the scan had in use above what was
// live before it (sampled every millisecond), next to the line's size.
func BenchmarkScanLongLine(b *testing.B) {
	line := longIPv4Line(15 << 20)
	v := mustValidator(b, accountsSchema)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	var worst uint64
	var cpu time.Duration
	for b.Loop() {
		runtime.GC()
		base, peak := heapInUse(), uint64(0)
		stop := sampleMax(heapInUse, &peak)
		began := cputime.Process()
		r, err := Scan(bytes.NewReader(line), Options{Validator: v, PCI: true})
		cpu += cputime.Process() - began
		stop()
		if err != nil || r.Rows != 1 || r.PCITotal < 1_000_000 || len(r.PCI) != DefaultKeep {
			b.Fatalf("rows %d, %d PCI findings (%d kept): %v", r.Rows, r.PCITotal, len(r.PCI), err)
		}
		worst = max(worst, peak-min(peak, base))
	}
	b.ReportMetric(float64(worst)/(1<<20), "peak-heap-MiB")
	if cpu > 0 {
		b.ReportMetric(float64(len(line))*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
	b.ReportMetric(float64(len(line))/(1<<20), "line-MiB")
}

// BenchmarkScanLongLineFile is the same scan from a file, timed against
// sha256sum of that file in the same run: a load-independent figure.
func BenchmarkScanLongLineFile(b *testing.B) {
	line := longIPv4Line(15 << 20)
	v := mustValidator(b, accountsSchema)
	name := filepath.Join(b.TempDir(), "long.jsonl")
	if err := os.WriteFile(name, line, 0o600); err != nil {
		b.Fatal(err)
	}
	versusSHA256Sum(b, name, func(f *os.File) error {
		_, err := Scan(f, Options{Validator: v, PCI: true})
		return err
	})
}

func heapInUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleMax records the largest value of read every millisecond until
// the returned stop is called.
func sampleMax(read func() uint64, peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			*peak = max(*peak, read())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		*peak = max(*peak, read())
	}
}
