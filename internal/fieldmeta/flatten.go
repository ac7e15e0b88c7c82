package fieldmeta

import (
	"bytes"
	"encoding/json"
)

// Flat is one leaf of the tree with its full path: dots for nesting, "[]"
// for array elements, e.g. "billToContact.firstName" or
// "additionalEmailAddresses[]".
type Flat struct {
	Path     string
	Type     string
	Regex    string
	Required bool
	IsArray  bool // the leaf sits inside at least one array
}

// Flatten lists every leaf in document order.
func (n *Node) Flatten() []Flat {
	var out []Flat
	var walk func(n *Node, path string, inArray bool)
	walk = func(n *Node, path string, inArray bool) {
		switch n.Kind {
		case KindLeaf:
			out = append(out, Flat{Path: path, Type: n.Type, Regex: n.Regex, Required: n.Required, IsArray: inArray})
		case KindArray:
			walk(n.Elem, path+"[]", true)
		case KindObject:
			for _, f := range n.Fields {
				walk(f.Node, join(path, f.Name), inArray)
			}
		}
	}
	walk(n, "", false)
	return out
}

// RequiredPaths lists, in document order, the paths every row must carry:
// required leaves whose enclosing objects and arrays are required too. A
// required member of an optional object (soldToContact.lastName) binds only
// rows that have the object, so it is not listed; Flatten's Required keeps
// the member's own flag.
func (n *Node) RequiredPaths() []string {
	var out []string
	var walk func(n *Node, path string)
	walk = func(n *Node, path string) {
		switch n.Kind {
		case KindLeaf:
			out = append(out, path)
		case KindArray:
			walk(n.Elem, path+"[]")
		case KindObject:
			for _, f := range n.Fields {
				if f.Node.IsRequired() {
					walk(f.Node, join(path, f.Name))
				}
			}
		}
	}
	walk(n, "")
	return out
}

// MarshalJSON writes the normalized document: members in document order,
// leaves as {"type","regex","required"} in that order, an object marked
// required with "required":true first, no insignificant white space. The same tree always gives the same bytes.
func (n *Node) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	n.write(&buf)
	return buf.Bytes(), nil
}

func (n *Node) write(buf *bytes.Buffer) {
	switch n.Kind {
	case KindLeaf:
		buf.WriteString(`{"type":`)
		writeString(buf, n.Type)
		buf.WriteString(`,"regex":`)
		writeString(buf, n.Regex)
		if n.Required {
			buf.WriteString(`,"required":true}`)
		} else {
			buf.WriteString(`,"required":false}`)
		}
	case KindArray:
		if n.Required { // Zuora's list shape cannot say so; JSON schema's can
			buf.WriteString(`{"type":"array","items":`)
			n.Elem.write(buf)
			buf.WriteString(`,"required":true}`)
			return
		}
		buf.WriteByte('[')
		n.Elem.write(buf)
		buf.WriteByte(']')
	case KindObject:
		buf.WriteByte('{')
		if n.Required {
			buf.WriteString(`"required":true`)
		}
		for i, f := range n.Fields {
			if i > 0 || n.Required {
				buf.WriteByte(',')
			}
			writeString(buf, f.Name)
			buf.WriteByte(':')
			f.Node.write(buf)
		}
		buf.WriteByte('}')
	}
}

func writeString(buf *bytes.Buffer, s string) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	buf.Truncate(buf.Len() - 1) // Encode appends a newline
}
