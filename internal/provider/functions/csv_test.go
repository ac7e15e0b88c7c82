package functions_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
)

func TestCSV(t *testing.T) {
	outputTest(t, `
locals {
  headers = ["name", "billCycleDay", "billToContact.firstName", "notes"]
  rows = [
    { name = "Acme, Inc.", billCycleDay = 1, billToContact = { firstName = "Zoë" }, notes = "say \"hi\"" },
    { name = " leading space", billCycleDay = 1.5, billToContact = { firstName = "日本" }, notes = "two\nlines" },
    { name = "Plain", billCycleDay = 2, "billToContact.firstName" = "Dotted", notes = null },
  ]
}
output "csv" {
  value = provider::zuora::csv(local.rows, local.headers)
}
output "round_trip" {
  value = csvdecode(provider::zuora::csv(local.rows, local.headers))[1].notes
}
output "header_only" {
  value = provider::zuora::csv([], ["a", "b"])
}
`, map[string]knownvalue.Check{
		"csv": knownvalue.StringExact("name,billCycleDay,billToContact.firstName,notes\n" +
			"\"Acme, Inc.\",1,Zoë,\"say \"\"hi\"\"\"\n" +
			"\" leading space\",1.5,日本,\"two\nlines\"\n" +
			"Plain,2,Dotted,\n"),
		"round_trip":  knownvalue.StringExact("two\nlines"),
		"header_only": knownvalue.StringExact("a,b\n"),
	})
}

func TestCSVDropsNothingSilently(t *testing.T) {
	errorTest(t, `
output "x" {
  value = provider::zuora::csv([{ name = "a", billToContact = { firstName = "A", lastName = "B" } }], ["name", "billToContact.firstName"])
}
`, regexp.MustCompile(`attribute\s+"billToContact.lastName" is not in\s+headers`))
	errorTest(t, `
output "x" {
  value = provider::zuora::csv([{ name = "a", tags = ["x"] }], ["name", "tags"])
}
`, regexp.MustCompile(`tags: a list or object cannot be\s+one CSV cell`))
}

// A list of objects with an optional nested object gets a typed null where
// it is left out: empty cells, not an unnamed attribute.
func TestCSVNullNestedObjectIsEmptyCells(t *testing.T) {
	outputTest(t, `
locals {
  rows = [
    { name = "With", billToContact = { firstName = "A" } },
    { name = "Without", billToContact = null },
  ]
}
output "csv" {
  value = provider::zuora::csv(local.rows, ["name", "billToContact.firstName"])
}
`, map[string]knownvalue.Check{
		"csv": knownvalue.StringExact("name,billToContact.firstName\nWith,A\nWithout,\n"),
	})
}
