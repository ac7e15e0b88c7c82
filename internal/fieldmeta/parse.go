package fieldmeta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxDepth bounds nesting so a hostile document cannot exhaust the stack.
const maxDepth = 64

// Note is something Parse read but did not use. Zuora documents only
// "type", "regex" and "required"; a tenant may send more, and a document
// that is valid JSON must never fail a plan for its shape.
type Note struct {
	Path    string // the field, dotted; "" for the document root
	Message string
	// Skipped: a field whose shape could not be read at all, left out of
	// the tree, so rows are not checked against it (worth a warning).
	// Otherwise only a key was ignored (worth a debug line).
	Skipped bool
}

func (n Note) String() string { return where(n.Path) + ": " + n.Message }

// Parse reads a field-metadata document, keeping member order. The root
// must be a JSON object. What it ignored or skipped is in the root's Notes.
func Parse(doc []byte) (*Node, error) {
	p := &parser{}
	dec := newDecoder(doc)
	root, err := p.value(dec, "", 0)
	if err != nil {
		return nil, err
	}
	if root == nil || root.Kind != KindObject {
		return nil, errors.New("field metadata: the document must be a JSON object of fields")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("field metadata: unexpected data after the document")
	}
	root.Notes = p.notes
	return root, nil
}

type parser struct {
	notes []Note
}

func (p *parser) ignore(path, format string, args ...any) {
	p.notes = append(p.notes, Note{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) skip(path, format string, args ...any) {
	p.notes = append(p.notes, Note{Path: path, Message: fmt.Sprintf(format, args...), Skipped: true})
}

func newDecoder(raw []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec
}

// value reads one field. A nil node with no error means the value is not
// a field at all (a scalar, or a list of scalars).
func (p *parser) value(dec *json.Decoder, path string, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("field metadata: %s: nested deeper than %d levels", where(path), maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("field metadata: %s: %w", where(path), err)
	}
	switch tok {
	case json.Delim('{'):
		members, err := readMembers(dec, path)
		if err != nil {
			return nil, err
		}
		return p.object(members, path, depth)
	case json.Delim('['):
		var elems []json.RawMessage
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, fmt.Errorf("field metadata: %s: %w", where(path), err)
			}
			elems = append(elems, raw)
		}
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("field metadata: %s: %w", where(path), err)
		}
		return p.array(elems, path, depth)
	default:
		return nil, nil
	}
}

// array reads Zuora's array shape: a one-element list holding the
// element's field.
func (p *parser) array(elems []json.RawMessage, path string, depth int) (*Node, error) {
	var fields []json.RawMessage
	for _, e := range elems {
		if k := rawKind(e); k == '{' || k == '[' {
			fields = append(fields, e)
		}
	}
	switch {
	case len(fields) == 0:
		return nil, nil // a list of values (an enum, say), not a field
	case len(fields) > 1:
		p.skip(path, "an array field must describe exactly one element, this one has %d; the field is not checked", len(fields))
		return nil, nil
	}
	elem, err := p.value(newDecoder(fields[0]), path+"[]", depth+1)
	if err != nil || elem == nil {
		return nil, err
	}
	return &Node{Kind: KindArray, Elem: elem}, nil
}

type rawMember struct {
	name string
	raw  json.RawMessage
}

func readMembers(dec *json.Decoder, path string) ([]rawMember, error) {
	var members []rawMember
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("field metadata: %s: %w", where(path), err)
		}
		name, _ := tok.(string)
		if seen[name] {
			return nil, fmt.Errorf("field metadata: %s: duplicate member %q", where(path), name)
		}
		seen[name] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("field metadata: %s: %w", where(join(path, name)), err)
		}
		members = append(members, rawMember{name, raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("field metadata: %s: malformed object", where(path))
	}
	return members, nil
}

// object decides what a JSON object describes, once all its members are
// read:
//   - a JSON-schema object ("type": "object" with "properties", or
//     "properties" alone) or array ("type": "array" with "items");
//   - a leaf: any other string "type" (or a list of type names);
//   - otherwise Zuora's nested object, whose object and list members are
//     its fields and whose "required": true marks the object itself.
func (p *parser) object(members []rawMember, path string, depth int) (*Node, error) {
	get := func(name string) (json.RawMessage, bool) {
		for _, m := range members {
			if m.name == name {
				return m.raw, true
			}
		}
		return nil, false
	}
	typ, typed := typeName(get("type"))
	props, hasProps := get("properties")
	items, hasItems := get("items")
	isObject, isArray := typed && strings.EqualFold(typ, "object"), typed && strings.EqualFold(typ, "array")
	switch {
	case hasProps && rawKind(props) == '{' && (isObject || !typed && !hasFields(members)):
		return p.schemaObject(members, props, path, depth)
	case isArray && hasItems:
		return p.schemaArray(members, items, path, depth)
	case isObject:
		// Read as a leaf, every row's object would be refused.
		p.skip(path, "type object without readable properties; the field is not checked")
		return nil, nil
	case isArray:
		p.skip(path, "type array without readable items; the field is not checked")
		return nil, nil
	case typed:
		return p.leaf(members, typ, path), nil
	}
	var fields []Field
	var required bool
	var requiredNames []string
	for _, m := range members {
		if m.name == "required" {
			if b, ok := boolValue(m.raw); ok {
				required = b
				continue
			}
			if json.Unmarshal(m.raw, &requiredNames) == nil {
				continue
			}
		}
		child, err := p.value(newDecoder(m.raw), join(path, m.name), depth+1)
		if err != nil {
			return nil, err
		}
		if child == nil {
			if k := rawKind(m.raw); k != '{' && k != '[' || !p.skippedAt(join(path, m.name)) {
				p.ignore(path, "ignored key %q", m.name)
			}
			continue
		}
		fields = append(fields, Field{Name: m.name, Node: child})
	}
	obj := NewObject(fields...)
	obj.Required = required
	for _, name := range requiredNames {
		if child, ok := obj.Lookup(name); ok {
			child.Required = true
		} else {
			p.ignore(path, "required names %q, which is not a field", name)
		}
	}
	return obj, nil
}

// hasFields: a Zuora nested object may have a member called "properties";
// it is read as JSON schema only when no other member is a field (an
// object, or Zuora's one-element list for an array).
func hasFields(members []rawMember) bool {
	for _, m := range members {
		switch m.name {
		case "properties", "items", "required", "type":
			continue
		}
		if k := rawKind(m.raw); k == '{' || k == '[' {
			return true
		}
	}
	return false
}

func (p *parser) skippedAt(path string) bool {
	for _, n := range p.notes {
		if n.Skipped && (n.Path == path || strings.HasPrefix(n.Path, path+".") || strings.HasPrefix(n.Path, path+"[]")) {
			return true
		}
	}
	return false
}

// schemaObject reads {"type":"object","properties":{...},"required":[...]}.
func (p *parser) schemaObject(members []rawMember, props json.RawMessage, path string, depth int) (*Node, error) {
	inner, err := readMembers(afterOpen(props), path)
	if err != nil {
		return nil, err
	}
	var fields []Field
	for _, m := range inner {
		child, err := p.value(newDecoder(m.raw), join(path, m.name), depth+1)
		if err != nil {
			return nil, err
		}
		if child == nil {
			if !p.skippedAt(join(path, m.name)) {
				p.skip(join(path, m.name), "property is not a field description; the field is not checked")
			}
			continue
		}
		fields = append(fields, Field{Name: m.name, Node: child})
	}
	obj := NewObject(fields...)
	p.applyRequired(obj, members, path)
	return obj, nil
}

// schemaArray reads {"type":"array","items":{...}}.
func (p *parser) schemaArray(members []rawMember, items json.RawMessage, path string, depth int) (*Node, error) {
	var elem *Node
	var err error
	switch rawKind(items) {
	case '{':
		elem, err = p.value(newDecoder(items), path+"[]", depth+1)
	case '[':
		elem, err = p.value(newDecoder(items), path, depth) // a list of one element: Zuora's own shape
		if elem != nil {
			elem = elem.Elem
		}
	}
	if err != nil {
		return nil, err
	}
	if elem == nil {
		p.skip(path, "array items are not a field description; the field is not checked")
		return nil, nil
	}
	arr := &Node{Kind: KindArray, Elem: elem}
	p.applyRequired(arr, members, path)
	return arr, nil
}

// applyRequired takes "required" as JSON schema's list of member names or
// as Zuora's boolean for the field itself; other keys are noted.
func (p *parser) applyRequired(n *Node, members []rawMember, path string) {
	for _, m := range members {
		switch m.name {
		case "type", "properties", "items":
			continue
		case "required":
			if b, ok := boolValue(m.raw); ok {
				n.Required = b
				continue
			}
			var names []string
			if json.Unmarshal(m.raw, &names) == nil && n.Kind == KindObject {
				for _, name := range names {
					if child, ok := n.Lookup(name); ok {
						child.Required = true
					} else {
						p.ignore(path, "required names %q, which is not a property", name)
					}
				}
				continue
			}
		}
		p.ignore(path, "ignored key %q", m.name)
	}
}

// leaf reads {"type","regex","required"}; "pattern" stands for "regex"
// (JSON schema's name), which wins when both are given.
func (p *parser) leaf(members []rawMember, typ, path string) *Node {
	n := &Node{Kind: KindLeaf, Type: typ}
	pattern := ""
	for _, m := range members {
		switch m.name {
		case "type":
			continue
		case "regex", "pattern":
			var s string
			if json.Unmarshal(m.raw, &s) == nil {
				if m.name == "regex" {
					n.Regex = s
				} else {
					pattern = s
				}
				continue
			}
			if string(m.raw) == "null" {
				continue
			}
		case "required":
			if b, ok := boolValue(m.raw); ok {
				n.Required = b
				continue
			}
		}
		p.ignore(path, "ignored key %q", m.name)
	}
	if n.Regex == "" {
		n.Regex = pattern
	}
	return n
}

// typeName reads "type": a string, or JSON schema's list of names of
// which the first that is not "null" counts.
func typeName(raw json.RawMessage, ok bool) (string, bool) {
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		for _, t := range list {
			if t != "null" {
				return t, true
			}
		}
		if len(list) > 0 {
			return list[0], true
		}
	}
	return "", false
}

// boolValue reads a boolean, quoted or not: some documents quote them.
func boolValue(raw json.RawMessage) (bool, bool) {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, true
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if v, err := strconv.ParseBool(s); err == nil {
			return v, true
		}
	}
	return false, false
}

// rawKind is the first significant byte of a JSON value.
func rawKind(raw json.RawMessage) byte {
	t := bytes.TrimLeft(raw, " \t\r\n")
	if len(t) == 0 {
		return 0
	}
	return t[0]
}

// afterOpen is a decoder positioned inside an object value.
func afterOpen(raw json.RawMessage) *json.Decoder {
	dec := newDecoder(raw)
	_, _ = dec.Token() // the '{' rawKind saw
	return dec
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func where(path string) string {
	if path == "" {
		return "document root"
	}
	return path
}
