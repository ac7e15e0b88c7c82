package fieldmeta_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// The guide's sample rows (a format illustration: first and last names)
// checked against the guide's own Account metadata: the syntax passes, and
// what is missing or unknown for an Account is reported per row.
func TestTheGuidesRowsAgainstTheGuidesMetadata(t *testing.T) {
	doc, err := os.ReadFile("testdata/guide_account_import.json")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := os.ReadFile("testdata/guide_rows.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	schema, err := fieldmeta.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := rowcheck.NewValidator(schema)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := rowcheck.Scan(bytes.NewReader(rows), rowcheck.Options{FileType: "jsonl", Validator: v})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(rowcheck.Format("rows.jsonl", rep.Problems))
	var want []string
	for _, line := range []string{"1", "2", "3"} {
		want = append(want,
			"rows.jsonl:"+line+`: firstName: unknown field "firstName"`,
			"rows.jsonl:"+line+`: lastName: unknown field "lastName"`,
			"rows.jsonl:"+line+": billCycleDay: required field is missing",
			"rows.jsonl:"+line+": currency: required field is missing")
	}
	if rep.Rows != 3 || got != strings.Join(want, "\n") {
		t.Errorf("%d rows; problems:\n%s\nwant:\n%s", rep.Rows, got, strings.Join(want, "\n"))
	}
}
