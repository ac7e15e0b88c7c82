package functions_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
)

func TestJSONL(t *testing.T) {
	outputTest(t, `
locals {
  accounts = [
    { name = "Zoë & Søn <GmbH>", billCycleDay = 1, currency = "EUR", autoPay = false, notes = null,
      billToContact = { lastName = "Ångström", firstName = "日本", tags = ["a", "b"] } },
    { name = "Big", billCycleDay = 31, balance = 12345678901234567890, rate = 0.1 },
  ]
}
output "objects" {
  value = provider::zuora::jsonl(local.accounts)
}
output "strings_keep_their_order" {
  value = provider::zuora::jsonl([
    "{ \"z\": 1,\n  \"a\": {\"y\": [1, 2], \"b\": \"x\"} }",
    jsonencode({ only = "one" }),
  ])
}
output "maps" {
  value = provider::zuora::jsonl(tolist([tomap({ b = "2", a = "1" })]))
}
output "empty" {
  value = provider::zuora::jsonl([])
}
output "round_trip" {
  value = [for l in compact(split("\n", provider::zuora::jsonl(local.accounts))) : jsondecode(l).name]
}
`, map[string]knownvalue.Check{
		"objects": knownvalue.StringExact(
			`{"autoPay":false,"billCycleDay":1,"billToContact":{"firstName":"日本","lastName":"Ångström","tags":["a","b"]},"currency":"EUR","name":"Zoë & Søn <GmbH>","notes":null}` + "\n" +
				`{"balance":12345678901234567890,"billCycleDay":31,"name":"Big","rate":0.1}` + "\n"),
		"strings_keep_their_order": knownvalue.StringExact(`{"z":1,"a":{"y":[1,2],"b":"x"}}` + "\n" + `{"only":"one"}` + "\n"),
		"maps":                     knownvalue.StringExact(`{"a":"1","b":"2"}` + "\n"),
		"empty":                    knownvalue.StringExact(""),
		"round_trip": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("Zoë & Søn <GmbH>"), knownvalue.StringExact("Big"),
		}),
	})
}

func TestJSONLRefusesRowsThatAreNotObjects(t *testing.T) {
	errorTest(t, `
output "x" {
  value = provider::zuora::jsonl([{ a = 1 }, "[1, 2]"])
}
`, regexp.MustCompile(`rows\[1\]: a string row must hold one JSON\s+object`))
	errorTest(t, `
output "x" {
  value = provider::zuora::jsonl({ a = 1 })
}
`, regexp.MustCompile(`rows must be a list of objects`))
}
