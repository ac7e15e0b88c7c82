package rowcheck

import (
	"strconv"
	"strings"
)

// Format renders problems as "name:line: field: message" lines, one per
// problem, for a diagnostic. name is the file path or "content". A problem
// without a line (CSV headers given in configuration) is "name: message";
// one without a field leaves "field: " out.
func Format(name string, problems []Problem) string {
	var b strings.Builder
	for i, p := range problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(name)
		b.WriteByte(':')
		if p.Line > 0 {
			b.WriteString(strconv.Itoa(p.Line))
			b.WriteByte(':')
		}
		b.WriteByte(' ')
		if p.Field != "" {
			b.WriteString(p.Field)
			b.WriteString(": ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}
