package rowcheck

import (
	"slices"
	"strconv"
	"strings"
)

// Field rules in words (issue 16): a person reads "a whole number from 0
// to 31" where Zuora's metadata says ^(0|1|2|…|31)$. describeRule knows
// the shapes the metadata uses (the emulator's catalogue and the guide in
// ../shared/zuora/process-bulk-job-with-jsonl.txt): enumerations of
// numbers or names, length limits with or without "not blank", dates, IDs
// and email addresses, each possibly "or empty". Any other regex has no
// words, and messages show it in full.

// knownRules are whole patterns (after an "or empty" wrapper is taken
// off) that are not enumerations or lengths.
var knownRules = map[string]string{
	`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`:    "a date as YYYY-MM-DD",
	`^\d{4}-\d{2}-\d{2}$`:                              "a date as YYYY-MM-DD",
	`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`:                     "a date as YYYY-MM-DD",
	`^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$`:   "a date as YYYY-MM-DD, optionally with a time as THH:MM or THH:MM:SS (or a space for the T)",
	`^[0-9a-fA-F]{32}$`:                                "a Zuora ID (32 hexadecimal characters)",
	`^[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$`: "an email address",
	`^[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,}$`:  "an email address",
	`^[0-9]+$`: "digits only",
	`^\d+$`:    "digits only",
}

// describeRule says in words what pattern accepts, or "" when it is not a
// shape this knows.
func describeRule(pattern string) string {
	if inner, ok := orEmpty(pattern); ok {
		if words := describeRule(inner); words != "" && !strings.HasPrefix(words, "empty") {
			return "empty, or " + words
		}
		return ""
	}
	if words, ok := knownRules[pattern]; ok {
		return words
	}
	rest, notBlank := stripNotBlank(pattern)
	if m, ok := parseDotCount(rest); ok {
		if dc, isCount := m.(dotCountMatcher); isCount {
			return lengthWords(dc, notBlank)
		}
	}
	if notBlank {
		return ""
	}
	if words, ok := finiteWords(pattern); ok {
		return enumerationWords(words)
	}
	return ""
}

// orEmpty takes off the "or empty" wrapper: ^(|X)$ or ^(|(X))$ gives ^X$.
func orEmpty(pattern string) (string, bool) {
	if !strings.HasPrefix(pattern, "^(|") || !strings.HasSuffix(pattern, ")$") {
		return "", false
	}
	inner := pattern[3 : len(pattern)-2]
	if ok, _ := groups(inner); !ok {
		return "", false
	}
	if strings.HasPrefix(inner, "(") && strings.HasSuffix(inner, ")") {
		if ok, _ := groups(inner[1 : len(inner)-1]); ok {
			inner = inner[1 : len(inner)-1]
		}
	}
	if _, alt := groups(inner); alt {
		return "^(" + inner + ")$", true
	}
	return "^" + inner + "$", true
}

// groups walks a pattern's groups, skipping escapes and character classes:
// balanced is every group opened in s closing in it; alternates is a '|'
// outside any group.
func groups(s string) (balanced, alternates bool) {
	depth, class := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case class:
			class = c != ']'
		case c == '[':
			class = true
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth < 0 {
				return false, alternates
			}
		case c == '|' && depth == 0:
			alternates = true
		}
	}
	return depth == 0 && !class, alternates
}

func lengthWords(m dotCountMatcher, notBlank bool) string {
	var words string
	switch {
	case m.max < 0 && m.min == 0:
		words = "any text on one line"
	case m.max < 0:
		words = "at least " + characters(m.min)
	case m.min == m.max:
		words = "exactly " + characters(m.min)
	case m.min == 0:
		words = "at most " + characters(m.max)
	default:
		words = strconv.Itoa(m.min) + " to " + characters(m.max)
	}
	if notBlank {
		words += ", not blank"
	}
	return words
}

func characters(n int) string {
	if n == 1 {
		return "1 character"
	}
	return strconv.Itoa(n) + " characters"
}

// enumerationWords lists an enumeration the way a person writes it.
func enumerationWords(words []string) string {
	empty := slices.Contains(words, "")
	words = slices.DeleteFunc(slices.Clone(words), func(w string) bool { return w == "" })
	if len(words) == 0 {
		return "empty"
	}
	anyCase := false
	if folded, ok := caseFolded(words); ok && len(folded) < len(words) {
		words, anyCase = folded, true
	}
	out := listWords(words)
	if anyCase {
		out += " (any case)"
	}
	if empty {
		out = "empty, or " + out
	}
	return out
}

func listWords(words []string) string {
	if lo, hi, ok := numberRange(words); ok {
		return "a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
	}
	if prefix, lo, hi, ok := numberedNames(words); ok {
		return "one of " + prefix + strconv.Itoa(lo) + " to " + prefix + strconv.Itoa(hi)
	}
	shown := make([]string, len(words))
	for i, w := range words {
		shown[i] = quoteIfNeeded(w, words)
	}
	switch len(shown) {
	case 1:
		return "exactly " + shown[0]
	case 2:
		return shown[0] + " or " + shown[1]
	}
	return "one of " + strings.Join(shown, ", ")
}

// numberRange recognizes every whole number from lo to hi, written
// plainly, in any order.
func numberRange(words []string) (lo, hi int, ok bool) {
	nums := make([]int, 0, len(words))
	for _, w := range words {
		n, err := strconv.Atoi(w)
		if err != nil || strconv.Itoa(n) != w {
			return 0, 0, false
		}
		nums = append(nums, n)
	}
	slices.Sort(nums)
	nums = slices.Compact(nums)
	if len(nums) < 3 || nums[len(nums)-1]-nums[0] != len(nums)-1 {
		return 0, 0, false
	}
	return nums[0], nums[len(nums)-1], true
}

// numberedNames recognizes Batch1 … Batch50: one prefix and every number
// of a range after it.
func numberedNames(words []string) (prefix string, lo, hi int, ok bool) {
	prefix = strings.TrimRight(words[0], "0123456789")
	if prefix == "" || prefix == words[0] {
		return "", 0, 0, false
	}
	suffixes := make([]string, len(words))
	for i, w := range words {
		if !strings.HasPrefix(w, prefix) {
			return "", 0, 0, false
		}
		suffixes[i] = w[len(prefix):]
	}
	lo, hi, ok = numberRange(suffixes)
	return prefix, lo, hi, ok
}

// caseFolded gives the lower-case words when words hold every upper and
// lower-case spelling of each, as ^([Tt][Rr][Uu][Ee]|…)$ does.
func caseFolded(words []string) ([]string, bool) {
	count := map[string]int{}
	var order []string
	for _, w := range words {
		l := strings.ToLower(w)
		if count[l] == 0 {
			order = append(order, l)
		}
		count[l]++
	}
	for _, l := range order {
		letters := 0
		for _, c := range l {
			if c >= 'a' && c <= 'z' {
				letters++
			}
		}
		if letters > 20 || count[l] != 1<<letters {
			return nil, false
		}
	}
	return order, true
}

// quoteIfNeeded quotes a word when the list would be ambiguous without.
func quoteIfNeeded(w string, all []string) string {
	for _, x := range all {
		if x == "" || strings.ContainsAny(x, ",\"\\") || strings.TrimSpace(x) != x {
			return strconv.Quote(w)
		}
	}
	return w
}
