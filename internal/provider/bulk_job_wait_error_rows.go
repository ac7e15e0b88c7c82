package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
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
// The rows of a job loaded from content_wo are shown by their reason only,
// with the row's values masked in it (writeOnlyRowSummary).
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
	lines := excerptLines(ctx, head, truncated, m.resultFormat(), !m.ContentWO.IsNull())
	if len(lines) == 0 {
		return ""
	}
	more := ""
	if int64(len(lines)) < m.RowsFailed.ValueInt64() {
		more = fmt.Sprintf(" (first %d of %d)", len(lines), m.RowsFailed.ValueInt64())
	}
	return fmt.Sprintf("\n\nError rows%s:\n  %s", more, strings.Join(lines, "\n  "))
}

// resultFormat is how the job's result files are written: like its
// source, with the delimiter as the character the parser reads.
func (m bulkJobResourceModel) resultFormat() client.ResultFormat {
	f := client.ResultFormat{FileType: m.FileType.ValueString()}
	if d := client.DelimiterRune(m.Delimiter.ValueString()); d != 0 {
		f.Delimiter = string(d)
	}
	return f
}

// excerptLines parses the head of an error rows file with the client's
// one result-file parser and gives up to errorRowsExcerptLines rows, one
// line each: the row's reason summary ("line N: reason") where it has a
// reason, the row as read otherwise (never for content_wo), cut to
// errorRowsExcerptLineMax runes, with what the PCI guard would flag
// masked (the full row stays only behind the sensitive links). A row cut
// short by the end of the head is kept, marked.
func excerptLines(ctx context.Context, head []byte, truncated bool, format client.ResultFormat, writeOnly bool) []string {
	rows := client.ParseResultHead(ctx, head, truncated, format, errorRowsExcerptLines)
	out := make([]string, 0, len(rows))
	for _, row := range rows {
		var text string
		switch {
		case writeOnly:
			text = writeOnlyRowSummary(row)
		case row.Partial:
			text = row.Summary() + " …"
		default:
			text = row.Summary()
		}
		out = append(out, excerptText(text))
	}
	return out
}

// excerptText is a failed row's text as a diagnostic quotes it: valid
// UTF-8, card numbers masked, cut to errorRowsExcerptLineMax. Masked
// before and after cutting: a cut can leave a shorter digit run that is
// itself a card number.
func excerptText(text string) string {
	text = strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
	return rowcheck.MaskSensitive(cutRunes(rowcheck.MaskSensitive(text), errorRowsExcerptLineMax))
}

func cutRunes(s string, maxRunes int) string {
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxRunes-1]) + "…"
}
