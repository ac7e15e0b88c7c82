// Package fieldmeta models the Data Loader field-metadata document that
// GET /data-loader/metadata/json/objects/{objectName}/fields returns.
//
// The document is a JSON object whose members are fields. A field is one of:
//   - a leaf: {"type": "...", "regex": "...", "required": bool}
//   - an array: a one-element JSON list holding the element's field
//   - a nested object: a JSON object of fields, optionally with
//     "required": true for the object itself
//
// A member is a leaf when it holds a "type" key with a string value; a
// nested object with a child field called "type" holds an object there, so
// the two never collide.
//
// Zuora documents only those keys. Parse is liberal beyond them: other keys
// are ignored (and listed in Notes), "pattern" stands for "regex", and
// JSON-schema shapes ({"type":"object","properties":{..},"required":[..]},
// {"type":"array","items":{..}}) are read as the same tree. A field whose
// shape cannot be read is left out with a Note rather than failing.
//
// The package is shared by the API client (which parses), the row validator
// (which walks) and the emulator (which serves and checks), so it depends on
// nothing but the standard library.
package fieldmeta

// Kind says which of the three shapes a Node has.
type Kind int

const (
	KindLeaf Kind = iota
	KindArray
	KindObject
)

func (k Kind) String() string {
	switch k {
	case KindLeaf:
		return "leaf"
	case KindArray:
		return "array"
	default:
		return "object"
	}
}

// Node is one field of the document. Only the members that belong to its
// Kind are set.
type Node struct {
	Kind Kind

	// Required: a leaf by its own flag; an object or array only when the
	// metadata marks it so (see IsRequired).
	Required bool

	// KindLeaf.
	Type  string // "string", "number", "boolean", or whatever Zuora sent
	Regex string // Java-style; may use look-around

	// KindArray: the element's field.
	Elem *Node

	// KindObject: members in document order.
	Fields []Field
	index  map[string]int

	// Notes (root only): what Parse ignored or skipped.
	Notes []Note
}

// Field is a named member of an object node.
type Field struct {
	Name string
	Node *Node
}

// Lookup finds a direct member of an object node by its exact name.
func (n *Node) Lookup(name string) (*Node, bool) {
	if n == nil || n.Kind != KindObject {
		return nil, false
	}
	i, ok := n.index[name]
	if !ok {
		return nil, false
	}
	return n.Fields[i].Node, true
}

// Names lists an object node's member names in document order.
func (n *Node) Names() []string {
	if n == nil {
		return nil
	}
	names := make([]string, len(n.Fields))
	for i, f := range n.Fields {
		names[i] = f.Name
	}
	return names
}

// IsRequired reports whether a row must carry this field: a leaf by its own
// flag, an array by its own or its element's, an object only when it is
// marked required itself. A required member of an optional object is
// required only when the object is present: the metadata says nothing
// more, and Zuora's own Account has optional contacts with required names.
func (n *Node) IsRequired() bool {
	if n.Required {
		return true
	}
	return n.Kind == KindArray && n.Elem != nil && n.Elem.IsRequired()
}

// NewObject builds an object node from members in order. The parser and
// the emulator's catalog both use it so the index is always in step.
func NewObject(fields ...Field) *Node {
	n := &Node{Kind: KindObject, Fields: fields, index: make(map[string]int, len(fields))}
	for i, f := range fields {
		n.index[f.Name] = i
	}
	return n
}
