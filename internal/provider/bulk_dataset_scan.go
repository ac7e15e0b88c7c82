package provider

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/bits"
	"slices"
	"strings"
	"unsafe"
)

// rowHasher hashes rows without decoding them: plan reads every row of a
// dataset's file on every run, so this is the hot path (see
// BenchmarkBulkDatasetPlan). One per file; not safe for concurrent use.
//
// The hashes only tell one row's versions apart (nobody gains by forging
// a collision in their own file), so they are CRCs, which the CPU computes
// at a small fraction of a cryptographic hash's cost: All is CRC-32
// (IEEE) and CRC-32C (Castagnoli) over every member, Fixed CRC-32C over
// the members Update does not take.
type rowHasher struct {
	updatable map[string]bool
	// paths: member names are whole field paths (a CSV row's columns,
	// csvRowJSON), so Update takes a member if it takes the path's
	// top-level field, and the key field is one member's name.
	paths   bool
	members []member
	kinds   []memberKind // the last rows' member names: rows repeat them
	layout  []string     // the member names of the row order was found for, as written
	order   []int        // its members' positions in name order
	sorted  []member
	buf     []byte // the row's members as hashed
	fixed   []byte // those of them Update does not take
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type memberKind struct {
	name      string
	updatable bool
}

// member is one top-level member of a row: its name (without quotes,
// escapes as written) and its value as written; spaced as valueEnd says.
type member struct {
	name, value []byte
	spaced      bool
}

func newRowHasher(updatable map[string]bool) *rowHasher {
	return &rowHasher{updatable: updatable}
}

var errNotObject = errors.New("not a JSON object")

// hash hashes a row's members in name order, each value with the
// whitespace outside strings removed, leaving out the members skip names
// (a result file's own). Reordered members and whitespace are no change;
// reordered members inside a nested object are.
func (h *rowHasher) hash(raw []byte, skip func(name string) bool) (hashes, error) {
	ms, err := topMembers(raw, h.members[:0])
	h.members = ms
	if err != nil {
		return hashes{}, err
	}
	h.sortMembers(ms)
	// The members are hashed as one run of bytes, and the fixed ones as a
	// second: a CRC over a concatenation equals the CRCs updated member by
	// member, at a fraction of the calls.
	all, fixed := h.buf[:0], h.fixed[:0]
	for i, m := range ms {
		if skip != nil && skip(string(m.name)) {
			continue
		}
		start := len(all)
		all = binary.AppendUvarint(all, uint64(len(m.name)))
		all = append(all, m.name...)
		if m.spaced {
			all = appendCompact(all, m.value)
		} else {
			all = append(all, m.value...)
		}
		if !h.isUpdatable(i, m.name) {
			fixed = append(fixed, all[start:]...)
		}
	}
	h.buf, h.fixed = all, fixed
	ieee := crc32.ChecksumIEEE(all)
	return hashes{All: uint64(ieee)<<32 | uint64(crc32.Checksum(all, castagnoli)), Fixed: crc32.Checksum(fixed, castagnoli)}, nil
}

// sortMembers puts a row's members in name order (a stable order, for a
// name given twice). Rows of a file mostly list the same names in the
// same order, so the order found for one row is kept, and the next row's
// names only compared with its names.
func (h *rowHasher) sortMembers(ms []member) {
	same := len(ms) == len(h.layout)
	for i := 0; same && i < len(ms); i++ {
		same = string(ms[i].name) == h.layout[i]
	}
	if !same {
		h.layout = h.layout[:0]
		h.order = h.order[:0]
		for i, m := range ms {
			h.layout = append(h.layout, string(m.name))
			h.order = append(h.order, i)
		}
		slices.SortStableFunc(h.order, func(a, b int) int { return strings.Compare(h.layout[a], h.layout[b]) })
	}
	h.sorted = h.sorted[:0]
	for _, i := range h.order {
		h.sorted = append(h.sorted, ms[i])
	}
	copy(ms, h.sorted)
}

// isUpdatable looks name up in the Update metadata, through a cache of
// the names at position i in the rows before.
func (h *rowHasher) isUpdatable(i int, name []byte) bool {
	if i < len(h.kinds) && h.kinds[i].name == string(name) {
		return h.kinds[i].updatable
	}
	field := string(name)
	if h.paths {
		field = topField(field)
	}
	k := memberKind{name: string(name), updatable: h.updatable[field]}
	if i < len(h.kinds) {
		h.kinds[i] = k
	} else if i == len(h.kinds) {
		h.kinds = append(h.kinds, k)
	}
	return k.updatable
}

// key is the text of the scalar at a dotted path of the row hash read
// last: a string unquoted, a number or boolean as written.
func (h *rowHasher) key(path string) (string, bool) {
	head, rest, nested := strings.Cut(path, ".")
	if h.paths {
		head, rest, nested = path, "", false
	}
	for _, m := range h.members {
		if string(m.name) != head {
			continue
		}
		if nested {
			inner, err := decodeMembers(m.value)
			if err != nil {
				return "", false
			}
			return memberText(inner, rest)
		}
		v := m.value
		switch {
		case len(v) > 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0:
			// The file's bytes are never written while its rows live, so
			// the key can share them instead of copying 100,000 keys.
			return unsafe.String(&v[1], len(v)-2), true
		case len(v) > 0 && (v[0] == '"' || v[0] == '-' || v[0] >= '0' && v[0] <= '9' || v[0] == 't' || v[0] == 'f'):
			return scalarText(v)
		}
		return "", false
	}
	return "", false
}

// topField is the top-level field of a field path: billToContact of
// billToContact.workEmail, additionalEmailAddresses of
// additionalEmailAddresses[0].
func topField(path string) string {
	if i := strings.IndexAny(path, ".["); i > 0 {
		return path[:i]
	}
	return path
}

// topMembers splits a JSON object into its top-level members. It checks
// the structure it walks (strings closed, brackets balanced, members
// separated), not every value: the rows that are sent are checked in full
// against field metadata.
func topMembers(b []byte, out []member) ([]member, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return out, errNotObject
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return out, trailing(b, i+1)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return out, errors.New("expected a member name")
		}
		end := stringEnd(b, i)
		if end < 0 {
			return out, errors.New("unterminated string")
		}
		name := b[i+1 : end-1]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return out, errors.New("expected ':' after a member name")
		}
		i = skipSpace(b, i+1)
		vend, spaced := valueEnd(b, i)
		if vend <= i {
			return out, errors.New("expected a value")
		}
		out = append(out, member{name: name, value: b[i:vend], spaced: spaced})
		i = skipSpace(b, vend)
		switch {
		case i < len(b) && b[i] == ',':
			i = skipSpace(b, i+1)
		case i < len(b) && b[i] == '}':
			return out, trailing(b, i+1)
		default:
			return out, errors.New("expected ',' or '}' after a value")
		}
	}
}

func trailing(b []byte, i int) error {
	if skipSpace(b, i) != len(b) {
		return errors.New("unexpected data after the object")
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// stringEnd is the index after the string that starts at b[i] ('"'), or -1.
// It looks at eight bytes at a time for a quote or a backslash: strings
// are most of a row's bytes, and this loop most of a plan's scan.
func stringEnd(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for j := i + 1; j < len(b); {
		if j+8 <= len(b) {
			v := binary.LittleEndian.Uint64(b[j:])
			q, bs := v^('"'*ones), v^('\\'*ones) // a zero byte where b has one
			found := ((q-ones)&^q | (bs-ones)&^bs) & highs
			if found == 0 {
				j += 8
				continue
			}
			j += bits.TrailingZeros64(found) / 8 // the first is exact
		}
		switch b[j] {
		case '"':
			return j + 1
		case '\\':
			j += 2
		default:
			j++
		}
	}
	return -1
}

// valueEnd is the index after the value that starts at b[i]; i when none.
// spaced: an object or array has whitespace outside its strings, which
// appendCompact takes out (a string or scalar has none).
func valueEnd(b []byte, i int) (end int, spaced bool) {
	if i >= len(b) {
		return i, false
	}
	switch b[i] {
	case '"':
		if e := stringEnd(b, i); e > 0 {
			return e, false
		}
		return i, false
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e := stringEnd(b, j)
				if e < 0 {
					return i, false
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1, spaced
				}
			case ' ', '\t', '\r', '\n':
				spaced = true
			}
		}
		return i, false
	}
	for j := i; j < len(b); j++ {
		switch b[j] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return j, false
		}
	}
	return len(b), false
}

// appendCompact appends v, a member's value as topMembers found it,
// without the whitespace outside its strings: a string or a scalar has
// none.
func appendCompact(dst, v []byte) []byte {
	if len(v) == 0 || v[0] != '{' && v[0] != '[' {
		return append(dst, v...)
	}
	start := 0 // of the bytes not yet appended
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ' ', '\t', '\r', '\n':
			dst = append(dst, v[start:i]...)
			start = i + 1
		case '"':
			e := stringEnd(v, i)
			if e < 0 {
				return append(dst, v[start:]...)
			}
			i = e - 1
		}
	}
	return append(dst, v[start:]...)
}
