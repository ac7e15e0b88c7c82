package rowcheck

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"time"
	"unicode"

	"github.com/dlclark/regexp2"
)

// matcher checks a value's string form against one field regex.
type matcher interface {
	match(v []byte) bool
	engine() string // for tests and error messages
}

// regexTimeout bounds one look-around match: a backtracking engine can take
// exponential time on a hostile pattern, and plan must not hang on it.
const regexTimeout = 250 * time.Millisecond

// lookAheadNotBlank is Zuora's idiom for "not only white space". Placed
// right after the start anchor it needs no backtracking engine: it is the
// plain check notBlank plus the rest of the pattern.
const lookAheadNotBlank = `(?!\s*$)`

// regexCache compiles each distinct pattern once per Validator.
type regexCache map[string]matcher

func (c regexCache) compile(pattern string) (matcher, error) {
	if m, ok := c[pattern]; ok {
		return m, nil
	}
	m, err := compileMatcher(pattern)
	if err != nil {
		return nil, err
	}
	c[pattern] = m
	return m, nil
}

// compileMatcher picks the cheapest exact engine for pattern: a rune count
// for `^.{m,n}$`, a set lookup when the pattern's language is a small finite
// set (enumerations), Go's RE2, and regexp2 only for what RE2 rejects
// (look-around, back-references, repeat counts above 1000).
func compileMatcher(pattern string) (matcher, error) {
	rest, notBlank := stripNotBlank(pattern)
	if m := fastMatcher(rest); m != nil {
		return wrapNotBlank(m, notBlank), nil
	}
	if re, err := regexp.Compile(javaDots(rest)); err == nil {
		if dfa := buildDFA(re.String(), re); dfa != nil {
			return wrapNotBlank(dfa, notBlank), nil
		}
		return wrapNotBlank(re2Matcher{re}, notBlank), nil
	}
	re, err := regexp2.Compile(pattern, regexp2.RE2)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = regexTimeout
	return lookAroundMatcher{re}, nil
}

func fastMatcher(pattern string) matcher {
	if m, ok := parseDotCount(pattern); ok {
		return m
	}
	if set, ok := finiteLanguage(pattern); ok {
		return set
	}
	return nil
}

// stripNotBlank removes the look-ahead idiom when it directly follows an
// unescaped start anchor, where it means exactly "the whole value is not
// white space".
func stripNotBlank(pattern string) (string, bool) {
	if strings.Contains(pattern, "(?m") {
		return pattern, false // ^ would mean start of line
	}
	i := strings.Index(pattern, "^"+lookAheadNotBlank)
	if i < 0 || (i > 0 && (pattern[i-1] == '\\' || pattern[i-1] == '[')) {
		return pattern, false
	}
	return pattern[:i+1] + pattern[i+1+len(lookAheadNotBlank):], true
}

// javaDots rewrites `.` to Java's meaning, anything but a line terminator
// (\n, \r, U+0085, U+2028, U+2029), where RE2's stops only at \n.
func javaDots(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || !replaceDots(re) {
		return pattern
	}
	return re.String()
}

var javaDot = []rune{0, '\n' - 1, '\n' + 1, '\r' - 1, '\r' + 1, 0x84, 0x86, 0x2027, 0x202A, unicode.MaxRune}

func replaceDots(re *syntax.Regexp) bool {
	changed := false
	if re.Op == syntax.OpAnyCharNotNL {
		re.Op, re.Rune = syntax.OpCharClass, javaDot
		changed = true
	}
	for _, sub := range re.Sub {
		changed = replaceDots(sub) || changed
	}
	return changed
}

func wrapNotBlank(m matcher, notBlank bool) matcher {
	if !notBlank {
		return m
	}
	return notBlankMatcher{m}
}

type notBlankMatcher struct{ next matcher }

func (m notBlankMatcher) match(v []byte) bool {
	for _, c := range v {
		if !isJavaSpace(c) {
			return m.next.match(v)
		}
	}
	return false
}

func (m notBlankMatcher) engine() string { return "notblank+" + m.next.engine() }

// isJavaSpace is Java's \s without UNICODE_CHARACTER_CLASS.
func isJavaSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

type re2Matcher struct{ re *regexp.Regexp }

func (m re2Matcher) match(v []byte) bool { return m.re.Match(v) }
func (m re2Matcher) engine() string      { return "re2" }

type lookAroundMatcher struct{ re *regexp2.Regexp }

// match gives the value the benefit of the doubt when the engine times
// out: Zuora checks again, and our own limit must not block a plan.
func (m lookAroundMatcher) match(v []byte) bool {
	ok, err := m.re.MatchString(string(v))
	return ok || err != nil
}

func (m lookAroundMatcher) engine() string { return "regexp2" }

// regexError names the field whose regex cannot be compiled.
type regexError struct {
	field, pattern string
	err            error
}

func (e *regexError) Error() string {
	return fmt.Sprintf("field %s: regex %q cannot be compiled: %v", e.field, e.pattern, e.err)
}

func (e *regexError) Unwrap() error { return e.err }
