package provider

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// How many failed rows' reasons an apply quotes.
const datasetReasonRows = 5

// readJobResults reads a finished job's result files through the one
// result parser, in the job's file type: fn gets each success row, and
// the first failed rows are returned for the apply's diagnostics. A CSV
// job's result files are in the delimiter Zuora's download links give
// (getdownloadlinksforjob), else in delimiter, the one it was created with.
func (pd *providerData) readJobResults(ctx context.Context, s *client.Summary, delimiter string, fn func(client.ResultRow) error) ([]client.ResultRow, error) {
	if s.RowsSucceeded == 0 && s.RowsFailed == 0 {
		return nil, nil
	}
	dl, err := pd.client.JobDownloads(ctx, s.ID)
	if err != nil {
		return nil, fmt.Errorf("reading the result links of %s job %s: %w", s.JobType, s.ID, err)
	}
	format := client.ResultFormat{FileType: client.FileTypeJSONL}
	if strings.EqualFold(s.FileType, client.FileTypeCSV) {
		format = client.ResultFormat{FileType: client.FileTypeCSV, Delimiter: cmp.Or(dl.Delimiter, delimiter)}
	}
	if s.RowsSucceeded > 0 {
		if dl.SuccessRowsFile == "" {
			return nil, fmt.Errorf("%s job %s loaded %d rows but Zuora gives no success rows file to say which", s.JobType, s.ID, s.RowsSucceeded)
		}
		if err := pd.client.StreamResultFile(ctx, dl.SuccessRowsFile, format, fn); err != nil {
			return nil, fmt.Errorf("reading the success rows of %s job %s: %w", s.JobType, s.ID, err)
		}
	}
	if s.RowsFailed == 0 || dl.ErrorRowsFile == "" {
		return nil, nil
	}
	head, err := pd.client.FetchHead(ctx, dl.ErrorRowsFile, errorRowsExcerptMaxBytes)
	if err != nil {
		return []client.ResultRow{{Reason: fmt.Sprintf("(the error rows file could not be read: %v)", err)}}, nil
	}
	return client.ParseResultHead(ctx, head, len(head) == errorRowsExcerptMaxBytes, format, datasetReasonRows), nil
}

// successKey is the dataset key a success row is about: the key's value
// in the row (keyName is the key field, or a CSV file's key column, which
// result files echo as written), else the record id's key (Update and Delete rows carry
// the id), else the row's line in the job's file.
func successKey(row client.ResultRow, keyName string, keyOfID map[string]string, lineKeys []string) (string, bool) {
	if k, ok := row.Value(keyName); ok && k != "" {
		return k, true
	}
	if k, ok := keyOfID[row.ID]; ok && row.ID != "" {
		return k, true
	}
	if row.Line > 0 && row.Line <= int64(len(lineKeys)) {
		return lineKeys[row.Line-1], true
	}
	return "", false
}

// failedRowsDetail quotes the reasons of a job's failed rows, each named
// by the file line and key the row came from (sent[i] is the job file's
// line i+1).
func failedRowsDetail(s *client.Summary, failed []client.ResultRow, sent []datasetRow, name, keyField string) string {
	reasons := make([]string, 0, len(failed))
	for _, row := range failed {
		reason := row.Reason
		if reason == "" {
			reason = row.Summary()
		}
		if row.Line > 0 && row.Line <= int64(len(sent)) {
			src := sent[row.Line-1]
			if src.Line > 0 {
				reason = fmt.Sprintf("%s line %d (%s %q): %s", name, src.Line, keyField, src.Key, reason)
			} else {
				reason = fmt.Sprintf("%s %q: %s", keyField, src.Key, reason)
			}
		}
		reasons = append(reasons, excerptText(reason))
	}
	detail := fmt.Sprintf("%s job %s: %d of %d rows failed. They stay pending: state records only the rows Zuora loaded, "+
		"and the next plan proposes the failed rows again.", s.JobType, s.ID, s.RowsFailed, s.RowCount)
	if len(reasons) > 0 {
		more := ""
		if int64(len(reasons)) < s.RowsFailed {
			more = fmt.Sprintf(" (first %d of %d)", len(reasons), s.RowsFailed)
		}
		detail += fmt.Sprintf("\n\nFailed rows%s:\n  %s", more, strings.Join(reasons, "\n  "))
	}
	return detail + fmt.Sprintf("\n\nAll of them: the zuora_bulk_job_results data source with job_id = %q and kind = \"errors\".", s.ID)
}
