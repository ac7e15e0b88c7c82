package loadguard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// mismatch: does s positively load another object or job type than id?
// An empty field is unknown, never different (client.Summary.Lean).
func (g *Registry) mismatch(ctx context.Context, s client.Summary, id Identity) bool {
	if s.JobType != "" && id.JobType != "" && client.NormalizeJobType(s.JobType) != client.NormalizeJobType(id.JobType) {
		return true
	}
	if s.ObjectType == "" || id.ObjectType == "" {
		return false
	}
	same, known := g.zuora.SameObject(ctx, s.ObjectType, id.ObjectType)
	return known && !same
}

// complete fills a lean list entry from the job's own summary, at most
// once per job per run, and reports whether the job may still load id.
// Find calls it only for jobs that passed the row-count filter, so a
// tenant's thousands of other jobs cost no call. A summary that cannot be
// read leaves the job a candidate: the hash decides.
func (g *Registry) complete(ctx context.Context, s client.Summary, id Identity) (client.Summary, bool) {
	if !s.Lean() {
		return s, true
	}
	g.mu.Lock()
	full, done := g.full[s.ID]
	g.mu.Unlock()
	if !done {
		got, err := g.zuora.CompleteSummary(ctx, s)
		if err != nil {
			tflog.Debug(ctx, "duplicate guard: cannot complete a lean list entry; the hash decides", map[string]any{"job_id": s.ID, "error": err.Error()})
			got = s
		}
		full = got
		g.mu.Lock()
		g.full[s.ID] = full
		g.mu.Unlock()
	}
	// The list entry is newer for what it carries (status, counts); the
	// summary adds what the entry lacks.
	if s.ObjectType == "" {
		s.ObjectType = full.ObjectType
	}
	if s.JobType == "" {
		s.JobType = full.JobType
	}
	if s.FileType == "" {
		s.FileType = full.FileType
	}
	if s.CreatedBy == "" {
		s.CreatedBy = full.CreatedBy
	}
	return s, !g.mismatch(ctx, s, id)
}

// same reports whether the hashed file holds id's load: the same rows
// when both row identities are known, else the same bytes.
func (h fileHashes) same(id Identity) bool {
	if id.RowsSHA256 != "" && h.rows != "" {
		return h.rows == id.RowsSHA256
	}
	return h.raw == id.SHA256
}

// rowsAs is how a file is read for its rows: its type and header setting.
func rowsAs(id Identity) string {
	return id.FileType + "/" + strconv.FormatBool(id.HasHeaders)
}

// holdsFile hashes the file Zuora holds for a finished job, once per run:
// its bytes and its canonical rows, in one stream. shown is false when
// Zuora provides no file for it. A file much larger than the one to load
// is not read to its end (readLimit).
func (g *Registry) holdsFile(ctx context.Context, jobID string, id Identity) (same, shown bool, err error) {
	if h, ok := g.knownHash(jobID); ok && (h.rowsAs == ownRows || h.rowsAs == rowsAs(id) || id.RowsSHA256 == "") {
		return h.same(id), true, nil
	}
	dl, err := g.zuora.JobDownloads(ctx, jobID)
	if client.IsNotFound(err) || (err == nil && dl.SourceFile == "") {
		tflog.Debug(ctx, "duplicate guard: Zuora provides no source file for the job", map[string]any{"job_id": jobID})
		return false, false, nil
	}
	if err != nil {
		return false, false, fmt.Errorf("reading the links of bulk job %s, which may hold this file: %w", jobID, err)
	}
	limit := readLimit(id.Size)
	var raw hash.Hash
	var rows *rowcheck.RowHasher
	var n int64
	_, err = g.zuora.WithFreshLink(ctx, jobID, client.LinkSource, dl.SourceFile, func(link string) error {
		raw, rows = sha256.New(), rowcheck.NewRowHasher(id.FileType, id.HasHeaders, rowcheck.RowOptions{})
		var serr error
		n, serr = g.zuora.StreamFile(ctx, link, limit, io.MultiWriter(raw, rows))
		return serr
	})
	if err != nil && n > limit {
		return false, true, nil // far larger than the file to load, so not the same rows
	}
	if err != nil {
		return false, false, fmt.Errorf("hashing the file of bulk job %s, which may hold this file: %w", jobID, err)
	}
	h := fileHashes{raw: hex.EncodeToString(raw.Sum(nil)), rows: rows.Sum().SHA256, rowsAs: rowsAs(id)}
	g.noteHash(jobID, h)
	tflog.Debug(ctx, "duplicate guard: hashed a candidate's file", map[string]any{"job_id": jobID, "sha256": h.raw, "rows_sha256": h.rows, "bytes": n})
	return h.same(id), true, nil
}

// readLimit is how much of a candidate's file is read before it counts as
// another file. The same rows can take more bytes than the local file: a
// CR before every LF at most doubles a file of one-byte rows, and blank
// lines add a few; so twice the size plus 1 MiB. A file within Zuora's
// limit (client.MaxFileBytes) has no copy beyond it, since Zuora refuses
// larger files; a larger one means the tenant's limit was raised.
func readLimit(size int64) int64 {
	limit := 2*size + 1<<20
	if size <= client.MaxFileBytes {
		limit = min(limit, client.MaxFileBytes)
	}
	return limit
}

// HoldsRows reports whether the finished job jobID holds id's rows: the
// file Zuora keeps for it, hashed as holdsFile does (once per run). A plan
// asks it when the configured file's bytes changed, to tell an edit that
// keeps every row (line endings, blank lines) from a new load. false when
// Zuora provides no file.
func (g *Registry) HoldsRows(ctx context.Context, jobID string, id Identity) (bool, error) {
	if g == nil || g.zuora == nil || jobID == "" || id.RowsSHA256 == "" {
		return false, nil
	}
	same, _, err := g.holdsFile(ctx, jobID, id)
	return same, err
}
