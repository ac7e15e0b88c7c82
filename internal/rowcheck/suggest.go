package rowcheck

import (
	"sort"
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

// suggest is the one nearest candidate, or "".
func suggest(name string, candidates []string) string {
	if near := Suggest(name, candidates, 1); len(near) > 0 {
		return near[0]
	}
	return ""
}

// Suggest is the project's one "did you mean" engine: at most n
// candidates that are plausibly a typo of name, nearest first. Case is
// ignored. A candidate is near when it is within a typo's reach by edit
// distance (two edits for short words, a third of the longer word for
// long ones), or when it contains name whole (four characters or more:
// "account" still finds "accounts-and-contacts"), ranked after the typos.
// Candidates differing only in case are offered once.
func Suggest(name string, candidates []string, n int) []string {
	type scored struct {
		name string
		dist int
	}
	want := strings.ToLower(strings.TrimSpace(name))
	if want == "" || n <= 0 {
		return nil
	}
	var hits []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if seen[lc] {
			continue
		}
		seen[lc] = true
		d := levenshtein.Distance(want, lc, nil)
		reach := max(2, max(len(want), len(lc))/3)
		switch {
		case d <= reach:
			hits = append(hits, scored{c, d})
		case len(want) >= 4 && strings.Contains(lc, want):
			hits = append(hits, scored{c, reach + 1})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].dist < hits[j].dist })
	out := make([]string, 0, min(n, len(hits)))
	for i := 0; i < len(hits) && i < n; i++ {
		out = append(out, hits[i].name)
	}
	return out
}
