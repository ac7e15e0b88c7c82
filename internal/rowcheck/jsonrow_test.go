package rowcheck

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// lines renders problems the way the provider shows them, one per entry.
func lines(problems []Problem) []string {
	if len(problems) == 0 {
		return nil
	}
	return strings.Split(Format("f", problems), "\n")
}

func assertLines(t *testing.T, got []Problem, want ...string) {
	t.Helper()
	g := lines(got)
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n got  %q\n want %q", g, want)
	}
}

const contact = `"billToContact":{"firstName":"Ada","lastName":"Lovelace"}`

func TestCheckJSONValidRows(t *testing.T) {
	v := mustValidator(t, accountsSchema)
	for _, row := range []string{
		`{"name":"Acme","billCycleDay":1,"currency":"USD",` + contact + `}`,
		`{"name":"Acme","billCycleDay":"31","currency":"EUR",` + contact + `,"autoPay":"TRUE","notes":"","accountNumber":"A00000001"}`,
		`{"name":"Acme","billCycleDay":0,"currency":"GBP",` + contact + `,"autoPay":false,"additionalEmailAddresses":["a@example.com","b.c@example.org"]}`,
		`{"name":"Acme","billCycleDay":1,"currency":"USD",` + contact + `,"soldToContact":null,"batch":"Batch50","creditLimit":"1500.50"}`,
		` { "name" : "Acme" , "billCycleDay" : 1 , "currency" : "JPY" , ` + contact + ` } `,
		`{"name":"\u0041cme \"quoted\"","billCycleDay":1,"currency":"CAD",` + contact + `,"Region__c":{"any":["thing"]}}`,
	} {
		if got := v.CheckJSON(1, []byte(row)); got != nil {
			t.Errorf("%s: unexpected problems %q", row, lines(got))
		}
	}
}

func TestCheckJSONProblems(t *testing.T) {
	v := mustValidator(t, accountsSchema)
	base := `"billCycleDay":1,"currency":"USD",` + contact
	cases := []struct {
		name, row string
		want      []string
	}{
		{"missing required", `{` + base + `}`,
			[]string{"f:7: name: required field is missing"}},
		{"empty required", `{"name":"",` + base + `}`,
			[]string{"f:7: name: required field is empty"}},
		{"null required", `{"name":null,` + base + `}`,
			[]string{"f:7: name: required field is empty"}},
		{"blank name fails the look-ahead", `{"name":"  \t ",` + base + `}`,
			[]string{`f:7: name: value "  \t " does not match the field's rule: 1 to 255 characters, not blank (it has 4)`}},
		{"name too long", `{"name":"` + strings.Repeat("x", 256) + `",` + base + `}`,
			[]string{`f:7: name: value "` + strings.Repeat("x", 40) + `…" does not match the field's rule: 1 to 255 characters, not blank (it has 256)`}},
		{"enum", `{"name":"a","billCycleDay":1,"currency":"usd",` + contact + `}`,
			[]string{`f:7: currency: value "usd" does not match the field's rule: one of AUD, USD, EUR, GBP, JPY, CAD`}},
		{"number as word", `{"name":"a","billCycleDay":"twelve","currency":"USD",` + contact + `}`,
			[]string{`f:7: billCycleDay: expected a number, got "twelve"`}},
		{"number out of range", `{"name":"a","billCycleDay":32,"currency":"USD",` + contact + `}`,
			[]string{`f:7: billCycleDay: value "32" does not match the field's rule: a whole number from 0 to 31`}},
		{"number given as boolean", `{"name":"a","billCycleDay":true,"currency":"USD",` + contact + `}`,
			[]string{`f:7: billCycleDay: expected a number, got true`}},
		{"boolean as word", `{"name":"a",` + base + `,"autoPay":"yes"}`,
			[]string{`f:7: autoPay: expected a boolean, got "yes"`}},
		{"string for an array", `{"name":"a",` + base + `,"additionalEmailAddresses":"a@example.com"}`,
			[]string{`f:7: additionalEmailAddresses: expected an array, got "a@example.com"`}},
		{"bad array element", `{"name":"a",` + base + `,"additionalEmailAddresses":["a@example.com","nope"]}`,
			[]string{`f:7: additionalEmailAddresses[1]: value "nope" does not match ^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$`}},
		{"object for a string", `{"name":{"first":"a"},` + base + `}`,
			[]string{`f:7: name: expected a string, got an object`}},
		{"array for an object", `{"name":"a","billCycleDay":1,"currency":"USD","billToContact":[]}`,
			[]string{`f:7: billToContact: expected an object, got an array`}},
		{"number checked as written", `{"name":"a","billCycleDay":1e0,"currency":"USD",` + contact + `}`,
			[]string{`f:7: billCycleDay: value "1e0" does not match the field's rule: a whole number from 0 to 31`}},
		{"unknown field with suggestion", `{"naem":"a","name":"a",` + base + `}`,
			[]string{`f:7: naem: unknown field "naem"; did you mean "name"?`}},
		{"unknown field without suggestion", `{"name":"a",` + base + `,"zzzzzzzz":1}`,
			[]string{`f:7: zzzzzzzz: unknown field "zzzzzzzz"`}},
		{"unknown nested field", `{"name":"a","billCycleDay":1,"currency":"USD","billToContact":{"firstName":"A","lastName":"B","workEmial":"x"}}`,
			[]string{`f:7: billToContact.workEmial: unknown field "workEmial"; did you mean "workEmail"?`}},
		{"required nested member", `{"name":"a","billCycleDay":1,"currency":"USD","billToContact":{"firstName":"A"}}`,
			[]string{`f:7: billToContact.lastName: required field is missing`}},
		{"required nested object", `{"name":"a","billCycleDay":1,"currency":"USD"}`,
			[]string{`f:7: billToContact: required field is missing`}},
		{"optional nested object present but incomplete is fine when nothing is required", `{"name":"a",` + base + `,"soldToContact":{"firstName":"A"}}`,
			nil},
		{"duplicate member", `{"name":"a","name":"b",` + base + `}`,
			[]string{`f:7: name: field appears more than once`}},
		{"syntax: trailing comma", `{"name":"a",}`,
			[]string{`f:7: invalid JSON: expected a member name at column 13`}},
		{"syntax: truncated", `{"name":"a",`,
			[]string{`f:7: invalid JSON: unexpected end of line at column 13`}},
		{"syntax: not an object", `["a"]`,
			[]string{`f:7: expected a JSON object`}},
		{"syntax: garbage after", `{"name":"a",` + base + `} {}`,
			[]string{`f:7: invalid JSON: unexpected data after the object at column ` + fmt.Sprint(len(`{"name":"a",`+base+`} {`))}},
		{"syntax: bad number", `{"name":"a","billCycleDay":01}`,
			[]string{`f:7: invalid JSON: expected ',' or '}' after a member at column 29`}},
		{"syntax: bad escape", `{"name":"a\x"}`,
			[]string{`f:7: invalid JSON: invalid escape in string at column 11`}},
		{"syntax: raw control character", "{\"name\":\"a\tb\"}",
			[]string{`f:7: invalid JSON: control character in string at column 11`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertLines(t, v.CheckJSON(7, []byte(c.row)), c.want...)
		})
	}
}

// An object or array with a required member is not required itself unless
// the metadata marks it (fieldmeta's IsRequired); present, its required
// members are. Marked required and absent, it is one problem, not one per
// member.
func TestCheckJSONObjectsInArrays(t *testing.T) {
	optional := mustValidator(t, shipToSchema)
	required := mustValidator(t, requiredShipToSchema)
	for _, v := range []*Validator{optional, required} {
		assertLines(t, v.CheckJSON(1, []byte(`{"name":"a","shipTo":[{"city":"Oslo"}]}`)))
		assertLines(t, v.CheckJSON(1, []byte(`{"name":"a","shipTo":[{"zip":"1234"}]}`)),
			`f:1: shipTo[0].zip: value "1234" does not match ^[0-9]{5}$`,
			`f:1: shipTo[0].city: required field is missing`)
	}
	assertLines(t, optional.CheckJSON(1, []byte(`{"name":"a"}`)))
	assertLines(t, optional.CheckJSON(1, []byte(`{"name":"a","shipTo":[]}`)))
	assertLines(t, required.CheckJSON(1, []byte(`{"name":"a"}`)), `f:1: shipTo: required field is missing`)
	assertLines(t, required.CheckJSON(1, []byte(`{"name":"a","shipTo":[]}`)), `f:1: shipTo: required field is empty`)
}

func TestCheckJSONCapsProblemsPerRow(t *testing.T) {
	v := mustValidator(t, accountsSchema)
	var b strings.Builder
	b.WriteString(`{"name":"a","billCycleDay":1,"currency":"USD",` + contact)
	for i := range 150 {
		b.WriteString(`,"x` + strings.Repeat("y", i%7) + `q` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `":1`)
	}
	b.WriteString("}")
	got := v.CheckJSON(1, []byte(b.String()))
	if len(got) != maxRowProblems+1 || got[maxRowProblems].Message != "50 more problems on this line" {
		t.Fatalf("got %d problems, last %+v", len(got), got[len(got)-1])
	}
}

func TestCheckJSONWithoutSchemaChecksOnlySyntax(t *testing.T) {
	var v *Validator
	assertLines(t, v.CheckJSON(2, []byte(`{"anything":[1,{"x":null}]}`)))
	assertLines(t, v.CheckJSON(2, []byte(`{"a":tru}`)), `f:2: invalid JSON: unexpected character 't' at column 6`)
}

func TestCheckJSONEncoding(t *testing.T) {
	v := mustValidator(t, accountsSchema)
	row := `{"name":"a","billCycleDay":1,"currency":"USD",` + contact + `}`
	assertLines(t, v.CheckJSON(1, append([]byte("\uFEFF"), row...)), "f:1: "+bomMessage)
	bad := strings.Replace(row, `"a"`, "\"a\xff\"", 1)
	assertLines(t, v.CheckJSON(4, []byte(bad)), "f:4: invalid UTF-8")
}

func TestCheckJSONIsSafeForConcurrentUse(t *testing.T) {
	v := mustValidator(t, accountsSchema)
	done := make(chan []Problem)
	for i := range 8 {
		go func() {
			var last []Problem
			for range 200 {
				last = v.CheckJSON(i, []byte(`{"naem":"x","billCycleDay":1,"currency":"USD",`+contact+`}`))
			}
			done <- last
		}()
	}
	for range 8 {
		if got := <-done; len(got) != 2 {
			t.Errorf("got %q", lines(got))
		}
	}
}

// The eight-bytes-at-a-time skip must stop exactly where the byte loop does.
func TestSkipPlainMatchesByteLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	alphabet := []byte{'a', 'Z', ' ', '"', '\\', 0x1f, 0x20, 0x7f, 0x80, 0xff, 0x00, 0x21, 0x5b, 0x5d}
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = 'a'
			if rng.IntN(10) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		start := rng.IntN(len(b) + 1)
		want := start
		for want < len(b) && !stringStop[b[want]] {
			want++
		}
		if got := skipPlain(b, start); got != want {
			t.Fatalf("%q from %d: got %d want %d", b, start, got, want)
		}
	}
}
