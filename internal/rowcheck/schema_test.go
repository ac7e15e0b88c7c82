package rowcheck

import (
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// accountsSchema is the Account Import metadata of Zuora's JSON-lines guide,
// extended with nested contacts; billToContact is marked required itself.
const accountsSchema = `{
  "name": {"type": "string", "regex": "(^(?!\\s*$).{1,255})$", "required": true},
  "billCycleDay": {"type": "number", "regex": "^(0|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)$", "required": true},
  "currency": {"type": "string", "regex": "^(AUD|USD|EUR|GBP|JPY|CAD)$", "required": true},
  "notes": {"type": "string", "regex": "^.{0,65535}$", "required": false},
  "accountNumber": {"type": "string", "regex": "^.{0,50}$", "required": false},
  "additionalEmailAddresses": [{"type": "string", "regex": "^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$", "required": false}],
  "autoPay": {"type": "boolean", "regex": "^(|([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))$", "required": false},
  "batch": {"type": "string", "regex": "^(|(Batch1|Batch2|Batch3|Batch4|Batch5|Batch6|Batch7|Batch8|Batch9|Batch10|Batch11|Batch12|Batch13|Batch14|Batch15|Batch16|Batch17|Batch18|Batch19|Batch20|Batch21|Batch22|Batch23|Batch24|Batch25|Batch26|Batch27|Batch28|Batch29|Batch30|Batch31|Batch32|Batch33|Batch34|Batch35|Batch36|Batch37|Batch38|Batch39|Batch40|Batch41|Batch42|Batch43|Batch44|Batch45|Batch46|Batch47|Batch48|Batch49|Batch50))$", "required": false},
  "creditLimit": {"type": "number", "regex": "", "required": false},
  "billToContact": {
    "required": true,
    "firstName": {"type": "string", "regex": "^.{1,100}$", "required": true},
    "lastName": {"type": "string", "regex": "^.{1,100}$", "required": true},
    "workEmail": {"type": "string", "regex": "^(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,})$", "required": false},
    "country": {"type": "string", "regex": "^.{0,64}$", "required": false}
  },
  "soldToContact": {
    "firstName": {"type": "string", "regex": "^.{1,100}$", "required": false},
    "lastName": {"type": "string", "regex": "^.{1,100}$", "required": false}
  }
}`

// shipToSchema has an optional array of objects with required members;
// requiredShipToSchema marks the array itself required, in JSON schema's
// words.
const requiredShipToSchema = `{
  "name": {"type": "string", "regex": "", "required": true},
  "shipTo": {"type": "array", "required": true, "items": {
    "type": "object",
    "required": ["city"],
    "properties": {
      "city": {"type": "string"},
      "zip": {"type": "string", "pattern": "^[0-9]{5}$", "description": "postal code"}
    }
  }}
}`

// shipToSchema has an optional nested object with required members.
const shipToSchema = `{
  "name": {"type": "string", "regex": "", "required": true},
  "shipTo": [{
    "city": {"type": "string", "regex": "", "required": true},
    "zip": {"type": "string", "regex": "^[0-9]{5}$", "required": false}
  }]
}`

func mustSchema(t testing.TB, doc string) *fieldmeta.Node {
	t.Helper()
	n, err := fieldmeta.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	return n
}

func mustValidator(t testing.TB, doc string) *Validator {
	t.Helper()
	v, err := NewValidator(mustSchema(t, doc))
	if err != nil {
		t.Fatalf("NewValidator: %v", err)
	}
	return v
}
