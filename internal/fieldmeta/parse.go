package fieldmeta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// maxDepth bounds nesting so a hostile document cannot exhaust the stack.
const maxDepth = 64

// Parse reads a field-metadata document, keeping member order. The root
// must be a JSON object.
func Parse(doc []byte) (*Node, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	root, err := parseValue(dec, "", 0)
	if err != nil {
		return nil, err
	}
	if root.Kind != KindObject {
		return nil, errors.New("field metadata: the document must be a JSON object of fields")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("field metadata: unexpected data after the document")
	}
	return root, nil
}

func parseValue(dec *json.Decoder, path string, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("field metadata: %s: nested deeper than %d levels", where(path), maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("field metadata: %s: %w", where(path), err)
	}
	switch tok {
	case json.Delim('{'):
		return parseObject(dec, path, depth)
	case json.Delim('['):
		elem, err := parseValue(dec, path+"[]", depth+1)
		if err != nil {
			return nil, err
		}
		if !closes(dec, ']') {
			return nil, fmt.Errorf("field metadata: %s: an array field must hold exactly one element", where(path))
		}
		return &Node{Kind: KindArray, Elem: elem}, nil
	default:
		return nil, fmt.Errorf("field metadata: %s: expected an object or a one-element array, got %v", where(path), tok)
	}
}

// parseObject reads members after '{'. It decides between a leaf and a
// nested object once all members are read: a leaf is an object whose "type"
// member is a string.
func parseObject(dec *json.Decoder, path string, depth int) (*Node, error) {
	var fields []Field
	leaf := &Node{Kind: KindLeaf}
	isLeaf := false
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
		if leafMember(leaf, name, raw) {
			if name == "type" {
				isLeaf = true
			}
			// A leaf-looking scalar member is kept aside; if this turns
			// out to be an object node it is an error below.
			fields = append(fields, Field{Name: name})
			continue
		}
		sub := json.NewDecoder(bytes.NewReader(raw))
		sub.UseNumber()
		child, err := parseValue(sub, join(path, name), depth+1)
		if err != nil {
			return nil, err
		}
		fields = append(fields, Field{Name: name, Node: child})
	}
	if !closes(dec, '}') {
		return nil, fmt.Errorf("field metadata: %s: malformed object", where(path))
	}
	if isLeaf {
		for _, f := range fields {
			if f.Node != nil {
				return nil, fmt.Errorf("field metadata: %s: a field with a type cannot also have member %q", where(path), f.Name)
			}
		}
		return leaf, nil
	}
	for _, f := range fields {
		if f.Node == nil {
			return nil, fmt.Errorf("field metadata: %s: member %q must be a field (an object or a one-element array)", where(join(path, f.Name)), f.Name)
		}
	}
	return NewObject(fields...), nil
}

// leafMember stores a scalar leaf attribute and reports whether raw was one.
func leafMember(leaf *Node, name string, raw json.RawMessage) bool {
	var s string
	switch name {
	case "type":
		if json.Unmarshal(raw, &s) == nil {
			leaf.Type = s
			return true
		}
	case "regex":
		if json.Unmarshal(raw, &s) == nil {
			leaf.Regex = s
			return true
		}
		if string(raw) == "null" {
			return true
		}
	case "required":
		var b bool
		if json.Unmarshal(raw, &b) == nil {
			leaf.Required = b
			return true
		}
		// Some documents quote booleans.
		if json.Unmarshal(raw, &s) == nil {
			if v, err := strconv.ParseBool(s); err == nil {
				leaf.Required = v
				return true
			}
		}
	}
	return false
}

func closes(dec *json.Decoder, want json.Delim) bool {
	tok, err := dec.Token()
	return err == nil && tok == want
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
