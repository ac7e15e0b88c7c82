package rowcheck

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// hugeLine is one JSON row whose notes run to size bytes of ordinary text
// with numbers, dates and addresses, a card number at the very end: the
// issue-20 file that was uploaded because its line was too long to check.
func hugeLine(size int) io.Reader {
	head := []byte(`{"name":"Huge","notes":"`)
	block := []byte("invoice 2024-01-15 paid 1500.50 by ACME-42, ref INV00001234, call +1 555 123 4567; ")
	tail := []byte(` card 4111111111111111"}` + "\n")
	body := &repeatReader{block: block, left: (size - len(head) - len(tail)) / len(block)}
	return io.MultiReader(bytes.NewReader(head), body, bytes.NewReader(tail))
}

// BenchmarkScanHugeLinePCI streams a 299 MB single line with validation
// off and the PCI guard on, the issue-20 case, and reports the most heap
// the scan had in use (target: 64 MiB whatever the input).
func BenchmarkScanHugeLinePCI(b *testing.B) {
	const size = 299_000_000
	b.SetBytes(size)
	var worst uint64
	for b.Loop() {
		runtime.GC()
		base, peak := heapInUse(), uint64(0)
		stop := sampleMax(heapInUse, &peak)
		r, err := Scan(hugeLine(size), Options{PCI: true})
		stop()
		if err != nil || r.Rows != 1 || r.PCITotal != 1 || r.PCI[0].Message != "looks like a card number ending in 1111" {
			b.Fatalf("rows %d, PCI %q: %v", r.Rows, lines(r.PCI), err)
		}
		worst = max(worst, peak-min(peak, base))
	}
	b.ReportMetric(float64(worst)/(1<<20), "peak-heap-MiB")
}

// BenchmarkScanLongLinePCIFile is a 64 MiB line from a file, validation
// off, next to sha256sum of that file in the same run.
func BenchmarkScanLongLinePCIFile(b *testing.B) {
	name := filepath.Join(b.TempDir(), "long.jsonl")
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(f, hugeLine(64<<20)); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	versusSHA256Sum(b, name, func(f *os.File) error {
		r, err := Scan(f, Options{PCI: true})
		if err == nil && r.PCITotal == 0 {
			b.Fatal("the card number at the end was not found")
		}
		return err
	})
}
