package rowcheck

import (
	"strconv"
	"unicode/utf8"
)

// maxShown is how many characters of a value a message repeats.
const maxShown = 40

// showValue renders a value for a message: sensitive spans masked,
// truncated, quoted. It masks again after truncating because cutting a
// longer digit run can leave a shorter one that is itself a card number.
func showValue(v []byte) string {
	return strconv.Quote(maskedExcerpt(v))
}

// maskedExcerpt is the masked, truncated start of v. Only a window a
// little past what is shown is searched: a sensitive span is at most 45
// bytes, so every span that reaches into the shown part lies in it, and
// cutting a span short can only mask more, never less. A 15 MB value thus
// costs no more than a short one.
func maskedExcerpt(v []byte) string {
	const longestSpan = 64
	if end := shownBytes(v) + longestSpan; end < len(v) {
		v = v[:end]
	}
	return string(maskSensitive(truncate(maskSensitive(v))))
}

// shownBytes is the length in bytes of the maxShown characters truncate keeps.
func shownBytes(v []byte) int {
	n := 0
	for i := range len(v) {
		if utf8.RuneStart(v[i]) {
			if n == maxShown {
				return i
			}
			n++
		}
	}
	return len(v)
}

// showName renders a field name or path, which comes from the row too.
func showName(name []byte) string {
	return string(maskSensitive(name))
}

func truncate(v []byte) []byte {
	n := 0
	for i := range len(v) {
		if !utf8.RuneStart(v[i]) {
			continue
		}
		if n == maxShown {
			return append(v[:i:i], "…"...)
		}
		n++
	}
	return v
}

// maskSensitive returns v, or a copy with every sensitive span's letters
// and digits starred except the last four.
func maskSensitive(v []byte) []byte {
	found := findSensitive(v)
	if len(found) == 0 {
		return v
	}
	out := append([]byte(nil), v...)
	for _, f := range found {
		keep := 4
		for i := f.end - 1; i >= f.start; i-- {
			if !isAlnum(out[i]) {
				continue
			}
			if keep > 0 {
				keep--
				continue
			}
			out[i] = '*'
		}
	}
	return out
}

// lastFour is the end of a sensitive span a PCI message may show: the last
// four letters or digits for card numbers and IBANs (grouping dropped), the
// last four characters for addresses.
func lastFour(v []byte, f finding) string {
	span := v[f.start:f.end]
	if f.kind == ipv4Address || f.kind == ipv6Address {
		if len(span) > 4 {
			span = span[len(span)-4:]
		}
		return string(span)
	}
	var tail [4]byte
	n := 0
	for i := len(span) - 1; i >= 0 && n < 4; i-- {
		if isAlnum(span[i]) {
			n++
			tail[4-n] = span[i]
		}
	}
	return string(tail[4-n:])
}

func (s *sink) pciMessage(v []byte, f finding) string {
	if s.redact {
		return "looks like " + f.kind.String()
	}
	return "looks like " + f.kind.String() + " ending in " + lastFour(v, f)
}

// MaskSensitive stars what the PCI guard flags in s (card numbers, IBANs,
// IP addresses) except the last four letters or digits of each, so text
// from Zuora, such as an error row or its reason, can be shown safely.
// Each delimited cell is checked on its own too: in a CSV line a cell
// ending in a digit would otherwise join the next cell's card number
// ("1,4111…") into one decimal-looking number.
func MaskSensitive(s string) string {
	out := maskSensitive([]byte(s)) // a copy of s either way, safe to write
	start := 0
	for i := 0; i <= len(out); i++ {
		if i < len(out) && !isCellDelimiter(out[i]) {
			continue
		}
		if cell := out[start:i]; len(cell) < len(out) {
			copy(cell, maskSensitive(cell))
		}
		start = i + 1
	}
	return string(out)
}

func isCellDelimiter(c byte) bool {
	return c == ',' || c == ';' || c == '\t' || c == '|'
}
