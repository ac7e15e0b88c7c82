package rowcheck

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// valueKind is the shape a value was given in.
type valueKind uint8

const (
	vString valueKind = iota
	vNumber
	vBool
	vNull
	vObject
	vArray
)

// checker holds the state of checking one row, shared by the JSON and CSV
// paths: where problems go, the current field path, scratch space.
type checker struct {
	sink   *sink
	schema bool // run schema checks; false: only syntax, encoding and PCI
	pci    bool
	line   int
	path   []byte
	found  findings
}

func (c *checker) push(name []byte) int {
	mark := len(c.path)
	if mark > 0 {
		c.path = append(c.path, '.')
	}
	c.path = append(c.path, name...)
	return mark
}

func (c *checker) pushIndex(i int) int {
	mark := len(c.path)
	c.path = append(c.path, '[')
	c.path = strconv.AppendInt(c.path, int64(i), 10)
	c.path = append(c.path, ']')
	return mark
}

func (c *checker) pop(mark int) { c.path = c.path[:mark] }

// fail reports a problem with the current field.
func (c *checker) fail(message string) {
	if c.sink.want(false) {
		c.sink.add(Problem{Line: c.line, Field: showName(c.path), Message: message})
	}
}

// lineProblem reports a problem with the whole line.
func (c *checker) lineProblem(message string) {
	c.sink.report(c.line, "", message)
}

// scalar checks one scalar value. n is nil for an unknown field, a custom
// field or when there is no schema: then only the PCI guard looks at it.
func (c *checker) scalar(n *node, kind valueKind, v []byte) {
	if c.pci && (kind == vString || kind == vNumber) {
		c.scanPCI(v)
	}
	if c.schema && n != nil {
		c.leaf(n, kind, v)
	}
}

func (c *checker) leaf(n *node, kind valueKind, v []byte) {
	if kind == vNull || kind == vString && len(v) == 0 {
		if n.required {
			c.fail("required field is empty")
		}
		return
	}
	if n.kind != fieldmeta.KindLeaf || !accepts(n.typ, kind, v) {
		c.wrongType(n, kind, v)
		return
	}
	if n.match != nil && !n.match.match(v) && c.sink.want(false) {
		c.sink.add(Problem{Line: c.line, Field: showName(c.path), Message: c.sink.ruleMessage(n, v)})
	}
}

// accepts applies Zuora's leniency: numbers and booleans may come as
// strings, and anything scalar may stand for a string.
func accepts(t leafType, kind valueKind, v []byte) bool {
	switch t {
	case numberType:
		return kind == vNumber || kind == vString && isNumeral(v)
	case booleanType:
		return kind == vBool || kind == vString && (bytes.EqualFold(v, []byte("true")) || bytes.EqualFold(v, []byte("false")))
	}
	return kind == vString || kind == vNumber || kind == vBool
}

// isNumeral accepts a decimal number as people write it in a string:
// optional sign, digits with an optional fraction, optional exponent.
func isNumeral(v []byte) bool {
	i := 0
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	start := i
	i = skipDigits(v, i)
	digits := i - start
	if i < len(v) && v[i] == '.' {
		j := skipDigits(v, i+1)
		digits += j - i - 1
		i = j
	}
	if digits == 0 {
		return false
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		j := skipDigits(v, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(v)
}

func (c *checker) wrongType(n *node, kind valueKind, v []byte) {
	if !c.sink.want(false) {
		return
	}
	c.sink.add(Problem{Line: c.line, Field: showName(c.path), Message: "expected " + expected(n) + ", got " + c.sink.given(kind, v)})
}

func expected(n *node) string {
	switch {
	case n.kind == fieldmeta.KindArray:
		return "an array"
	case n.kind == fieldmeta.KindObject:
		return "an object"
	case n.typ == numberType:
		return "a number"
	case n.typ == booleanType:
		return "a boolean"
	case n.typ == stringType:
		return "a string"
	}
	return "a single value"
}

// given names what a value was: its kind, and unless redacted, the value.
func (s *sink) given(kind valueKind, v []byte) string {
	switch {
	case kind == vObject:
		return "an object"
	case kind == vArray:
		return "an array"
	case s.redact:
		return kindWords[kind]
	case kind == vString:
		return showValue(v)
	}
	return maskedExcerpt(v)
}

// hasLineTerminator reports what Java's `.` does not match: \n, \r,
// U+0085, U+2028, U+2029.
func hasLineTerminator(v []byte) bool {
	return bytes.ContainsAny(v, "\n\r\u0085\u2028\u2029")
}

var kindWords = [...]string{vString: "a string", vNumber: "a number", vBool: "a boolean", vNull: "null"}

// ruleMessage says which rule a value breaks: in words where the regex
// has a shape describeRule knows, else the regex in full, never cut.
func (s *sink) ruleMessage(n *node, v []byte) string {
	rule := n.rule
	if n.lengthRule && hasLineTerminator(v) {
		rule += ", on one line" // `.` stops at a line break: the length may be fine
	}
	value := "the value"
	if !s.redact {
		value = "value " + showValue(v)
		if n.lengthRule {
			rule += " (it has " + strconv.Itoa(utf8.RuneCount(v)) + ")"
		}
	}
	if n.rule != "" {
		return value + " does not match the field's rule: " + rule
	}
	return value + " does not match " + n.regex
}

// scanPCI keeps no more findings than the report has room for; the rest
// are only counted.
func (c *checker) scanPCI(v []byte) {
	c.found = findings{list: c.found.list[:0], limit: c.sink.pciRoom()}
	c.found.scan(v)
	for _, f := range c.found.list {
		if c.sink.want(true) {
			c.sink.add(Problem{Line: c.line, Field: showName(c.path), Message: c.sink.pciMessage(v, f), PCI: true})
		}
	}
	c.sink.pciTotal += c.found.more
}
