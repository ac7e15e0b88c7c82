package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxSummaryPages stops a server whose cursor never ends.
const maxSummaryPages = 10000

// summaryPageSizes are the page sizes a listing asks for, largest first.
// v1-api-reference_api_operation_getbulkjobsummaries.md documents `limit`
// with no maximum, so the client asks for 1,000 and falls back when Zuora
// refuses it; 0 leaves the size to Zuora. A tenant that takes a job a
// minute holds 40,000 jobs a month: at 1,000 a page a 20,000-job window
// is 20 calls, at Zuora's default size it would be hundreds.
var summaryPageSizes = []int{1000, 100, 0}

const summariesOp = "list bulk job summaries"

// ListJobSummaries follows nextPageCursor through .../summaries. status
// may be empty. An empty tenant is an empty list (see EachJobSummary).
func (c *Client) ListJobSummaries(ctx context.Context, status string) ([]Summary, error) {
	var all []Summary
	err := c.EachJobSummary(ctx, status, func(s Summary) bool {
		all = append(all, s)
		return true
	})
	return all, err
}

// EachJobSummary hands every job of .../summaries (with the given status
// when not empty) to visit, page by page, until visit returns false or
// the list ends. A 404 is an empty list: getBulkJobSummaries answers
// "404 No job summaries found" when nothing matches, which on a new
// tenant is every listing.
func (c *Client) EachJobSummary(ctx context.Context, status string, visit func(Summary) bool) error {
	return c.eachSummaryPage(ctx, status, func(page []Summary) bool {
		for _, s := range page {
			if !visit(s) {
				return false
			}
		}
		return true
	})
}

// ListRecentJobSummaries lists the jobs created at or after since (and
// those whose creation time Zuora does not report). Zuora does not document
// the listing's order; the emulator and the samples list newest first, and
// while the creation times seen so far agree, paging stops after the first
// page that reaches a job older than since, or one for which known reports
// true: a caller that holds an earlier listing only needs what is newer.
// A listing seen in any other order is read to its end.
func (c *Client) ListRecentJobSummaries(ctx context.Context, since time.Time, known func(id string) bool) ([]Summary, error) {
	var recent []Summary
	var prev time.Time
	newestFirst := true
	err := c.eachSummaryPage(ctx, "", func(page []Summary) bool {
		reachedOlder := false
		for _, s := range page {
			if !s.CreatedAt.IsZero() {
				newestFirst = newestFirst && (prev.IsZero() || !s.CreatedAt.After(prev))
				prev = s.CreatedAt
			}
			switch {
			case known != nil && known(s.ID):
				reachedOlder = true
			case !s.CreatedAt.IsZero() && s.CreatedAt.Before(since):
				reachedOlder = true
			default:
				recent = append(recent, s)
			}
		}
		return !reachedOlder || !newestFirst
	})
	return recent, err
}

// summariesPage is GetSummariesResponse.
type summariesPage struct {
	Data           []wireSummary `json:"data"`
	NextPageCursor string        `json:"nextPageCursor"`
}

// UnmarshalJSON refuses an answer without a data member: read as an empty
// list it would count a busy tenant's running jobs as none. An empty
// listing is "data": [] or a 404 (getbulkjobsummaries.md).
func (p *summariesPage) UnmarshalJSON(b []byte) error {
	type plain summariesPage
	var probe struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return err
	}
	if probe.Data == nil || string(probe.Data) == "null" { // a null list is no listing either
		return errors.New(`the job list answer has no "data" member holding a list (GetSummariesResponse: {"data": [...], "nextPageCursor": ...})`)
	}
	return json.Unmarshal(b, (*plain)(p))
}

// eachSummaryPage hands each page of .../summaries to page until it
// returns false or the cursor ends.
func (c *Client) eachSummaryPage(ctx context.Context, status string, page func([]Summary) bool) error {
	seen := map[string]bool{}
	cursor := ""
	for n := 0; ; n++ {
		if n == maxSummaryPages {
			return fmt.Errorf("%s: gave up after %d pages", summariesOp, maxSummaryPages)
		}
		out, err := c.summariesPage(ctx, status, cursor)
		if IsNotFound(err) {
			// "No job summaries found": nothing (more) matches.
			tflog.Debug(ctx, "Zuora answered 404 to the job list: no (more) jobs", map[string]interface{}{"status": status, "page": n + 1})
			return nil
		}
		if err != nil {
			return err
		}
		summaries := make([]Summary, 0, len(out.Data))
		for _, w := range out.Data {
			summaries = append(summaries, w.summary())
		}
		more := page(summaries)
		cursor = out.NextPageCursor
		if !more || cursor == "" || len(out.Data) == 0 {
			return nil
		}
		if seen[cursor] {
			return errors.New(summariesOp + ": the server repeated page cursor " + cursor)
		}
		seen[cursor] = true
	}
}

// summariesPage fetches one page at the largest page size Zuora accepts,
// stepping down through summaryPageSizes when a size is refused with a
// 400 or 422; the size that worked is remembered for the client's later
// listings.
func (c *Client) summariesPage(ctx context.Context, status, cursor string) (*summariesPage, error) {
	for {
		i := int(c.pageSizeIndex.Load())
		size := summaryPageSizes[i]
		query := url.Values{}
		if status != "" {
			query.Set("status", status)
		}
		if cursor != "" {
			query.Set("cursor", cursor)
		}
		if size > 0 {
			query.Set("limit", strconv.Itoa(size))
		}
		var out summariesPage
		err := c.call(ctx, apiCall{op: summariesOp, method: http.MethodGet, path: bulkJobsPath + "/summaries", query: query, policy: retryIdempotent}, &out)
		if size == 0 || !refusedPageSize(err) {
			return &out, err
		}
		tflog.Debug(ctx, "Zuora refused the job list's page size; asking for fewer", map[string]interface{}{
			"limit": size, "error": err.Error(),
		})
		c.pageSizeIndex.CompareAndSwap(int32(i), int32(i+1))
	}
}

func refusedPageSize(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity)
}

// Lean reports whether s lacks what the duplicate guard compares jobs
// by: getBulkJobSummaries' sample entries carry only id, name, status,
// rowCount, rowsSucceeded, rowsFailed, createdAt and lastUpdatedAt, so
// an entry may have no objectType or jobType. An empty field means
// "unknown", never "different".
func (s Summary) Lean() bool { return s.ObjectType == "" || s.JobType == "" }

// Missing names the members a list entry did not carry among those a
// caller may need (objectType, jobType, fileType, createdBy), in that
// order.
func (s Summary) Missing() []string {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"objectType", s.ObjectType}, {"jobType", s.JobType}, {"fileType", s.FileType}, {"createdBy", s.CreatedBy},
	} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	return missing
}

// CompleteSummary fills what a lean list entry lacks from the job's own
// summary (GET .../summary, v1-api-reference_api_operation_getbulkjobsummary.md,
// which documents objectType, jobType, fileType and createdBy). An entry
// that lacks none of them is returned as it is, without a call. The
// fresh summary wins where both have a value: it is newer.
func (c *Client) CompleteSummary(ctx context.Context, s Summary) (Summary, error) {
	if len(s.Missing()) == 0 {
		return s, nil
	}
	full, err := c.JobSummary(ctx, s.ID)
	if err != nil {
		return s, err
	}
	merged := *full
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&merged.Name, s.Name}, {&merged.ObjectType, s.ObjectType}, {&merged.JobType, s.JobType},
		{&merged.FileType, s.FileType}, {&merged.CreatedBy, s.CreatedBy}, {&merged.Status, s.Status},
	} {
		if *f.dst == "" {
			*f.dst = f.src
		}
	}
	if merged.CreatedAt.IsZero() {
		merged.CreatedAt = s.CreatedAt
	}
	return merged, nil
}
