package rowcheck

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
)

// The guide's patterns and the engine each should get.
func TestRegexEngineChoice(t *testing.T) {
	cases := map[string]string{
		`(^(?!\s*$).{1,255})$`:        "notblank+dotcount",
		`^.{0,65535}$`:                "dotcount",
		`^.{0,50}$`:                   "dotcount",
		`^(AUD|USD|EUR|GBP|JPY|CAD)$`: "set",
		`^(|([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))$`:                                                          "set",
		`^(0|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)$`:             "set",
		`^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$`: "dfa",
		`^(?!\s*$)[a-z]{1,5000}$`: "regexp2", // RE2 rejects the count, so the original goes to regexp2
		`^(?!test)[a-z]+$`:        "regexp2",
		`^(\w)\1$`:                "regexp2",
		`^(?<=a)b$`:               "regexp2",
		`^(?!\s*$)[A-Z]+$`:        "notblank+dfa",
		`\bword\b`:                "re2", // word boundaries: no DFA
	}
	for pattern, engine := range cases {
		m, err := compileMatcher(pattern)
		if err != nil {
			t.Errorf("%s: %v", pattern, err)
			continue
		}
		if m.engine() != engine {
			t.Errorf("%s: engine %s, want %s", pattern, m.engine(), engine)
		}
	}
}

// Every fast path must agree with the general engine (regexp2, which like
// Java folds case in ASCII only) on the same pattern.
// Line terminators are left out of the samples: there the fast path follows
// Java on purpose (see TestDotCountFollowsJava).
func TestFastPathsAgreeWithGeneralEngines(t *testing.T) {
	samples := []string{"", " ", "  \t", "a", " a ", "USD", "usd", "AUD ", "TRUE", "true", "tRuE", "False", "falsee",
		"0", "00", "9", "10", "31", "32", "-1", "Batch1", "Batch50", "Batch51", "batch1", "é", "日本語",
		strings.Repeat("x", 50), strings.Repeat("x", 51), strings.Repeat("é", 255), strings.Repeat("é", 256),
		"\u212Arue", "\u017Fun", "a\xffb"}
	patterns := []string{
		`(^(?!\s*$).{1,255})$`, `^.{0,50}$`, `^.{2}$`, `^.{3,}$`, `^.*$`, `^.+$`, `(^.{0,50}$)`,
		`^(AUD|USD|EUR|GBP|JPY|CAD)$`, `^(|([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))$`,
		`^(0|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)$`,
		`^(|(Batch1|Batch2|Batch3|Batch10|Batch50))$`, `^(?i:true|false)$`, `^(?i)sun$`, `^[a-c]?x?$`, `^$`,
	}
	for _, p := range patterns {
		fast, err := compileMatcher(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if fast.engine() == "re2" || fast.engine() == "regexp2" {
			t.Errorf("%s: expected a fast path, got %s", p, fast.engine())
		}
		slow := regexp2.MustCompile(p, regexp2.RE2)
		for _, s := range samples {
			want, _ := slow.MatchString(s)
			if got := fast.match([]byte(s)); got != want {
				t.Errorf("%s (%s) on %q: got %v, want %v", p, fast.engine(), s, got, want)
			}
		}
	}
}

// Java's `.` stops at \r and the Unicode line separators too; Zuora runs Java.
func TestDotCountFollowsJava(t *testing.T) {
	m, _ := compileMatcher(`^.{0,50}$`)
	for _, s := range []string{"a\nb", "a\rb", "a\u2028b", "a\u0085b"} {
		if m.match([]byte(s)) {
			t.Errorf("%q matched", s)
		}
	}
}

// The look-ahead idiom in regexp2 and in the rewrite give the same answers.
func TestNotBlankRewriteMatchesLookAhead(t *testing.T) {
	rewritten, _ := compileMatcher(`^(?!\s*$)[ a-z]{1,10}$`)
	general, _ := regexp2.Compile(`^(?!\s*$)[ a-z]{1,10}$`, regexp2.RE2)
	if rewritten.engine() != "notblank+dfa" {
		t.Fatalf("engine %s", rewritten.engine())
	}
	for _, s := range []string{"", " ", "   ", " a", "a ", "abc", "\t", "a b c d e f", "ABC"} {
		want, _ := general.MatchString(s)
		if got := rewritten.match([]byte(s)); got != want {
			t.Errorf("%q: got %v want %v", s, got, want)
		}
	}
}

func TestLookAroundEngine(t *testing.T) {
	m, err := compileMatcher(`^(?!test)[a-z]+$`)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"testing": false, "hello": true, "": false, "Hello": false} {
		if got := m.match([]byte(s)); got != want {
			t.Errorf("%q: got %v", s, got)
		}
	}
	back, _ := compileMatcher(`^(\w)\1$`)
	if !back.match([]byte("aa")) || back.match([]byte("ab")) {
		t.Error("back-reference")
	}
}

func TestValidatorUsesRegexp2ForRows(t *testing.T) {
	v := mustValidator(t, `{"code":{"type":"string","regex":"^(?!X)[A-Z]{2}$","required":true}}`)
	assertLines(t, v.CheckJSON(1, []byte(`{"code":"AB"}`)))
	assertLines(t, v.CheckJSON(1, []byte(`{"code":"XB"}`)), `f:1: code: value "XB" does not match ^(?!X)[A-Z]{2}$`)
}

func TestNewValidatorRejectsBadRegex(t *testing.T) {
	_, err := NewValidator(mustSchema(t, `{"a":{"b":{"type":"string","regex":"([a-z","required":false}}}`))
	if err == nil || !strings.Contains(err.Error(), "field a.b") || !strings.Contains(err.Error(), `"([a-z"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestEachPatternCompiledOnce(t *testing.T) {
	v := mustValidator(t, `{
		"a": {"type":"string","regex":"^(?!x)[a-z]+$","required":false},
		"b": {"type":"string","regex":"^(?!x)[a-z]+$","required":false},
		"c": [{"type":"string","regex":"^(?!x)[a-z]+$","required":false}]}`)
	a, _ := v.root.members[0].node.match.(lookAroundMatcher)
	b, _ := v.root.members[1].node.match.(lookAroundMatcher)
	c, _ := v.root.members[2].node.elem.match.(lookAroundMatcher)
	if a.re == nil || a.re != b.re || a.re != c.re {
		t.Error("the same pattern was compiled more than once")
	}
}

func TestParseDotCountRejectsLookalikes(t *testing.T) {
	for _, p := range []string{`^.{2,1}$`, `(^.){3}$`, `^.{1,5}`, `^a.{1,5}$`, `^.{1,5}$x`, `((^.{1,5})$`} {
		if _, ok := parseDotCount(p); ok {
			t.Errorf("%s taken as a length check", p)
		}
	}
}

// The DFA must agree with Go's RE2 on every input.
func TestDFAAgreesWithRE2(t *testing.T) {
	patterns := []string{
		`^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$`,
		`^(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,})$`,
		`^[A-Z]+$`, `ab`, `^a|b$`, `a$`, `^$`, `(a|ab)(c|bcd)(d*)`, `^\d{3}-\d{4}$`, `^\d{5}(-\d{4})?$`,
		`(?i)hello`, `a$$`, `^^a`, `$a`, `^(?:)$`, `.`, `^.{2,4}$`, `(?s)^a.b$`, `^[^@]+@[^@]+$`, `^\s*$`,
	}
	alphabet := []byte("aAbBcdhelo@.-_+%09 \n\tZ\xc3\xa9")
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		dfa := buildDFA(p, re)
		if dfa == nil {
			t.Errorf("%s: no DFA", p)
			continue
		}
		for range 3000 {
			v := make([]byte, rng.IntN(12))
			for i := range v {
				v[i] = alphabet[rng.IntN(len(alphabet))]
			}
			if rng.IntN(4) == 0 {
				v = []byte("ab.c@ex-ample.com")[:rng.IntN(18)]
			}
			if got, want := dfa.match(v), re.Match(v); got != want {
				t.Fatalf("%s on %q: dfa %v, re2 %v", p, v, got, want)
			}
		}
	}
}

func TestDotFollowsJavaInEveryEngine(t *testing.T) {
	for _, p := range []string{`^a.b$`, `^[a-z]+@[a-z]+.[a-z]{2,}$`} {
		m, err := compileMatcher(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{"a\rb", "ab@cd\u2028ef", "a\u0085b", "é\rb"} {
			if m.match([]byte(v)) {
				t.Errorf("%s (%s) matched %q", p, m.engine(), v)
			}
		}
		if !m.match([]byte("axb")) && !m.match([]byte("ab@cd.ef")) {
			t.Errorf("%s matches nothing", p)
		}
	}
}
