package rowcheck

import (
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf8"
)

// dotCountMatcher is `^.{min,max}$`: a length check. RE2 rejects repeat
// counts above 1000 (Zuora's notes field uses {0,65535}) and would build a
// large program for {1,255}; counting runes is exact and far cheaper.
type dotCountMatcher struct{ min, max int } // max < 0: no upper bound

// `.` follows Java, which Zuora runs: it matches anything but a line
// terminator (\n, \r, U+0085, U+2028, U+2029).
func (m dotCountMatcher) match(v []byte) bool {
	n := 0
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c == '\n' || c == '\r' {
				return false
			}
			i++
		} else {
			r, size := utf8.DecodeRune(v[i:])
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				return false
			}
			i += size
		}
		if n++; m.max >= 0 && n > m.max {
			return false // too long already: no need to count a huge value to the end
		}
	}
	return n >= m.min
}

func (m dotCountMatcher) engine() string { return "dotcount" }

var dotCountShape = regexp.MustCompile(`^\^\.(?:\{(\d+)(,(\d*))?\}|(\*)|(\+))\$$`)

// parseDotCount recognizes `^.{m,n}$` and its variants `^.*$`, `^.+$`,
// `^.{m}$`, `^.{m,}$`, also wrapped in groups such as `(^.{1,255})$`.
func parseDotCount(pattern string) (matcher, bool) {
	if strings.Count(pattern, "(") != strings.Count(pattern, ")") {
		return nil, false
	}
	for i := strings.IndexByte(pattern, ')'); i >= 0 && i+1 < len(pattern); i = indexFrom(pattern, ')', i+1) {
		if strings.ContainsRune("*+?{", rune(pattern[i+1])) {
			return nil, false // a quantified group is not a plain wrapper
		}
	}
	bare := strings.NewReplacer("(", "", ")", "").Replace(pattern)
	g := dotCountShape.FindStringSubmatch(bare)
	if g == nil {
		return nil, false
	}
	switch {
	case g[4] != "":
		return dotCountMatcher{0, -1}, true
	case g[5] != "":
		return dotCountMatcher{1, -1}, true
	}
	lo, err := strconv.Atoi(g[1])
	if err != nil {
		return nil, false
	}
	hi := lo
	if g[2] != "" {
		hi = -1
		if g[3] != "" {
			if hi, err = strconv.Atoi(g[3]); err != nil || hi < lo {
				return nil, false
			}
		}
	}
	return dotCountMatcher{lo, hi}, true
}

func indexFrom(s string, c byte, from int) int {
	i := strings.IndexByte(s[from:], c)
	if i < 0 {
		return -1
	}
	return from + i
}

// setMatcher is an anchored pattern whose language is a small finite set,
// like Zuora's enumerations `^(AUD|USD|EUR)$` and `^(|([Tt][Rr][Uu][Ee]|...))$`.
type setMatcher map[string]struct{}

func (m setMatcher) match(v []byte) bool {
	_, ok := m[string(v)]
	return ok
}

func (m setMatcher) engine() string { return "set" }

// maxSetSize bounds expansion; an enumeration of a few hundred values is
// typical, products of character classes can explode.
const maxSetSize = 4096

// finiteLanguage expands an anchored pattern into the exact set of strings
// it matches, or reports that the set is not small and finite.
func finiteLanguage(pattern string) (setMatcher, bool) {
	words, ok := finiteWords(pattern)
	if !ok {
		return nil, false
	}
	set := make(setMatcher, len(words))
	for _, w := range words {
		set[w] = struct{}{}
	}
	return set, true
}

// finiteWords lists the strings an anchored pattern matches, in the
// pattern's order, when they are few.
func finiteWords(pattern string) ([]string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, false
	}
	re = unwrapCaptures(re)
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return nil, false
	}
	first, last := re.Sub[0], re.Sub[len(re.Sub)-1]
	if first.Op != syntax.OpBeginText || last.Op != syntax.OpEndText {
		return nil, false
	}
	words := []string{""}
	for _, sub := range re.Sub[1 : len(re.Sub)-1] {
		var ok bool
		if words, ok = concat(words, sub); !ok {
			return nil, false
		}
	}
	return words, true
}

func unwrapCaptures(re *syntax.Regexp) *syntax.Regexp {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	return re
}

// language lists the strings re matches.
func language(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpCapture:
		return language(re.Sub[0])
	case syntax.OpLiteral:
		words := []string{""}
		for _, r := range re.Rune {
			var ok bool
			if words, ok = product(words, runeVariants(r, re.Flags&syntax.FoldCase != 0)); !ok {
				return nil, false
			}
		}
		return words, true
	case syntax.OpCharClass:
		return classRunes(re.Rune)
	case syntax.OpQuest:
		words, ok := language(re.Sub[0])
		return append(words, ""), ok && len(words) < maxSetSize
	case syntax.OpConcat:
		words := []string{""}
		for _, sub := range re.Sub {
			var ok bool
			if words, ok = concat(words, sub); !ok {
				return nil, false
			}
		}
		return words, true
	case syntax.OpAlternate:
		var words []string
		for _, sub := range re.Sub {
			w, ok := language(sub)
			if !ok || len(words)+len(w) > maxSetSize {
				return nil, false
			}
			words = append(words, w...)
		}
		return words, true
	}
	return nil, false
}

func concat(words []string, re *syntax.Regexp) ([]string, bool) {
	tails, ok := language(re)
	if !ok {
		return nil, false
	}
	return product(words, tails)
}

func product(heads, tails []string) ([]string, bool) {
	if len(heads)*len(tails) > maxSetSize {
		return nil, false
	}
	out := make([]string, 0, len(heads)*len(tails))
	for _, h := range heads {
		for _, t := range tails {
			out = append(out, h+t)
		}
	}
	return out, true
}

// runeVariants is r and, under case folding, its other case. Folding is
// ASCII-only, as in Java without UNICODE_CASE: (?i)s does not match the
// long s (U+017F) there, though Go's RE2 would.
func runeVariants(r rune, fold bool) []string {
	switch {
	case fold && r >= 'a' && r <= 'z':
		return []string{string(r), string(r - 'a' + 'A')}
	case fold && r >= 'A' && r <= 'Z':
		return []string{string(r), string(r - 'A' + 'a')}
	}
	return []string{string(r)}
}

// classRunes expands a character class given as range pairs.
func classRunes(ranges []rune) ([]string, bool) {
	var out []string
	for i := 0; i+1 < len(ranges); i += 2 {
		if int(ranges[i+1]-ranges[i])+len(out) >= 64 {
			return nil, false
		}
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			out = append(out, string(r))
		}
	}
	return out, true
}
