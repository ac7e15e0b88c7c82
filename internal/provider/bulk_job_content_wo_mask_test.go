package provider

import (
	"math/big"

	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Error rows of a content_wo job are quoted by their reason only.
func TestWriteOnlyExcerptHidesRows(t *testing.T) {
	t.Parallel()
	head := []byte(`{"name":"Grace Hopper","_line":1,"_error":"duplicate accountNumber"}` + "\n" +
		`{"name":"Ada Lovelace"}` + "\n\n" + `{"name":"Alan Tur`)
	got := excerptLines(t.Context(), head, true, client.ResultFormat{}, true)
	want := []string{"line 1: duplicate accountNumber", "(a row of content_wo, not shown)", "(a row of content_wo, not shown)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("excerpt = %q, want %q", got, want)
	}
}

// Zuora's reason for a row of content_wo keeps its words and loses every
// value: quoted text, and any word equal to a cell of the row, nested
// cells and other cases included.
func TestMaskedReason(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ row, want string }{
		{`{"accountNumber":"WOSECRET-ACCT-1","_line":2,"_error":"accountNumber: \"WOSECRET-ACCT-1\" is already used by Account 2c93"}`,
			`accountNumber: "***" is already used by Account 2c93`},
		{`{"accountNumber":"WOSECRET-ACCT-1","_error":"accountNumber WOSECRET-ACCT-1 is already used"}`,
			`accountNumber *** is already used`},
		{`{"billToContact":{"workEmail":"wosecret@example.com"},"_error":"workEmail WOSECRET@EXAMPLE.COM is not an email"}`,
			`workEmail *** is not an email`},
		{`{"name":"Ada","_error":"Adapter Ada failed; Ada's name"}`, `Adapter *** failed; ***'s name`},
		{`{"notes":"x y","_error":"value 'x y' isn't allowed; don't"}`, `value '***' isn't allowed; don't`},
		{`{"batch":"B-7","_error":"batch ‘B-7’ and “B-7” and ` + "`B-7`" + `"}`, `batch ‘***’ and “***” and ` + "`***`"},
		{`{"billCycleDay":40,"_line":3,"_error":"billCycleDay: 40 is not between 1 and 31"}`, `billCycleDay: *** is not between 1 and 31`},
		{`{"tags":["WOSECRET-TAG"],"reasons":[{"code":"53100020","message":"tag WOSECRET-TAG unknown"}]}`, `tag *** unknown (53100020)`},
	} {
		rows := client.ParseResultHead(t.Context(), []byte(tc.row), false, client.ResultFormat{}, 1)
		if len(rows) != 1 {
			t.Fatalf("%s: %d rows", tc.row, len(rows))
		}
		if got := maskedReason(rows[0]); got != tc.want {
			t.Errorf("maskedReason(%s) = %q, want %q", tc.row, got, tc.want)
		}
	}
}

// zuora_bulk_job_results shows a possibly write-only job's rows by their
// masked reason only: row_json is null.
func TestResultsCollectorWriteOnlyJob(t *testing.T) {
	t.Parallel()
	c := newResultsCollector(resultsWanted{limit: 10, includeRowJSON: true})
	c.writeOnly = true
	rows := client.ParseResultHead(t.Context(), []byte(
		`{"accountNumber":"WOSECRET-1","notes":"WOSECRET note","_line":2,"_error":"accountNumber: \"WOSECRET-1\" is already used; WOSECRET-1 again; WOSECRET note; card 4111111111111111"}`),
		false, client.ResultFormat{}, 1)
	if err := c.add(rows[0]); err != nil {
		t.Fatal(err)
	}
	var got map[string]tftypes.Value
	if err := c.rows[0].As(&got); err != nil {
		t.Fatal(err)
	}
	var reason string
	var line big.Float
	if err := got["reason"].As(&reason); err != nil {
		t.Fatal(err)
	}
	if want := `accountNumber: "***" is already used; *** again; ***; card ************1111`; reason != want {
		t.Errorf("reason = %q, want %q", reason, want)
	}
	if len(c.rowJSON) != 1 || c.rowJSON[0].IsKnown() && !c.rowJSON[0].IsNull() {
		t.Errorf("row_json = %v, want one null element", c.rowJSON)
	}
	if err := got["line"].As(&line); err != nil {
		t.Fatal(err)
	}
	if n, _ := line.Int64(); n != 2 {
		t.Errorf("line = %v, want 2", n)
	}
}

// A CSV job's error rows are read as CSV: the header is no row, and the
// cells of the Error column's row are masked in its reason.
func TestWriteOnlyExcerptOfACSVJob(t *testing.T) {
	t.Parallel()
	head := []byte("name,accountNumber,Error\nWOSECRET-N,WOSECRET-A,accountNumber WOSECRET-A is already used\n")
	got := excerptLines(t.Context(), head, false, client.ResultFormat{FileType: client.FileTypeCSV}, true)
	if want := "accountNumber *** is already used"; len(got) != 1 || got[0] != want {
		t.Errorf("excerpt = %q, want [%q]", got, want)
	}
}
