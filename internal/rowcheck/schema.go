package rowcheck

import (
	"strings"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// leafType is the metadata's "type" reduced to what the checks distinguish.
type leafType uint8

const (
	anyScalar leafType = iota // a type name we do not know: only the regex applies
	stringType
	numberType
	booleanType
)

func leafTypeOf(name string) leafType {
	switch strings.ToLower(name) {
	case "string", "text", "date", "datetime":
		return stringType
	case "number", "integer", "int", "long", "decimal", "double", "float":
		return numberType
	case "boolean", "bool":
		return booleanType
	}
	return anyScalar
}

// node is a fieldmeta.Node prepared for checking: regexes compiled, the
// member index keyed for allocation-free lookups, required members listed.
type node struct {
	kind     fieldmeta.Kind
	typ      leafType
	typeName string
	regex    string
	match    matcher // nil when the field has no regex
	rule     string  // the regex in words; "" when it has no known shape
	// lengthRule: the regex only limits the length, so a message says how
	// long the value is.
	lengthRule bool
	required   bool // fieldmeta's IsRequired

	elem *node // KindArray

	members         []member // KindObject, document order
	index           map[string]int
	requiredMembers []int // indexes of members a present object must carry
}

type member struct {
	name string
	node *node
}

func (n *node) lookup(name []byte) (int, bool) {
	i, ok := n.index[string(name)] // no allocation: the compiler special-cases this form
	return i, ok
}

func (n *node) names() []string {
	out := make([]string, len(n.members))
	for i, m := range n.members {
		out[i] = m.name
	}
	return out
}

// compileSchema converts the tree, compiling each distinct regex once.
func compileSchema(src *fieldmeta.Node, regexes regexCache, path string) (*node, error) {
	n := &node{kind: src.Kind, required: src.IsRequired()}
	switch src.Kind {
	case fieldmeta.KindLeaf:
		n.typeName, n.typ, n.regex = src.Type, leafTypeOf(src.Type), src.Regex
		if src.Regex != "" {
			m, err := regexes.compile(src.Regex)
			if err != nil {
				return nil, &regexError{field: path, pattern: src.Regex, err: err}
			}
			n.match = m
			n.rule = describeRule(src.Regex)
			rest, _ := stripNotBlank(src.Regex)
			_, n.lengthRule = parseDotCount(rest)
		}
	case fieldmeta.KindArray:
		if src.Elem == nil {
			return n, nil
		}
		elem, err := compileSchema(src.Elem, regexes, path+"[]")
		if err != nil {
			return nil, err
		}
		n.elem = elem
	case fieldmeta.KindObject:
		n.index = make(map[string]int, len(src.Fields))
		for _, f := range src.Fields {
			if f.Node == nil {
				continue
			}
			child, err := compileSchema(f.Node, regexes, joinPath(path, f.Name))
			if err != nil {
				return nil, err
			}
			n.members = append(n.members, member{name: f.Name, node: child})
			n.index[f.Name] = len(n.members) - 1
			if child.required {
				n.requiredMembers = append(n.requiredMembers, len(n.members)-1)
			}
		}
	}
	return n, nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// isCustomField reports Zuora's custom-field naming, which any object
// accepts without it being in the metadata.
func isCustomField(name []byte) bool {
	return len(name) > 3 && string(name[len(name)-3:]) == "__c"
}
