package rowcheck

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// dfaMatcher runs an RE2 pattern as a table-driven DFA over ASCII input:
// one table lookup per byte instead of Go's backtracker, which dominated
// the scan on Zuora's email regex. The table is built up front, so the
// matcher stays immutable and safe for concurrent use; input with
// non-ASCII bytes goes to the RE2 fallback.
type dfaMatcher struct {
	next     []int32 // next[state*128+byte]
	matchNow []bool  // the pattern has matched by the time this state is reached
	matchEnd []bool  // ... or matches if the input ends here
	start    int32
	empty    bool // whether the empty input matches
	fallback *regexp.Regexp
}

const (
	dfaMaxStates = 512
	asciiSize    = 128
)

func (m *dfaMatcher) match(v []byte) bool {
	if len(v) == 0 {
		return m.empty
	}
	s := m.start
	for _, c := range v {
		if m.matchNow[s] {
			return true
		}
		if c >= utf8.RuneSelf {
			return m.fallback.Match(v)
		}
		s = m.next[int(s)*asciiSize+int(c)]
	}
	return m.matchNow[s] || m.matchEnd[s]
}

func (m *dfaMatcher) engine() string { return "dfa" }

// buildDFA builds the DFA for pattern, or returns nil when the pattern uses
// assertions other than ^ and $ at text boundaries, or needs too many
// states.
func buildDFA(pattern string, fallback *regexp.Regexp) *dfaMatcher {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil
	}
	b := &dfaBuilder{prog: prog, ids: map[string]int32{}}
	if !b.supported() {
		return nil
	}
	m := &dfaMatcher{fallback: fallback, empty: fallback.MatchString("")}
	// Find semantics: a match may start at any later position too.
	b.restart = b.closure([]uint32{uint32(prog.Start)}, false, false)
	m.start = b.state(b.closure([]uint32{uint32(prog.Start)}, true, false))
	for s := 0; s < len(b.sets); s++ {
		if len(b.sets) > dfaMaxStates {
			return nil
		}
		set := b.sets[s]
		m.matchNow = append(m.matchNow, b.has(set, syntax.InstMatch))
		end := b.closure(set, false, true)
		m.matchEnd = append(m.matchEnd, b.has(end, syntax.InstMatch))
		for c := range asciiSize {
			var step []uint32
			for _, pc := range set {
				if inst := &prog.Inst[pc]; consumes(inst) && inst.MatchRune(rune(c)) {
					step = append(step, inst.Out)
				}
			}
			next := union(b.closure(step, false, false), b.restart)
			m.next = append(m.next, b.state(next))
		}
	}
	return m
}

type dfaBuilder struct {
	prog    *syntax.Prog
	sets    [][]uint32 // state number -> sorted instruction set
	ids     map[string]int32
	restart []uint32
}

func (b *dfaBuilder) supported() bool {
	for _, inst := range b.prog.Inst {
		if inst.Op == syntax.InstEmptyWidth && syntax.EmptyOp(inst.Arg)&^(syntax.EmptyBeginText|syntax.EmptyEndText) != 0 {
			return false
		}
	}
	return true
}

func consumes(inst *syntax.Inst) bool {
	switch inst.Op {
	case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		return true
	}
	return false
}

// closure follows empty transitions from pcs. It keeps consuming
// instructions, InstMatch, and $ assertions that cannot be decided before
// the end of the input.
func (b *dfaBuilder) closure(pcs []uint32, atBegin, atEnd bool) []uint32 {
	var out []uint32
	seen := map[uint32]bool{}
	var walk func(pc uint32)
	walk = func(pc uint32) {
		if seen[pc] {
			return
		}
		seen[pc] = true
		inst := &b.prog.Inst[pc]
		switch inst.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			walk(inst.Out)
			walk(inst.Arg)
		case syntax.InstCapture, syntax.InstNop:
			walk(inst.Out)
		case syntax.InstEmptyWidth:
			op := syntax.EmptyOp(inst.Arg)
			beginOK := op&syntax.EmptyBeginText == 0 || atBegin
			switch {
			case beginOK && (op&syntax.EmptyEndText == 0 || atEnd):
				walk(inst.Out)
			case beginOK && !atEnd && op&syntax.EmptyBeginText == 0:
				out = append(out, pc) // $: decided at the end of the input
			}
		case syntax.InstFail:
		default:
			out = append(out, pc)
		}
	}
	for _, pc := range pcs {
		walk(pc)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (b *dfaBuilder) has(set []uint32, op syntax.InstOp) bool {
	for _, pc := range set {
		if b.prog.Inst[pc].Op == op {
			return true
		}
	}
	return false
}

func (b *dfaBuilder) state(set []uint32) int32 {
	var key strings.Builder
	for _, pc := range set {
		key.WriteString(strconv.FormatUint(uint64(pc), 36))
		key.WriteByte(',')
	}
	if id, ok := b.ids[key.String()]; ok {
		return id
	}
	id := int32(len(b.sets))
	b.ids[key.String()] = id
	b.sets = append(b.sets, set)
	return id
}

func union(a, b []uint32) []uint32 {
	out := append(append([]uint32(nil), a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
