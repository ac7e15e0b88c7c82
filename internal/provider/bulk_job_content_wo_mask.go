package provider

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// What Zuora says about a row of content_wo (its reason in the error rows
// file) may quote the row's values, which must stay as far out of output
// and state as content_wo itself. Apply's failed-row excerpt and
// zuora_bulk_job_results show such rows through these functions.

// writeOnlyRowSummary is how a row of content_wo is shown: Zuora's reason,
// with the row's values masked in it (maskedReason), after the row's line
// where Zuora gives one; the row itself never, as it stays out of state.
// A row without a reason, or cut short, is not shown at all.
func writeOnlyRowSummary(row client.ResultRow) string {
	if row.Reason == "" || row.Partial {
		return "(a row of content_wo, not shown)"
	}
	row.Reason = maskedReason(row)
	row.RowID = "" // a rowIdHeader value is a cell of the row
	s, _ := row.ReasonSummary()
	return s
}

// maskedReason is Zuora's reason for a row with what may be a value of
// the row masked: Zuora's reasons quote the value they refuse
// (`accountNumber: "WOSECRET-ACCT-1" is already used`), so any quoted
// text goes, and so does any word that equals one of the row's cells
// (compared without case), in case a reason quotes one without quotes.
// Masking too much costs a word of the reason; too little leaks the
// write-only value. What the PCI guard flags is masked too.
func maskedReason(row client.ResultRow) string {
	return rowcheck.MaskSensitive(maskValues(maskQuoted(row.Reason), row.Values()))
}

const maskedValue = "***"

var (
	// "…", “…”, ‘…’ and `…`: the quotes keep their place.
	quotedText = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|“[^”]*”|‘[^’]*’|`[^`]*`")
	// '…' only where the quote opens a word: "can't … isn't" is no quote.
	singleQuoted = regexp.MustCompile(`(^|[^\pL\pN])'[^']*'`)
)

func maskQuoted(s string) string {
	s = quotedText.ReplaceAllStringFunc(s, func(q string) string {
		_, open := utf8.DecodeRuneInString(q)
		_, closing := utf8.DecodeLastRuneInString(q)
		return q[:open] + maskedValue + q[len(q)-closing:]
	})
	return singleQuoted.ReplaceAllString(s, "${1}'"+maskedValue+"'")
}

// maskValues masks each whole-word occurrence of values in s, longest
// value first so that a value inside another does not leave the rest.
func maskValues(s string, values []string) string {
	values = slices.Clone(values)
	slices.SortFunc(values, func(a, b string) int { return len(b) - len(a) })
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			s = maskWord(s, v)
		}
	}
	return s
}

// maskWord replaces every occurrence of v in s that no letter or digit
// touches on either side. Case is ignored where lower-casing keeps the
// byte offsets (it does for ASCII, which reasons are written in).
func maskWord(s, v string) string {
	hay, needle := s, v
	if ls, lv := strings.ToLower(s), strings.ToLower(v); len(ls) == len(s) && len(lv) == len(v) {
		hay, needle = ls, lv
	}
	var b strings.Builder
	last := 0
	for from := 0; from <= len(hay)-len(needle); {
		i := strings.Index(hay[from:], needle)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(needle)
		if wordEdge(s[:start], true) && wordEdge(s[end:], false) {
			b.WriteString(s[last:start])
			b.WriteString(maskedValue)
			last = end
			from = end
			continue
		}
		_, size := utf8.DecodeRuneInString(hay[start:])
		from = start + size
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// wordEdge reports whether the text before (or after) a match ends (or
// starts) without a letter or digit.
func wordEdge(side string, before bool) bool {
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(side)
	} else {
		r, _ = utf8.DecodeRuneInString(side)
	}
	return r == utf8.RuneError || !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// writeOnlyResult is a result row of a job that was loaded from
// content_wo, as zuora_bulk_job_results shows it: the reason with the
// row's values masked, and no row.
func writeOnlyResult(row client.ResultRow) (reason, rowJSON tftypes.Value) {
	return optionalText(maskedReason(row)), nullString
}
