package rowcheck

import (
	"strings"

	"github.com/agext/levenshtein"
)

// unknownMessage names an unknown member and, when a member of the same
// object is close enough to be a typo, suggests it.
func unknownMessage(name []byte, parent *node) string {
	msg := "unknown field " + showValue(name)
	if s := suggest(string(name), parent.names()); s != "" {
		msg += "; did you mean " + `"` + s + `"?`
	}
	return msg
}

// suggest returns the candidate nearest to name by edit distance, ignoring
// case, if it is within a typo's reach: two edits for short names, about
// one in four characters for longer ones.
func suggest(name string, candidates []string) string {
	if name == "" {
		return ""
	}
	limit := max(2, len(name)/4)
	lower := strings.ToLower(name)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		d := levenshtein.Distance(lower, strings.ToLower(c), nil)
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
