package rowcheck

import (
	"strconv"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// maxDepth bounds nesting in a row so a hostile line cannot exhaust the
// stack; Zuora's objects nest a few levels.
const maxDepth = 512

// jsonWalker lexes one JSON-lines row while walking the schema tree.
type jsonWalker struct {
	checker
	seen []uint64 // required-member bitsets, one slice per open object
	key  []byte   // scratch for member names with escapes
	val  []byte   // scratch for string values with escapes

	rowLen int
	// rowID is create-job's rowIdHeader: a top-level key that identifies
	// the row and is no field.
	rowID string
	// mappings renames top-level keys to the fields they fill
	// (create-job's mappings); problems still name the key as written.
	mappings map[string]string
	// pciFrom is where the bytes not yet seen by the PCI guard start: the
	// end of the last value it checked. A row abandoned at a syntax error
	// has the rest read as raw text, so no byte escapes the guard.
	pciFrom int
	raw     *rawScanner
}

// row checks one non-blank line against root (nil: no schema).
func (w *jsonWalker) row(b []byte, root *node) {
	w.path, w.seen, w.rowLen, w.pciFrom = w.path[:0], w.seen[:0], len(b), 0
	i := skipSpace(b, 0)
	if i < len(b) && b[i] != '{' {
		w.lineProblem("expected a JSON object")
		w.scanRest(b)
		return
	}
	if i = w.object(b, i, root, 0); i < 0 {
		w.scanRest(b)
		return
	}
	if i = skipSpace(b, i); i < len(b) {
		w.syntax(i, "unexpected data after the object")
		w.pciFrom = i
		w.scanRest(b)
	}
}

// scanRest runs the PCI guard over what the walk did not check.
func (w *jsonWalker) scanRest(b []byte) {
	if !w.pci || w.pciFrom >= len(b) {
		return
	}
	if w.raw == nil {
		w.raw = newRawScanner(w.sink, true, false, 0)
	}
	w.raw.sink, w.raw.line = w.sink, w.line
	w.raw.write(b[w.pciFrom:])
	w.raw.finish()
}

// syntax reports a syntax error and returns -1, which abandons the row.
func (w *jsonWalker) syntax(i int, msg string) int {
	if i >= w.rowLen {
		msg = "unexpected end of line"
	}
	if w.sink.want(false) {
		w.sink.add(Problem{Line: w.line, Message: "invalid JSON: " + msg + " at column " + strconv.Itoa(i+1)})
	}
	return -1
}

func (w *jsonWalker) value(b []byte, i int, n *node, depth int) int {
	if depth > maxDepth {
		return w.syntax(i, "nested too deeply")
	}
	if i >= len(b) {
		return w.syntax(i, "unexpected end of line")
	}
	switch c := b[i]; {
	case c == '"':
		end, escaped, msg := scanString(b, i)
		if msg != "" {
			return w.syntax(end, msg)
		}
		v := b[i+1 : end-1]
		if escaped {
			w.val = unescape(w.val[:0], v)
			v = w.val
		}
		w.scalar(n, vString, v)
		w.pciFrom = end
		return end
	case c == '-' || isDigit(c):
		end := scanNumber(b, i)
		if end < 0 {
			return w.syntax(i, "invalid number")
		}
		w.scalar(n, vNumber, b[i:end])
		w.pciFrom = end
		return end
	case c == '{':
		if n != nil && n.kind != fieldmeta.KindObject {
			w.mismatch(n, vObject)
			n = nil
		}
		return w.object(b, i, n, depth)
	case c == '[':
		if n != nil && n.kind != fieldmeta.KindArray {
			w.mismatch(n, vArray)
			n = nil
		}
		return w.array(b, i, n, depth)
	case hasLiteral(b, i, "true"):
		w.scalar(n, vBool, b[i:i+4])
		return i + 4
	case hasLiteral(b, i, "false"):
		w.scalar(n, vBool, b[i:i+5])
		return i + 5
	case hasLiteral(b, i, "null"):
		w.scalar(n, vNull, nil)
		return i + 4
	}
	if w.sink.redact {
		return w.syntax(i, "unexpected character")
	}
	return w.syntax(i, "unexpected character "+strconv.QuoteRune(rune(b[i])))
}

func (w *jsonWalker) mismatch(n *node, kind valueKind) {
	if w.schema {
		w.wrongType(n, kind, nil)
	}
}

// object lexes members from b[i] == '{'. With a schema it marks each known
// member in a bitset and afterwards reports required members not seen.
func (w *jsonWalker) object(b []byte, i int, n *node, depth int) int {
	checks := w.schema && n != nil
	base := len(w.seen)
	if checks {
		for range (len(n.members) + 63) / 64 {
			w.seen = append(w.seen, 0)
		}
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i = w.member(b, i, n, base, depth); i < 0 {
				return -1
			}
			i = skipSpace(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipSpace(b, i+1)
				continue
			}
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			return w.syntax(i, "expected ',' or '}' after a member")
		}
	}
	if checks {
		for _, m := range n.requiredMembers {
			if w.seen[base+m/64]&(1<<(m%64)) == 0 {
				mark := w.push([]byte(n.members[m].name))
				w.fail("required field is missing")
				w.pop(mark)
			}
		}
		w.seen = w.seen[:base]
	}
	return i
}

// member lexes one "name": value pair.
func (w *jsonWalker) member(b []byte, i int, n *node, base, depth int) int {
	if i >= len(b) || b[i] != '"' {
		return w.syntax(i, "expected a member name")
	}
	end, escaped, msg := scanString(b, i)
	if msg != "" {
		return w.syntax(end, msg)
	}
	name := b[i+1 : end-1]
	if escaped {
		w.key = unescape(w.key[:0], name)
		name = w.key
	}
	if i = skipSpace(b, end); i >= len(b) || b[i] != ':' {
		return w.syntax(i, "expected ':' after a member name")
	}
	mark := w.push(name)
	field := name
	if depth == 0 && w.mappings != nil {
		if target, ok := w.mappings[string(name)]; ok {
			field = []byte(target)
		}
	}
	var child *node
	if n != nil {
		if m, ok := n.lookup(field); ok {
			child = n.members[m].node
			if w.schema {
				w.markSeen(base, m)
			}
		} else if w.schema && !isCustomField(name) && (depth > 0 || w.rowID == "" || string(name) != w.rowID) {
			w.unknownField(n, name)
		}
	}
	i = w.value(b, skipSpace(b, i+1), child, depth+1)
	w.pop(mark)
	return i
}

func (w *jsonWalker) markSeen(base, m int) {
	word, bit := base+m/64, uint64(1)<<(m%64)
	if w.seen[word]&bit != 0 {
		w.fail("field appears more than once")
	}
	w.seen[word] |= bit
}

func (w *jsonWalker) unknownField(n *node, name []byte) {
	if w.sink.want(false) {
		w.sink.add(Problem{Line: w.line, Field: showName(w.path), Message: unknownMessage(name, n)})
	}
}

// array lexes elements from b[i] == '['; n is the array field or nil.
func (w *jsonWalker) array(b []byte, i int, n *node, depth int) int {
	var elem *node
	if n != nil {
		elem = n.elem
	}
	i = skipSpace(b, i+1)
	count := 0
	if i < len(b) && b[i] == ']' {
		i++
	} else {
		for {
			mark := w.pushIndex(count)
			i = w.value(b, i, elem, depth+1)
			w.pop(mark)
			if i < 0 {
				return -1
			}
			count++
			i = skipSpace(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipSpace(b, i+1)
				continue
			}
			if i < len(b) && b[i] == ']' {
				i++
				break
			}
			return w.syntax(i, "expected ',' or ']' after an element")
		}
	}
	if count == 0 && w.schema && n != nil && n.required {
		w.fail("required field is empty")
	}
	return i
}
