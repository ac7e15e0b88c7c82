package emulator

import (
	"strings"
	"unicode/utf8"
)

// delimiterNames are create-job's documented delimiter names
// (v1-api-reference_api_operation_createbulkjob.md: "comma, tab, pipe,
// semicolon, colon, caret, tilde, dot/period").
var delimiterNames = map[string]rune{
	"comma": ',', "tab": '\t', "pipe": '|', "semicolon": ';', "colon": ':', "caret": '^', "tilde": '~',
	"dot": '.', "period": '.', "dot/period": '.',
}

// parseDelimiter takes a documented name or, as this emulator always
// has, a single character other than a quote or a line break.
func parseDelimiter(v string) (rune, bool) {
	if r, ok := delimiterNames[strings.ToLower(v)]; ok {
		return r, true
	}
	d := []rune(v)
	if len(d) != 1 || d[0] == '"' || d[0] == '\r' || d[0] == '\n' || d[0] == utf8.RuneError {
		return 0, false
	}
	return d[0], true
}
