package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Profiles. The default profile is the emulator as it always was: lenient
// where Zuora's pages disagree, so that every documented form is served
// somewhere. The reference profile answers as Zuora's published reference
// documents wherever that differs, so that a provider tested against it is
// right the first time on a real tenant (../shared/zuora/reference/).
const (
	ProfileDefault   = "default"
	ProfileReference = "reference"
)

// Figures of the reference profile, each from the page that gives it.
const (
	// known-behavior-of-data-loader.md: "The maximum supported file size
	// is 300 MB. Files larger than 300 MB are not accepted." (10^6-byte
	// megabytes: the smaller reading.)
	ReferenceMaxUploadBytes = 300 * 1000 * 1000
	// known-behavior-of-data-loader.md says Data Loader "allows a maximum
	// of five jobs to be submitted at a time".
	ReferenceMaxSubmitted = 5
	// docs_guides_rate-limits.md, API Sandbox tenants: 2,500 API requests
	// a minute (5,000 an hour, 10,000 a day).
	ReferenceRateLimit = 2500
	// getBulkJobSummaries documents `limit` without a maximum; the
	// reference profile takes up to this many jobs a page.
	ReferenceMaxPageSize = 1000
)

// OtherUser is the createdBy of jobs that stand for other people's work
// on the tenant (OccupiedSlots, AddOtherJobs).
const OtherUser = "someone-else@tenant.example"

// isReference: the server answers as the reference documents.
func (s *Server) isReference() bool { return s.opts.Profile == ProfileReference }

// profileDefaults fills the reference profile's figures where the
// options leave them zero.
func (o Options) profileDefaults() Options {
	if o.Profile != ProfileReference {
		return o
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = ReferenceMaxUploadBytes
	}
	if o.RateLimit == 0 {
		o.RateLimit = ReferenceRateLimit
	}
	if o.MaxPageSize <= 0 {
		o.MaxPageSize = ReferenceMaxPageSize
	}
	return o
}

// CheckProfile refuses an unknown profile name.
func CheckProfile(name string) error {
	switch name {
	case "", ProfileDefault, ProfileReference:
		return nil
	}
	return fmt.Errorf("unknown profile %q: use %q or %q", name, ProfileDefault, ProfileReference)
}

// rateWindow counts the reference profile's API calls in fixed windows.
type rateWindow struct {
	start time.Time
	used  int
}

// takeRateLimit spends one call of the budget and sets the RateLimit-*
// headers as the rate-limits guide shows them; false means the budget is
// spent and the request was answered 429. Without a budget the static
// headers of the default profile are sent.
func (s *Server) takeRateLimit(w http.ResponseWriter, path string) bool {
	h := w.Header()
	if s.opts.RateLimit <= 0 || isS3Path(path) || path == "/oauth/token" {
		setRateLimitHeaders(h, path, false)
		return true
	}
	now := time.Now()
	s.mu.Lock()
	if s.rate.start.IsZero() || now.Sub(s.rate.start) >= s.opts.RateLimitWindow {
		s.rate = rateWindow{start: now}
	}
	s.rate.used++
	remaining := s.opts.RateLimit - s.rate.used
	reset := s.rate.start.Add(s.opts.RateLimitWindow).Sub(now)
	s.mu.Unlock()

	resetSecs := strconv.Itoa(int(reset.Seconds() + 0.999))
	h.Set("RateLimit-Limit", fmt.Sprintf("%d, %d;w=%d", s.opts.RateLimit, s.opts.RateLimit, int(s.opts.RateLimitWindow.Seconds())))
	h.Set("RateLimit-Remaining", strconv.Itoa(max(remaining, 0)))
	h.Set("RateLimit-Reset", resetSecs)
	if remaining >= 0 {
		return true
	}
	if !s.isReference() {
		// docs_guides_rate-limits.md's 429 carries only the ratelimit-*
		// headers: the reference profile sends no Retry-After, so a
		// client must wait out RateLimit-Reset.
		h.Set("Retry-After", resetSecs)
	}
	s.count(&s.throttled)
	writeReason(w, http.StatusTooManyRequests, codeTooManyRequests, "Too many requests: the tenant's limit of %d API calls per %s is spent", s.opts.RateLimit, s.opts.RateLimitWindow)
	return false
}

// runningLocked counts the jobs that hold one of the five slots. Caller
// holds s.mu.
func (s *Server) runningLocked() int {
	n := 0
	for _, j := range s.jobOrder {
		if j.status == statusSubmitted || j.status == statusInProgress {
			n++
		}
	}
	return n
}

// slotRefusal is the reference profile's answer to a submission while
// five jobs run. The pages do not document its form; a 400 whose message
// quotes the known-behaviour page is the most a client can rely on.
func slotRefusal(running int) string {
	return fmt.Sprintf("Data Loader allows a maximum of five jobs to be submitted at a time; %d jobs are Submitted or In Progress", running)
}

// AddOtherJobs stores n jobs made by another user (OtherUser), created
// evenly from oldest ago to newest ago and already in status, as a
// tenant's history or other people's work. A held In Progress job never
// advances: it keeps its slot until ReleaseOtherJobs. The jobs have no
// file.
func (s *Server) AddOtherJobs(n int, status string, oldest, newest time.Duration) {
	now := time.Now()
	account := s.catalogue.byNameOrType("Account")
	s.mu.Lock()
	defer s.mu.Unlock()
	step := (oldest - newest) / time.Duration(max(n, 1))
	for i := 0; i < n; i++ {
		at := now.Add(-oldest + time.Duration(i)*step)
		j := &job{
			id: newUUID(), name: fmt.Sprintf("usage upload %d", i), object: account, jobType: actionImport,
			fileType: "csv", namespace: "default", createdBy: OtherUser, createdAt: at, lastUpdateAt: at,
			status: status, rowCount: 10, held: status == statusInProgress || status == statusSubmitted,
		}
		if status == statusCompleted {
			j.succeeded = 10
		}
		s.jobSeq++
		j.seq = s.jobSeq
		s.jobs[j.id] = j
		s.jobOrder = append(s.jobOrder, j)
	}
}

// ReleaseOtherJobs completes up to n of the held jobs AddOtherJobs (or
// OccupiedSlots) made, freeing their slots, and reports how many it
// released.
func (s *Server) ReleaseOtherJobs(n int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	released := 0
	for _, j := range s.jobOrder {
		if released == n {
			break
		}
		if j.held && (j.status == statusInProgress || j.status == statusSubmitted) {
			j.status, j.succeeded, j.held = statusCompleted, j.rowCount, false
			j.touch(time.Now())
			released++
		}
	}
	s.kickLocked()
	return released
}

// noteRunningLocked records the most jobs seen Submitted or In Progress
// at once. Caller holds s.mu.
func (s *Server) noteRunningLocked() {
	s.maxRunning = max(s.maxRunning, s.runningLocked())
}

// profileCounts are what the reference profile's limits did. They are
// kept out of Counts, which tests compare whole.
type profileCounts struct {
	maxRunning int // the most jobs Submitted or In Progress at once
	throttled  int // requests answered 429 for a spent rate limit
}

// MaxRunning is the most jobs, anyone's, that were Submitted or In
// Progress at once, as seen at each accepted submission.
func (s *Server) MaxRunning() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxRunning
}

// Throttled counts the requests answered 429 because the rate limit was
// spent.
func (s *Server) Throttled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttled
}

// uploadFileInfo is create-job's upload target as the reference page's
// text describes it: "uploadUrl", "formFields" and "jobId".
type uploadFileInfo struct {
	UploadURL  string        `json:"uploadUrl"`
	FormFields orderedFields `json:"formFields"`
	JobID      string        `json:"jobId"`
}

// unhyphenatedObjectTypes are the objectTypes createbulkjob.md's list
// spells run together although their names have several words.
var unhyphenatedObjectTypes = map[string]string{
	"AccountingPeriod": "accountingperiod",
	"UnitOfMeasure":    "unitofmeasure",
}

// referenceObjectType is an objectType as create-job's list
// (createbulkjob.md) spells it: lower case, hyphenated ("account",
// "product-rate-plan"), but for the few it runs together.
func referenceObjectType(t string) string {
	if spelt, ok := unhyphenatedObjectTypes[t]; ok {
		return spelt
	}
	var b strings.Builder
	for i, r := range t {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('-')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// leanSummaryJSON is a list entry exactly as getBulkJobSummaries' sample
// shows one: no objectType, jobType, fileType or createdBy.
type leanSummaryJSON struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Status        string `json:"status"`
	RowCount      int    `json:"rowCount"`
	RowsSucceeded int    `json:"rowsSucceeded"`
	RowsFailed    int    `json:"rowsFailed"`
	CreatedAt     int64  `json:"createdAt"`
	LastUpdatedAt int64  `json:"lastUpdatedAt"`
}

// referenceSummaries is the reference profile's job list: lean entries
// with epoch-second times as in the sample, newest first, and "404 No job
// summaries found" when nothing matches.
func (s *Server) referenceSummaries(w http.ResponseWriter, status string, before, limit int) {
	type page struct {
		Data           []leanSummaryJSON `json:"data"`
		NextPageCursor string            `json:"nextPageCursor,omitempty"`
	}
	var out page
	out.NextPageCursor = s.pageJobs(status, before, limit, func(j *job) {
		out.Data = append(out.Data, leanSummaryJSON{
			ID: j.id, Name: j.name, Status: j.status, RowCount: j.rowCount, RowsSucceeded: j.succeeded,
			RowsFailed: j.failed, CreatedAt: j.createdAt.Unix(), LastUpdatedAt: j.lastUpdateAt.Unix(),
		})
	})
	if len(out.Data) == 0 {
		writeReason(w, http.StatusNotFound, codeNotFound, "No job summaries found")
		return
	}
	writeJSON(w, http.StatusOK, out)
}
