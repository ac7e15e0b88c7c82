package rowcheck

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/cputime"
)

// The values benchmark rows are drawn from, the same every run.
var (
	benchFirst    = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Leslie"}
	benchLast     = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Lamport"}
	benchCurrency = []string{"USD", "EUR", "GBP", "AUD", "CAD", "JPY"}
)

func benchRand() *rand.Rand { return rand.New(rand.NewPCG(4, 2)) }

// accountRows renders n distinct, valid Account Import rows, the same
// every time: nested billToContact, an email array, the look-ahead regex
// on name, enumerations, booleans as JSON and as strings.
func accountRows(n int) []byte {
	rng := benchRand()
	var b bytes.Buffer
	for i := range n {
		f, l := benchFirst[rng.IntN(len(benchFirst))], benchLast[rng.IntN(len(benchLast))]
		fmt.Fprintf(&b, `{"name":"%s %s Holdings %06d","accountNumber":"A%08d","billCycleDay":%d,"currency":"%s",`,
			f, l, i, i, rng.IntN(32), benchCurrency[rng.IntN(len(benchCurrency))])
		if i%2 == 0 {
			fmt.Fprintf(&b, `"autoPay":%t,`, rng.IntN(2) == 0)
		} else {
			b.WriteString(`"autoPay":"False",`)
		}
		fmt.Fprintf(&b, `"batch":"Batch%d","notes":"Imported from the legacy CRM, tier %d","additionalEmailAddresses":["billing%d@example.com","ap.team%d@example.org"],`,
			1+rng.IntN(50), rng.IntN(5), i, i)
		fmt.Fprintf(&b, `"billToContact":{"firstName":"%s","lastName":"%s","workEmail":"%s.%s%d@example.com","country":"United States"}}`+"\n",
			f, l, f, l, i)
	}
	return b.Bytes()
}

// repeatReader hands out block again and again, count times in all, so a
// benchmark can scan a million rows without holding them in memory.
type repeatReader struct {
	block []byte
	left  int
	off   int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.block[r.off:])
	if r.off += n; r.off == len(r.block) {
		r.off, r.left = 0, r.left-1
	}
	return n, nil
}

const distinctRows = 10_000

// BenchmarkScanAccounts scans a 1,000,000-row accounts file (10,000
// distinct rows repeated) with the look-ahead, enumeration and email
// regexes. The 10,000-row run has the same B/op: memory does not grow
// with the file. The file= runs read the file from disk next to
// sha256sum: a plan with no change (hash only) and one that validates
// (hash on a second goroutine).
func BenchmarkScanAccounts(b *testing.B) {
	block := accountRows(distinctRows)
	v := mustValidator(b, accountsSchema)
	b.Run("file=1M/hash-only", func(b *testing.B) {
		versusSHA256Sum(b, writeAccountsFile(b), func(f *os.File) error {
			_, _, err := Hash(f)
			return err
		})
	})
	validate := func(f *os.File) error {
		r, err := Scan(f, Options{Validator: v})
		if err == nil && (r.Rows != 1_000_000 || r.Total != 0) {
			b.Fatalf("rows %d problems %q", r.Rows, lines(r.Problems))
		}
		return err
	}
	b.Run("file=1M/validate", func(b *testing.B) {
		versusSHA256Sum(b, writeAccountsFile(b), validate)
	})
	// jq only parses, and checks nothing: a reference, not a target.
	b.Run("file=1M/validate-vs-jq", func(b *testing.B) {
		versusTool(b, writeAccountsFile(b), "jq", []string{"-c", "."}, validate)
	})
	for _, bc := range []struct {
		name string
		rows int
		pci  bool
	}{
		{"rows=10k", 10_000, false},
		{"rows=1M", 1_000_000, false},
		{"rows=1M/pci", 1_000_000, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			repeats := bc.rows / distinctRows
			b.SetBytes(int64(len(block) * repeats))
			b.ReportAllocs()
			cpu := cputime.Process()
			for b.Loop() {
				r, err := Scan(&repeatReader{block: block, left: repeats}, Options{Validator: v, PCI: bc.pci})
				if err != nil || r.Rows != bc.rows || r.Total != 0 || r.PCITotal != 0 {
					b.Fatalf("rows %d problems %q pci %d err %v", r.Rows, lines(r.Problems), r.PCITotal, err)
				}
			}
			b.ReportMetric(float64(bc.rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			if cpu = cputime.Process() - cpu; cpu > 0 {
				b.ReportMetric(float64(len(block)*repeats)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
			}
		})
	}
}

// BenchmarkCheckJSON is the emulator's per-row cost.
func BenchmarkCheckJSON(b *testing.B) {
	row := bytes.TrimSuffix(accountRows(1), []byte("\n"))
	v := mustValidator(b, accountsSchema)
	b.SetBytes(int64(len(row)))
	b.ReportAllocs()
	for b.Loop() {
		if p := v.CheckJSON(1, row); p != nil {
			b.Fatal(p)
		}
	}
}

// TestWriteAccountsFile writes the benchmark's file for an outside
// reference point, only when asked:
//
//	ROWCHECK_ACCOUNTS_FILE=/tmp/accounts.jsonl go test -run WriteAccountsFile ./internal/rowcheck/
//	time jq -c . /tmp/accounts.jsonl > /dev/null
func TestWriteAccountsFile(t *testing.T) {
	path := os.Getenv("ROWCHECK_ACCOUNTS_FILE")
	if path == "" {
		t.Skip("set ROWCHECK_ACCOUNTS_FILE to write the 1,000,000-row benchmark file")
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, &repeatReader{block: accountRows(distinctRows), left: 1_000_000 / distinctRows}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
