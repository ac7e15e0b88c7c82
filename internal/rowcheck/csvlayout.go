package rowcheck

import (
	"strings"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// csvLayout is a CSV header resolved against the schema once: what each
// column holds, which nested objects the columns fill, which required
// fields each object needs, and what is wrong with the header itself.
type csvLayout struct {
	header   []string
	columns  []csvColumn
	groups   []*csvGroup // the root first, parents before children
	problems []Problem   // header problems; Line is set by the caller

	headerless bool // the header could not be read: cells are only PCI-checked
}

type csvColumn struct {
	node *node // the leaf; nil for unknown and custom columns
	list bool  // an array column: the cell holds comma-separated elements
}

// csvGroup is one object filled by columns. An optional object whose cells
// are all empty in a row is absent from that row: its required members are
// not demanded.
type csvGroup struct {
	path     string
	always   bool  // the root, or a required object
	cols     []int // every column inside the object
	required []requiredColumns
}

// requiredColumns is a required field and the columns that can give it.
type requiredColumns struct {
	path string
	cols []int
}

// layoutCSV resolves header against root (nil: no schema, every column is
// taken as is and only the PCI guard reads the cells).
func layoutCSV(root *node, header []string) *csvLayout {
	l := &csvLayout{header: append([]string(nil), header...), columns: make([]csvColumn, len(header))}
	if root == nil {
		return l
	}
	groups := map[string]*csvGroup{"": {always: true}}
	l.groups = append(l.groups, groups[""])
	paths := make([]string, len(header)) // resolved columns' paths; "" when unresolved
	seen := map[string]bool{}
	for i, name := range header {
		if name == noFieldColumn {
			continue // the row id column: PCI-checked only
		}
		if seen[name] {
			l.headerProblem(name, "column appears more than once")
			continue
		}
		seen[name] = true
		col, ok := l.resolve(root, name, i, groups)
		l.columns[i] = col
		if ok {
			paths[i] = name
		}
	}
	for _, g := range l.groups {
		n := root
		if g.path != "" {
			n = groupNode(root, g.path)
		}
		for _, m := range n.requiredMembers {
			mem := n.members[m]
			path := joinPath(g.path, mem.name)
			cols := columnsUnder(paths, path)
			if len(cols) == 0 {
				l.headerProblem(path, "required field is missing")
				continue
			}
			if mem.node.kind != fieldmeta.KindObject {
				g.required = append(g.required, requiredColumns{path: path, cols: cols})
			}
		}
	}
	return l
}

// noFieldColumn marks a column that is no field (create-job's rowIdHeader)
// in a mapped header; no column name can be empty in a header row Zuora
// accepts, and an empty name stays unresolved like any unknown one.
const noFieldColumn = "\x00row id"

func (l *csvLayout) headerProblem(field, message string) {
	l.problems = append(l.problems, Problem{Field: showName([]byte(field)), Message: message})
}

// resolve follows a column name such as billToContact.firstName or
// additionalEmailAddresses[0] through the schema.
func (l *csvLayout) resolve(root *node, name string, col int, groups map[string]*csvGroup) (csvColumn, bool) {
	cur, path := root, ""
	var via []*csvGroup // the objects this column fills
	segments := strings.Split(name, ".")
	for k, seg := range segments {
		field, index, indexed := splitIndex(seg)
		if isCustomField([]byte(field)) {
			return csvColumn{}, false
		}
		m, ok := cur.lookup([]byte(field))
		if !ok {
			msg := "unknown field " + showValue([]byte(name))
			if s := suggest(field, cur.names()); s != "" {
				segments[k] = s
				msg += `; did you mean "` + strings.Join(segments, ".") + `"?`
			}
			l.headerProblem(name, msg)
			return csvColumn{}, false
		}
		cur, path = cur.members[m].node, joinPath(path, field)
		if indexed {
			if cur.kind != fieldmeta.KindArray || cur.elem == nil {
				l.headerProblem(name, path+" is not an array")
				return csvColumn{}, false
			}
			cur, path = cur.elem, path+"["+index+"]"
		}
		last := k == len(segments)-1
		switch {
		case last && cur.kind == fieldmeta.KindLeaf:
			addColumn(via, col)
			return csvColumn{node: cur}, true
		case last && cur.kind == fieldmeta.KindArray && cur.elem != nil && cur.elem.kind == fieldmeta.KindLeaf:
			addColumn(via, col)
			return csvColumn{node: cur.elem, list: true}, true
		case last:
			l.headerProblem(name, path+" is "+expected(cur)+"; give one column per member, like "+path+"."+firstLeafName(cur))
			return csvColumn{}, false
		case cur.kind != fieldmeta.KindObject:
			l.headerProblem(name, path+" has no members")
			return csvColumn{}, false
		}
		g, ok := groups[path]
		if !ok {
			g = &csvGroup{path: path, always: cur.required}
			groups[path] = g
			l.groups = append(l.groups, g)
		}
		via = append(via, g)
	}
	return csvColumn{}, false
}

func addColumn(groups []*csvGroup, col int) {
	for _, g := range groups {
		g.cols = append(g.cols, col)
	}
}

// splitIndex splits "name[3]" into "name", "3".
func splitIndex(seg string) (name, index string, ok bool) {
	open := strings.IndexByte(seg, '[')
	if open <= 0 || !strings.HasSuffix(seg, "]") {
		return seg, "", false
	}
	index = seg[open+1 : len(seg)-1]
	if index == "" || strings.Trim(index, "0123456789") != "" {
		return seg, "", false
	}
	return seg[:open], index, true
}

func firstLeafName(n *node) string {
	if n.kind == fieldmeta.KindArray {
		return "[0]"
	}
	if len(n.members) > 0 {
		return n.members[0].name
	}
	return "name"
}

// groupNode finds the object node of a group path built by resolve.
func groupNode(root *node, path string) *node {
	cur := root
	for _, seg := range strings.Split(path, ".") {
		field, _, indexed := splitIndex(seg)
		m, _ := cur.lookup([]byte(field))
		cur = cur.members[m].node
		if indexed {
			cur = cur.elem
		}
	}
	return cur
}

// columnsUnder lists the columns at path or inside it.
func columnsUnder(paths []string, path string) []int {
	var out []int
	for i, p := range paths {
		if p == path || strings.HasPrefix(p, path+".") || strings.HasPrefix(p, path+"[") {
			out = append(out, i)
		}
	}
	return out
}
