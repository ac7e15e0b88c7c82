package rowcheck

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// stringBytes views a cell as bytes without copying it: the checks only
// read values (masking copies before it writes), and encoding/csv does not
// reuse a record's strings.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// record checks one CSV record against a layout. Header problems are not
// repeated here: Scan reports them once, CheckRecord adds them itself.
func (c *checker) record(l *csvLayout, record []string) {
	if !l.headerless && len(record) != len(l.header) {
		c.lineProblem("expected " + strconv.Itoa(len(l.header)) + " fields, got " + strconv.Itoa(len(record)))
	}
	for _, cell := range record {
		if !utf8.ValidString(cell) {
			c.lineProblem("invalid UTF-8")
			break
		}
	}
	for i, cell := range record {
		if cell == "" {
			continue
		}
		name := ""
		if i < len(l.header) {
			name = l.header[i]
		}
		mark := c.push(stringBytes(name))
		if i < len(l.columns) && l.columns[i].list {
			c.list(l.columns[i].node, cell)
		} else if i < len(l.columns) {
			c.scalar(l.columns[i].node, vString, stringBytes(cell))
		} else {
			c.scalar(nil, vString, stringBytes(cell))
		}
		c.pop(mark)
	}
	if c.schema {
		c.requiredCells(l, record)
	}
}

// list checks a cell that holds an array's elements, separated by commas
// or by pipes: the data dictionary writes lists "using pipe symbol | as a
// separator" (data-management_data-loader_data-dictionary-for-data-loader_import_accounts-and-contacts.md,
// Additional Email Addresses), which Zuora's Data Loader templates follow.
func (c *checker) list(elem *node, cell string) {
	k := 0
	for item := range strings.SplitSeq(strings.ReplaceAll(cell, "|", ","), ",") {
		item = strings.TrimSpace(item)
		mark := c.pushIndex(k)
		if item == "" {
			if elem.required {
				c.fail("required field is empty")
			}
		} else {
			c.scalar(elem, vString, stringBytes(item))
		}
		c.pop(mark)
		k++
	}
}

// requiredCells demands the required fields of every object the row fills.
func (c *checker) requiredCells(l *csvLayout, record []string) {
	for _, g := range l.groups {
		if !g.always && !anyGiven(record, g.cols) {
			continue
		}
		for _, r := range g.required {
			if !anyGiven(record, r.cols) {
				mark := c.push([]byte(r.path))
				c.fail("required field is empty")
				c.pop(mark)
			}
		}
	}
}

func anyGiven(record []string, cols []int) bool {
	for _, i := range cols {
		if i < len(record) && record[i] != "" {
			return true
		}
	}
	return false
}
