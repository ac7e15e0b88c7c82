package loadguard

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// The claim: Zuora has no compare-and-set, so two runs that find no
// earlier load of a file both create a job. Each job carries the load's
// marker in its name, where the job list shows it (lean list entries carry
// little more than id, name, status and createdAt). After creating and
// uploading, and before submitting, a run lists again: among the jobs that
// carry the marker and did not end without loading a row (Cancelled, or
// Failed or Aborted before one: loadedNothing), nor finished jobs Find already
// judged before this run created its own, the earliest (by createdAt,
// then id) is the load. A job Find saw that is still unfinished is a
// claim whatever Find made of it. Every other run cancels its own job and adopts that one.

// markerLen is how many hex digits of the file's SHA-256 the marker
// carries: a job with the same name and object and another file shares
// them once in four billion.
const markerLen = 8

var markerSuffix = regexp.MustCompile(` \[zt:([0-9a-f]{8})(?:\.[0-9a-f]{4})?(` + writeOnlyFlag + `)?\]$`)

// InFlightWindow is how long a job may stay Created while the run that
// made it is still uploading: create-job's upload policy expires ten
// minutes after the job is created (the policy's expiration against the
// job's createdAt in
// data-management_data-loader_data-loader-essentials-and-setup_process-bulk-job-with-json-lines-in-data-loader.md).
// A younger Created job belongs to a run in flight and is waited for; only
// an older one can be an orphan.
const InFlightWindow = 10 * time.Minute

// claimSettle is how long a run lets pass after its create before it
// lists the claims. Zuora's list shows createdAt in whole seconds
// (getBulkJobSummaries' sample), so a job created within the same second
// as this run's may rank before it by id; a job created after a listing
// made a second later cannot.
const claimSettle = time.Second

// writeOnlyFlag ends the marker of a job whose file came from a
// write-only value (content_wo), so that anything reading the job later,
// in this run or another, knows to show none of its values: Zuora keeps
// nothing else that would say so. Jobs made before the flag existed carry
// the marker without it and are taken as not write-only.
const writeOnlyFlag = `\.wo`

// Marker is the mark a job name carries for the file with this SHA-256:
// "[zt:", its first eight hex digits, and, when attempt is given, a dot
// and the attempt's four hex digits (NewAttempt), then ".wo" for a file
// from a write-only value, then "]". An unknown hash has none.
func Marker(sha, attempt string, writeOnly bool) string {
	if len(sha) < markerLen {
		return ""
	}
	if attempt != "" {
		attempt = "." + attempt
	}
	flag := ""
	if writeOnly {
		flag = ".wo"
	}
	return "[zt:" + strings.ToLower(sha[:markerLen]) + attempt + flag + "]"
}

// MarkedName is the name a job loading the file with this SHA-256 is
// created with: the resource's name, a space and the marker.
func MarkedName(name, sha, attempt string, writeOnly bool) string {
	if m := Marker(sha, attempt, writeOnly); m != "" {
		return name + " " + m
	}
	return name
}

// MarkedWriteOnly reports whether a job's name carries a marker with the
// write-only flag: its file came from a write-only value.
func MarkedWriteOnly(jobName string) bool {
	m := markerSuffix.FindStringSubmatch(jobName)
	return m != nil && m[2] != ""
}

// NewAttempt names one create attempt, so that a run whose create's
// answer was lost can find the job it made, and only that one, among
// those of other runs loading the same file at the same moment.
func NewAttempt() string {
	var b [2]byte
	_, _ = rand.Read(b[:]) // crypto/rand does not fail
	return hex.EncodeToString(b[:])
}

// UnmarkedName is a job's name without the marker MarkedName added: the
// resource's name.
func UnmarkedName(jobName string) string {
	return markerSuffix.ReplaceAllString(jobName, "")
}

// CarriesMarker reports whether a job's name carries the marker of the
// file with this SHA-256.
func CarriesMarker(jobName, sha string) bool {
	m := markerSuffix.FindStringSubmatch(jobName)
	return m != nil && sha != "" && strings.HasPrefix(strings.ToLower(sha), m[1])
}

// InFlight reports whether a Created job is young enough that the run
// that made it may still be uploading. A job without a creation time is
// taken as young: cancelling another run's job is the worse mistake.
func InFlight(s client.Summary, now time.Time) bool {
	return s.CreatedAt.IsZero() || now.Sub(s.CreatedAt) < InFlightWindow
}

// SetUser records the Zuora user this provider's jobs are created by
// (the createdBy of a job this run created), so that an old unsubmitted
// job can be told to be this provider's.
func (g *Registry) SetUser(user string) {
	if g == nil || user == "" {
		return
	}
	g.mu.Lock()
	g.user = user
	g.mu.Unlock()
}

// User is the createdBy of this provider's jobs; "" until a job this run
// created was read.
func (g *Registry) User() string {
	if g == nil {
		return ""
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.user
}

// IsOrphan reports whether a Created job was left behind by an earlier
// run of this provider, so that cancelling it takes nothing from anyone:
// it carries the marker of this file, was created by the provider's user
// (known from a job this run created) and is older than an upload can
// take. Anything else may be a person's job or a run in flight.
func (g *Registry) IsOrphan(s client.Summary, id Identity, now time.Time) bool {
	user := g.User()
	return s.Status == client.StatusCreated && CarriesMarker(s.Name, id.SHA256) &&
		user != "" && s.CreatedBy == user && !InFlight(s, now) && !g.isOwn(s.ID)
}

// judgeCreated sorts a Created job that Find met among the candidates:
// one of this file's that a run may still be uploading to is Running
// (apply waits for it); an old one of this file's is an orphan the
// caller cancels once it knows the job is its provider's (IsOrphan); one
// with the resource's name only is Unsubmitted: someone's, left alone.
func (g *Registry) judgeCreated(f *Finding, s client.Summary, id Identity, now time.Time) {
	switch {
	case g.isOwn(s.ID):
	case CarriesMarker(s.Name, id.SHA256) && InFlight(s, now):
		f.Running = append(f.Running, s)
	case CarriesMarker(s.Name, id.SHA256):
		f.Orphans = append(f.Orphans, s)
	case UnmarkedName(s.Name) == id.Name:
		f.Unsubmitted = append(f.Unsubmitted, s)
	}
}

// Claim decides which job is the load of id once this run has created
// own and uploaded its file, before it submits: it lists the tenant's
// jobs again and returns the earliest claim (see the top of this file).
// own is this run's job with Zuora's createdAt; createdLocally is when
// the create was answered, on this machine's clock. The winner is own
// when this run is to submit.
func (g *Registry) Claim(ctx context.Context, id Identity, own client.Summary, createdLocally time.Time) (client.Summary, error) {
	if wait := time.Until(createdLocally.Add(claimSettle)); wait > 0 && !sleep(ctx, wait) {
		return own, ctx.Err()
	}
	// The ranking needs own's createdAt on Zuora's clock, as the other
	// runs see it: a list that does not show own yet is asked once more.
	for attempt := 1; ; attempt++ {
		jobs, err := g.recent(ctx, true)
		if err != nil {
			return own, fmt.Errorf("listing the tenant's bulk jobs to see whether another run is loading this file: %w", err)
		}
		claims, listed := g.claims(ctx, jobs, id, own, time.Now())
		if listed && g.refreshUnfinished(ctx, jobs, claims, own.ID) {
			claims, listed = g.claims(ctx, jobs, id, own, time.Now())
		}
		if listed {
			tflog.Debug(ctx, "duplicate guard: claims on this file", map[string]any{"claims": len(claims), "winner": claims[0].ID, "own": own.ID})
			return claims[0], nil
		}
		if attempt == 2 || !sleep(ctx, claimSettle) {
			return own, fmt.Errorf("the job list Zuora returns does not show bulk job %s, just created, so whether another run is loading this file cannot be told", own.ID)
		}
	}
}

// refreshUnfinished reads again the summaries of the rival claims not
// finished when listed: a fresh listing stops at the first job the run
// knows, so an older known job keeps the status it had then, and a rival
// that has since failed without loading a row, or been cancelled, must not
// win the load (this run would cancel its own job and adopt nothing). The
// claims are few. It reports whether any status changed; jobs is updated.
func (g *Registry) refreshUnfinished(ctx context.Context, jobs []client.Summary, claims []client.Summary, own string) bool {
	changed := false
	for _, c := range claims {
		if c.ID == own || client.IsTerminal(c.Status) {
			continue
		}
		now, err := g.zuora.JobSummary(ctx, c.ID)
		if err != nil || now.Status == c.Status {
			continue // unreadable: judged as listed, as before
		}
		for i := range jobs {
			if jobs[i].ID == c.ID {
				jobs[i].Status, jobs[i].RowsSucceeded = now.Status, now.RowsSucceeded
				g.Seen(jobs[i]) // the run's registry learns it too
			}
		}
		changed = true
	}
	return changed
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// claims are the jobs that claim the load of id, earliest first, own
// among them with the createdAt Zuora lists for it; listed is false when
// the list does not show own.
func (g *Registry) claims(ctx context.Context, jobs []client.Summary, id Identity, own client.Summary, now time.Time) (claims []client.Summary, listed bool) {
	judged := g.judgedFor(id)
	claims = []client.Summary{own}
	for _, s := range jobs {
		switch {
		case s.ID == own.ID:
			claims[0].CreatedAt = s.CreatedAt // the list's clock, as the others see it
			listed = g.shownInList(own.ID)
		case !CarriesMarker(s.Name, id.SHA256), loadedNothing(s),
			judged[s.ID] && client.IsTerminal(s.Status), // Find ruled it out, or it would have been adopted
			s.Status == client.StatusCreated && !InFlight(s, now),
			g.mismatch(ctx, s, id): // only a positive mismatch, as Find judges
		default:
			claims = append(claims, s)
		}
	}
	RankClaims(claims)
	preferTaken(claims)
	return claims, listed
}

// preferTaken puts first the earliest claim Zuora has taken when the
// earliest is still Created: a submitted job cannot be taken back. A
// run's job waits Created for one of Zuora's five slots as long as its
// timeout allows, and past InFlightWindow another run takes it for an
// orphan, claims the load and submits; the waiting run claims again
// before it submits (the provider's submitJob) and adopts that job.
func preferTaken(claims []client.Summary) {
	if len(claims) < 2 || claims[0].Status != client.StatusCreated {
		return
	}
	for i := 1; i < len(claims); i++ {
		if claims[i].Status != client.StatusCreated {
			taken := claims[i]
			copy(claims[1:i+1], claims[:i])
			claims[0] = taken
			return
		}
	}
}

// loadedNothing: a finished job that holds no rows (Cancelled, in any
// spelling, or Failed or Aborted before loading one) is no claim on the
// load, as Find holds it nothing to protect; adopting it would load
// nothing.
func loadedNothing(s client.Summary) bool {
	return client.IsTerminal(s.Status) && s.Status != client.StatusCompleted && s.RowsSucceeded == 0
}

// RankClaims orders claims on one load: the earliest created first, then
// by id, so that every run ranks the same jobs alike. A job without a
// creation time ranks last.
func RankClaims(claims []client.Summary) {
	sort.SliceStable(claims, func(i, j int) bool {
		a, b := claims[i], claims[j]
		if a.CreatedAt.IsZero() != b.CreatedAt.IsZero() {
			return b.CreatedAt.IsZero()
		}
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
}

// NoteJudged records the jobs a run saw for id before it created its
// own (Find does, and so does a caller that judges jobs by its own
// listing, such as the generated-job runner): they were there before
// this run created its job, so once finished they are no claims on the
// load (they were adopted, or ruled out or out of the candidates, such as
// an import a teardown undid). Only jobs with id's marker can be claims,
// so only those are kept, not the tenant's whole list.
func (g *Registry) NoteJudged(id Identity, jobs []client.Summary) {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	set := g.judged[id.Key()]
	if set == nil {
		set = map[string]bool{}
		g.judged[id.Key()] = set
	}
	for _, s := range jobs {
		if !g.own[s.ID] && CarriesMarker(s.Name, id.SHA256) {
			set[s.ID] = true
		}
	}
}

func (g *Registry) judgedFor(id Identity) map[string]bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := map[string]bool{}
	for k := range g.judged[id.Key()] {
		out[k] = true
	}
	return out
}

// shownInList reports whether Zuora's list has shown the job (rather than the
// run recording it from its own create).
func (g *Registry) shownInList(id string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.inList[id]
}
