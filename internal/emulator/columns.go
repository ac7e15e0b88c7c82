package emulator

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// csvColumns is how each column of a CSV job loads (createbulkjob):
// mappings name the field a column fills, a mapping of type "array" makes
// a cell a list ("a|b" is two elements, the separator the data dictionary
// gives for lists such as Additional Email Addresses), and the rowIdHeader
// column identifies the row without being a field: it is echoed in the
// result files only.
type csvColumns struct {
	names []string // the field each column loads into
	skip  []bool   // the rowIdHeader column
	array []bool
	plain bool // nothing skipped or split: records check as they are
}

func newCSVColumns(columns []string, spec csvSpec, rowIDHeader string) csvColumns {
	c := csvColumns{names: make([]string, len(columns)), skip: make([]bool, len(columns)), array: make([]bool, len(columns)), plain: true}
	for i, col := range columns {
		c.names[i] = col
		if f, ok := spec.mappings[col]; ok {
			c.names[i] = f
		}
		c.skip[i] = rowIDHeader != "" && col == rowIDHeader
		c.array[i] = slices.Contains(spec.arrays, col)
		if c.skip[i] || c.array[i] {
			c.plain = false
		}
	}
	return c
}

// expand returns the columns and values a record is checked and stored
// as: without the row id column, and with a list cell as one column per
// element (additionalEmailAddresses[0], …).
func (c *csvColumns) expand(values []string) (names, out []string) {
	if c.plain {
		return c.names, values
	}
	for i, v := range values {
		switch {
		case c.skip[i]:
		case c.array[i]:
			if v == "" {
				continue
			}
			for k, part := range strings.Split(v, "|") {
				names = append(names, c.names[i]+"["+strconv.Itoa(k)+"]")
				out = append(out, strings.TrimSpace(part))
			}
		default:
			names = append(names, c.names[i])
			out = append(out, v)
		}
	}
	return names, out
}

// withoutMember drops a top-level member from a JSON object row: the
// rowIdHeader key of a JSON-lines job, which is no field.
func withoutMember(raw []byte, name string) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return raw
	}
	if _, ok := m[name]; !ok {
		return raw
	}
	delete(m, name)
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}
