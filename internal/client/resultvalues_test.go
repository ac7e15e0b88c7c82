package client

import (
	"slices"
	"strings"
	"testing"
)

// Values holds the row's own cells, nested ones too, and never the
// reason or line Zuora added.
func TestResultRowValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, fileType, body string
		want                 []string
	}{
		{"jsonl", "jsonl", `{"name":"Ada","billCycleDay":7,"autoPay":true,"billToContact":{"workEmail":"a@b.c"},"tags":["x",null],"_line":4,"_error":"name: \"Ada\" is taken"}`,
			[]string{"7", "Ada", "a@b.c", "true", "x"}},
		{"csv", "csv", "name,accountNumber,Error\nAda,A-1,A-1 is taken\n", []string{"A-1", "Ada"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rows := ParseResultHead(testCtx(t), []byte(tc.body), false, ResultFormat{FileType: tc.fileType}, 1)
			if len(rows) != 1 || rows[0].Reason == "" {
				t.Fatalf("rows = %+v", rows)
			}
			got := rows[0].Values()
			slices.Sort(got)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Values = %q, want %q", got, tc.want)
			}
		})
	}
}
