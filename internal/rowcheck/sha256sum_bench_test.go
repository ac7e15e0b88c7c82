package rowcheck

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// benchAccountRows is how many Account rows the file benchmarks read.
const benchAccountRows = 1_000_000

// writeAccountsFile writes benchAccountRows Account rows (repeats of the
// distinct block) to a file in dir, so a benchmark reads a real file as a
// plan does.
func writeAccountsFile(b *testing.B) string {
	b.Helper()
	rows := benchAccountRows
	name := filepath.Join(b.TempDir(), "accounts.jsonl")
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(f, &repeatReader{block: accountRows(distinctRows), left: rows / distinctRows}); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return name
}

// versusSHA256Sum runs op and `sha256sum file` one after the other each
// iteration, so both see the same machine load and a warm page cache, and
// reports op's time as a multiple of sha256sum's next to both speeds.
func versusSHA256Sum(b *testing.B, file string, op func(*os.File) error) {
	versusTool(b, file, "sha256sum", nil, op)
}

// versusTool is versusSHA256Sum for any command that reads file, given
// as its last argument; its output is discarded.
func versusTool(b *testing.B, file, name string, args []string, op func(*os.File) error) {
	tool, err := exec.LookPath(name)
	if err != nil {
		b.Skip(name + " is not installed")
	}
	info, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	var ours, theirs time.Duration
	for b.Loop() {
		t0 := time.Now()
		cmd := exec.Command(tool, append(args, file)...)
		if err := cmd.Run(); err != nil { // Stdout nil: discarded
			b.Fatalf("%s: %v", name, err)
		}
		t1 := time.Now()
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		err = op(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		ours, theirs = ours+time.Since(t1), theirs+t1.Sub(t0)
	}
	mb := float64(info.Size()) * float64(b.N) / 1e6
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "x-"+name+"-time")
	b.ReportMetric(mb/ours.Seconds(), "MB/s")
	b.ReportMetric(mb/theirs.Seconds(), name+"-MB/s")
	b.ReportMetric(0, "ns/op") // both runs are in the loop; the ratio is the figure
}
