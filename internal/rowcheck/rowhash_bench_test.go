package rowcheck

import (
	"os"
	"runtime"
	"testing"
)

// BenchmarkHashRows hashes the rows of a 1,000,000-row accounts file
// (about 300 MB) next to sha256sum of that file, the way the guard would
// hash Zuora's copy: the identity alone, then counting its rows against
// the set of an earlier file of the same rows (the memory-heavy case),
// with the most heap in use reported.
func BenchmarkHashRows(b *testing.B) {
	file := writeAccountsFile(b)
	b.Run("identity", func(b *testing.B) {
		versusSHA256Sum(b, file, func(f *os.File) error {
			s, err := HashRows(f, "jsonl", false, RowOptions{})
			if err == nil && s.Rows != 1_000_000 {
				b.Fatalf("rows %d", s.Rows)
			}
			return err
		})
	})
	b.Run("against", func(b *testing.B) {
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		loaded, err := HashRows(f, "jsonl", false, RowOptions{Collect: true})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		var worst uint64
		versusSHA256Sum(b, file, func(f *os.File) error {
			runtime.GC()
			base, peak := heapInUse(), uint64(0)
			stop := sampleMax(heapInUse, &peak)
			s, err := HashRows(f, "jsonl", false, RowOptions{Against: loaded.Set})
			stop()
			if err == nil && s.InAgainst != 1_000_000 {
				b.Fatalf("%d of %d rows found", s.InAgainst, s.Rows)
			}
			worst = max(worst, peak-min(peak, base))
			return err
		})
		b.ReportMetric(float64(worst)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(loaded.Set.Len()*8)/(1<<20), "set-MiB")
	})
}
