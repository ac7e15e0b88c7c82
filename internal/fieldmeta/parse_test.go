package fieldmeta

import (
	"os"
	"strings"
	"testing"
)

// testdata/guide_account_import.json is the Account Import metadata printed
// in Zuora's JSON-lines guide, with the guide's indentation and its "..."
// truncation line removed.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustParse(t *testing.T, doc string) *Node {
	t.Helper()
	n, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return n
}

// flatLines renders Flatten as "path type regex required" lines.
func flatLines(n *Node) string {
	var b strings.Builder
	for _, f := range n.Flatten() {
		b.WriteString(f.Path + " " + f.Type + " " + f.Regex)
		if f.Required {
			b.WriteString(" required")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func noteLines(n *Node) []string {
	var out []string
	for _, note := range n.Notes {
		s := note.String()
		if note.Skipped {
			s = "skipped " + s
		}
		out = append(out, s)
	}
	return out
}

func TestParseTheGuidesSample(t *testing.T) {
	n := mustParse(t, string(readFixture(t, "guide_account_import.json")))
	want := []struct {
		path, typ string
		required  bool
	}{
		{"name", "string", true}, {"billCycleDay", "number", true}, {"currency", "string", true},
		{"notes", "string", false}, {"accountNumber", "string", false},
		{"additionalEmailAddresses[]", "string", false}, {"autoPay", "boolean", false}, {"batch", "string", false},
	}
	flat := n.Flatten()
	if len(flat) != len(want) {
		t.Fatalf("%d leaves, want %d:\n%s", len(flat), len(want), flatLines(n))
	}
	for i, w := range want {
		if f := flat[i]; f.Path != w.path || f.Type != w.typ || f.Required != w.required || f.Regex == "" {
			t.Errorf("leaf %d = %+v, want %+v with a regex", i, f, w)
		}
	}
	if flat[0].Regex != `(^(?!\s*$).{1,255})$` {
		t.Errorf("name regex %q", flat[0].Regex)
	}
	if len(n.Notes) != 0 {
		t.Errorf("notes on the guide's own sample: %q", noteLines(n))
	}
}

// Keys the guide does not show are ignored and listed as notes, never an
// error; "pattern" is read as "regex".
func TestParseIgnoresExtraKeys(t *testing.T) {
	n := mustParse(t, `{
  "name": {"type": "string", "regex": "^.{1,255}$", "required": true, "format": "text", "description": "The name", "maxLength": 255},
  "code": {"type": "string", "pattern": "^[A-Z]{3}$", "required": "true", "enum": ["AAA", "BBB"]},
  "both": {"type": "string", "regex": "^r$", "pattern": "^p$"},
  "contact": {"description": "a nested object", "x-order": 3, "required": false,
    "firstName": {"type": "string", "regex": "", "required": true, "examples": [{"a": 1}]}}
}`)
	got := flatLines(n)
	want := "name string ^.{1,255}$ required\ncode string ^[A-Z]{3}$ required\nboth string ^r$\ncontact.firstName string  required\n"
	if got != want {
		t.Errorf("tree:\n%s\nwant:\n%s", got, want)
	}
	notes := strings.Join(noteLines(n), "\n")
	for _, key := range []string{`name: ignored key "format"`, `name: ignored key "description"`, `name: ignored key "maxLength"`,
		`code: ignored key "enum"`, `contact: ignored key "description"`, `contact: ignored key "x-order"`,
		`contact.firstName: ignored key "examples"`} {
		if !strings.Contains(notes, key) {
			t.Errorf("notes do not say %s:\n%s", key, notes)
		}
	}
	if strings.Contains(notes, "skipped") {
		t.Errorf("nothing should be skipped:\n%s", notes)
	}
	if contact, _ := n.Lookup("contact"); contact.IsRequired() {
		t.Error("contact is optional: a required member does not make it required")
	}
}

// A JSON-schema-like document reads as the same tree as Zuora's shape.
func TestParseJSONSchemaShape(t *testing.T) {
	schema := mustParse(t, `{
  "type": "object",
  "required": ["name", "billToContact"],
  "properties": {
    "name": {"type": "string", "pattern": "^.{1,255}$"},
    "tags": {"type": "array", "items": {"type": "string", "maxLength": 20}},
    "billToContact": {"type": "object", "required": ["lastName"], "properties": {
      "firstName": {"type": ["string", "null"]},
      "lastName": {"type": "string"}
    }},
    "shipTo": {"type": "array", "items": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
  }
}`)
	zuora := mustParse(t, `{
  "name": {"type": "string", "regex": "^.{1,255}$", "required": true},
  "tags": [{"type": "string", "regex": "", "required": false}],
  "billToContact": {"required": true,
    "firstName": {"type": "string", "regex": "", "required": false},
    "lastName": {"type": "string", "regex": "", "required": true}},
  "shipTo": [{"city": {"type": "string", "regex": "", "required": true}}]
}`)
	a, _ := schema.MarshalJSON()
	b, _ := zuora.MarshalJSON()
	if string(a) != string(b) {
		t.Errorf("JSON schema reads as\n%s\nZuora's shape as\n%s", a, b)
	}
	if c, _ := schema.Lookup("billToContact"); !c.IsRequired() {
		t.Error("billToContact is in the root's required list")
	}
	if s, _ := schema.Lookup("shipTo"); s.IsRequired() {
		t.Error("shipTo is not in the root's required list")
	}
}

// Shapes that cannot be read are left out with one note each, never an
// error, so a plan still checks the fields that can be read.
func TestParseSkipsUnreadableShapes(t *testing.T) {
	n := mustParse(t, `{
  "name": {"type": "string", "regex": "", "required": true},
  "pair": [{"type": "string"}, {"type": "number"}],
  "list": {"type": "array", "items": "string"},
  "obj": {"type": "object", "properties": {"a": "string", "b": {"type": "string"}}}
}`)
	if got, want := flatLines(n), "name string  required\nobj.b string \n"; got != want {
		t.Errorf("tree:\n%s\nwant:\n%s", got, want)
	}
	var skipped []string
	for _, note := range n.Notes {
		if note.Skipped {
			skipped = append(skipped, note.Path)
		}
	}
	if strings.Join(skipped, ",") != "pair,list,obj.a" {
		t.Errorf("skipped %q, want pair, list and obj.a (notes %q)", skipped, noteLines(n))
	}
}

func TestParseStillRefusesWhatIsNotMetadata(t *testing.T) {
	for _, doc := range []string{``, `[]`, `"x"`, `{"a":{"type":"s"}} {}`, `{"a":{"type":"s","type":"t"}}`, `{"a":`} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("Parse(%q) succeeded", doc)
		}
	}
}

// A typed object or array whose members cannot be read is skipped with a
// note, never turned into a leaf that would refuse every row's value.
func TestParseSkipsUnreadableTypedObjects(t *testing.T) {
	n, err := Parse([]byte(`{
	  "name": {"type": "string", "required": true},
	  "billTo": {"type": "object", "properties": {"city": {"type": "string"}}, "additionalProperties": {"type": "string"}},
	  "extra": {"type": "object"},
	  "tags": {"type": "array"},
	  "meta": {"properties": {"a": {"type": "string"}}, "list": [{"type": "string"}]}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range n.Flatten() {
		paths = append(paths, f.Path)
	}
	want := []string{"name", "billTo.city", "meta.properties.a", "meta.list[]"}
	if strings.Join(paths, ",") != strings.Join(want, ",") {
		t.Errorf("paths = %q, want %q", paths, want)
	}
	skipped := map[string]int{}
	for _, note := range n.Notes {
		if note.Skipped {
			skipped[note.Path]++
		}
	}
	if skipped["extra"] != 1 || skipped["tags"] != 1 || len(skipped) != 2 {
		t.Errorf("skipped notes = %v, want one each for extra and tags", skipped)
	}
}
