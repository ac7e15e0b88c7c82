package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// An excerpt is enough to see what went wrong without flooding the
// terminal; the full file is behind error_rows_file_url.
const (
	errorRowsExcerptLines    = 5
	errorRowsExcerptLineMax  = 200
	errorRowsExcerptMaxBytes = 16 << 10
)

// errorRowsExcerpt is the start of the job's error rows file, ready to be
// appended to a diagnostic; empty when there is none or it cannot be read.
func (r *bulkJobResource) errorRowsExcerpt(ctx context.Context, m *bulkJobResourceModel) string {
	url := m.ErrorRowsFileURL.ValueString()
	if url == "" || m.RowsFailed.ValueInt64() == 0 {
		return ""
	}
	head, err := r.pd.client.FetchHead(ctx, url, errorRowsExcerptMaxBytes)
	if err != nil {
		tflog.Warn(ctx, "cannot read the error rows file", map[string]any{"job_id": m.ID.ValueString(), "error": err.Error()})
		return ""
	}
	truncated := len(head) == errorRowsExcerptMaxBytes
	if !m.ContentWO.IsNull() {
		head = reasonsOnly(head)
	}
	lines := firstLines(head, truncated)
	if len(lines) == 0 {
		return ""
	}
	more := ""
	if int64(len(lines)) < m.RowsFailed.ValueInt64() {
		more = fmt.Sprintf(" (first %d of %d)", len(lines), m.RowsFailed.ValueInt64())
	}
	return fmt.Sprintf("\n\nError rows%s:\n  %s", more, strings.Join(lines, "\n  "))
}

// firstLines returns up to errorRowsExcerptLines non-blank lines, each cut
// to errorRowsExcerptLineMax runes, with what the PCI guard would flag
// masked (the full row stays only behind the sensitive links). When the head was truncated its last
// line may be partial; it is kept, marked.
func firstLines(head []byte, truncated bool) []string {
	var out []string
	rest := head
	for len(out) < errorRowsExcerptLines && len(rest) > 0 {
		line, tail, found := bytes.Cut(rest, []byte("\n"))
		rest = tail
		text := strings.TrimSpace(strings.ToValidUTF8(string(line), "\uFFFD"))
		if text == "" {
			continue
		}
		if !found && truncated {
			text += " …"
		} else {
			text = errorRowSummary(text)
		}
		// Masked before and after cutting: a cut can leave a shorter digit
		// run that is itself a card number.
		out = append(out, rowcheck.MaskSensitive(cutRunes(rowcheck.MaskSensitive(text), errorRowsExcerptLineMax)))
	}
	return out
}

// errorRowReasonKeys are the members an error row may carry its reason in.
// Result files put the reason after the row's own fields, where a cut line
// would hide it, so a row with one is shown as "line N: reason".
var errorRowReasonKeys = []string{"_error", "error", "errorMessage", "Error", "reason"}

var errorRowLineKeys = []string{"_line", "line", "rowNumber"}

func errorRowSummary(row string) string {
	var members map[string]json.RawMessage
	if json.Unmarshal([]byte(row), &members) != nil {
		return row
	}
	reason := firstMember(members, errorRowReasonKeys)
	if reason == "" {
		return row
	}
	if line := firstMember(members, errorRowLineKeys); line != "" {
		return "line " + line + ": " + reason
	}
	return reason
}

// firstMember renders the first of keys present as text: a JSON string
// unquoted, anything else as written.
func firstMember(members map[string]json.RawMessage, keys []string) string {
	for _, k := range keys {
		raw, ok := members[k]
		if !ok {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return string(raw)
	}
	return ""
}

func cutRunes(s string, maxRunes int) string {
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxRunes-1]) + "…"
}
