package provider

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-log/tflog"
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
	lines := firstLines(head, errorRowsExcerptLines, errorRowsExcerptLineMax, len(head) == errorRowsExcerptMaxBytes)
	if len(lines) == 0 {
		return ""
	}
	more := ""
	if int64(len(lines)) < m.RowsFailed.ValueInt64() {
		more = fmt.Sprintf(" (first %d of %d)", len(lines), m.RowsFailed.ValueInt64())
	}
	return fmt.Sprintf("\n\nError rows%s:\n  %s", more, strings.Join(lines, "\n  "))
}

// firstLines returns up to n non-blank lines, each cut to maxRunes. When
// the head was truncated its last line may be partial; it is kept, marked.
func firstLines(head []byte, n, maxRunes int, truncated bool) []string {
	var out []string
	rest := head
	for len(out) < n && len(rest) > 0 {
		line, tail, found := bytes.Cut(rest, []byte("\n"))
		rest = tail
		text := strings.TrimSpace(strings.ToValidUTF8(string(line), "\uFFFD"))
		if text == "" {
			continue
		}
		if !found && truncated {
			text += " …"
		}
		out = append(out, cutRunes(text, maxRunes))
	}
	return out
}

func cutRunes(s string, maxRunes int) string {
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxRunes-1]) + "…"
}
