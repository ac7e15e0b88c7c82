package functions

import (
	"math/big"
	"strings"
	"testing"
)

// Terraform numbers carry 512 bits; integers past 2^512 must still be
// written digit for digit as configured, never in exponent form.
func TestNumberTextIsExactPlainDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"12":                   "12",
		"12345678901234567890": "12345678901234567890",
		"0.1":                  "0.1",
		"-2.5":                 "-2.5",
		"1e400":                "1" + strings.Repeat("0", 400),
	} {
		f, _, err := big.ParseFloat(in, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		if got := numberText(f); got != want {
			t.Errorf("numberText(%s) = %.60s…, want %.60s…", in, got, want)
		}
	}
}
