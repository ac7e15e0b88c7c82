package rowcheck

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/cputime"
)

const accountsCSVHeader = "name,accountNumber,billCycleDay,currency,autoPay,batch,notes,additionalEmailAddresses," +
	"billToContact.firstName,billToContact.lastName,billToContact.workEmail,billToContact.country\n"

// accountCSVRows renders the rows of accountRows as CSV: the same values,
// the email list quoted (it holds the delimiter), some names quoted too.
func accountCSVRows(n int) []byte {
	rng := benchRand()
	var b bytes.Buffer
	for i := range n {
		f, l := benchFirst[rng.IntN(len(benchFirst))], benchLast[rng.IntN(len(benchLast))]
		name := fmt.Sprintf("%s %s Holdings %06d", f, l, i)
		if i%4 == 0 {
			name = `"` + f + ", " + l + ` Holdings ` + fmt.Sprintf("%06d", i) + `"`
		}
		fmt.Fprintf(&b, `%s,A%08d,%d,%s,%t,Batch%d,"Imported from the legacy CRM, tier %d","billing%d@example.com,ap.team%d@example.org",%s,%s,%s.%s%d@example.com,United States`+"\n",
			name, i, rng.IntN(32), benchCurrency[rng.IntN(len(benchCurrency))], rng.IntN(2) == 0, 1+rng.IntN(50), rng.IntN(5), i, i, f, l, f, l, i)
	}
	return b.Bytes()
}

// BenchmarkScanCSV validates 1,000,000 Account rows of CSV, the same
// values as BenchmarkScanAccounts' JSON lines; json-lines=1M runs that
// scan in the same run as the reference.
func BenchmarkScanCSV(b *testing.B) {
	v := mustValidator(b, accountsSchema)
	csvBlock := accountCSVRows(distinctRows)
	jsonBlock := accountRows(distinctRows)
	for _, bc := range []struct {
		name  string
		block []byte
		opts  Options
		head  string
	}{
		{"csv=1M", csvBlock, Options{FileType: "csv", HasHeaders: true, Validator: v}, accountsCSVHeader},
		{"json-lines=1M", jsonBlock, Options{Validator: v}, ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			const rows = 1_000_000
			repeats := rows / distinctRows
			b.SetBytes(int64(len(bc.head) + len(bc.block)*repeats))
			b.ReportAllocs()
			cpu := cputime.Process()
			for b.Loop() {
				r, err := Scan(io.MultiReader(strings.NewReader(bc.head), &repeatReader{block: bc.block, left: repeats}), bc.opts)
				if err != nil || r.Rows != rows || r.Total != 0 {
					b.Fatalf("rows %d problems %q err %v", r.Rows, lines(r.Problems), err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			if cpu = cputime.Process() - cpu; cpu > 0 {
				b.ReportMetric(float64(rows)*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
			}
		})
	}
}
