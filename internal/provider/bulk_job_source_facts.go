package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
	"github.com/zuora-tf/terraform-provider-zuora/internal/sourcecache"
)

// sourceFactsCache carries a file's facts from the plan walk to the apply
// walk, which Terraform runs in another provider process, so the apply-time
// plan does not validate the file again. Tests point it elsewhere.
var sourceFactsCache = sourcecache.Default()

// openFile is the one place the file to load is opened, for checking,
// hashing and uploading alike (through openSourceFile); tests count the
// reads through it.
var openFile = os.Open

// planSource finds the facts of the file to load for a plan; prior and
// priorSize are the SHA-256 and size in state ("" and -1 for a new job).
// Each command reads the file as little as it can:
//   - A file an earlier walk checked, with its identity unchanged, is not
//     read: its facts and warnings come from sourceFactsCache. This is
//     trusted only to say the file differs from state; Create verifies
//     the bytes it uploads against the planned hash, so a file edited
//     behind an unchanged identity is refused, never loaded.
//   - An existing job's file is hashed first. The same hash as in state
//     means nothing to do: no row checks and no warnings repeated. A
//     file whose size is not the one in state has changed: it is not
//     hashed first, so a changed file is read once.
//   - Otherwise the file is hashed and validated in one pass, as before,
//     and the outcome cached for the apply walk.
func (pd *providerData) planSource(ctx context.Context, in sourceCheck, prior string, priorSize int64) (sourceFacts, diag.Diagnostics) {
	in = in.withDefaults()
	id, idErr := in.identity()
	params := in.cacheParams(pd.checkerIdentity(ctx, in))
	if idErr == nil {
		if e, ok := sourceFactsCache.Load(id, params); ok && e.SHA256 != prior {
			tflog.Debug(ctx, "source facts from an earlier check of the unchanged file", map[string]any{"source": in.SourcePath, "sha256": e.SHA256})
			facts := sourceFacts{SHA256: e.SHA256, Size: e.Size, Rows: e.Rows, RowsSHA256: e.RowsSHA256}
			pd.noteFacts(facts)
			return facts, replayWarnings(in, e.Warnings)
		}
	}
	if resized := idErr == nil && id.Size != priorSize; prior != "" && !resized {
		facts, diags := in.hashOnly(ctx)
		if diags.HasError() || facts.SHA256 == prior {
			return facts, diags
		}
	}
	facts, problems, diags := pd.scanSource(ctx, in)
	if !diags.HasError() {
		// Part of what is cached, so a plan that reuses the outcome says it too.
		diags.Append(in.checkedLine(facts, problems))
	}
	if idErr == nil && !diags.HasError() && facts.SHA256 != "" {
		// Cached only if the file did not change while it was read.
		if after, err := in.identity(); err == nil && after == id {
			e := sourcecache.Entry{Identity: id, Params: params, SHA256: facts.SHA256, Size: facts.Size, Rows: facts.Rows, RowsSHA256: facts.RowsSHA256}
			for _, w := range diags.Warnings() {
				e.Warnings = append(e.Warnings, sourcecache.Warning{Summary: w.Summary(), Detail: w.Detail()})
			}
			if err := sourceFactsCache.Store(e); err != nil {
				tflog.Debug(ctx, "cannot cache the source's facts", map[string]any{"error": err.Error()})
			}
		}
	}
	return facts, diags
}

func replayWarnings(in sourceCheck, ws []sourcecache.Warning) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, w := range ws {
		diags.AddAttributeWarning(in.Attr, w.Summary, w.Detail)
	}
	return diags
}

// identity identifies a `source` file for the cache; inline content has
// none and is never cached.
func (in sourceCheck) identity() (sourcecache.Identity, error) {
	if in.SourcePath == "" {
		return sourcecache.Identity{}, os.ErrNotExist
	}
	return sourcecache.Identify(in.SourcePath)
}

// cacheParams renders every input of the check besides the file itself,
// so a changed argument, field metadata or provider build never reuses an
// outcome; checker is checkerIdentity's.
func (in sourceCheck) cacheParams(checker string) string {
	b, _ := json.Marshal(struct {
		Version                                               int // 3: the rows' identity, mappings and row id column
		Checker                                               string
		FileType, Delimiter                                   string
		HasHeaders                                            bool
		Headers                                               []string
		Mappings                                              map[string]string
		RowIDColumn                                           string
		ObjectName, ObjectType, JobType, Validation, PCICheck string
		MaxFileBytes                                          int64
	}{3, checker, in.FileType, in.Delimiter, in.HasHeaders, in.Headers, in.Mappings, in.RowIDColumn, in.Object.Name, in.Object.Type, in.JobType,
		in.Validation, in.PCICheck, in.MaxFileBytes})
	return string(b)
}

// checkerIdentity names what judges the rows besides the arguments: this
// provider build and the SHA-256 of the field metadata the rows are
// checked against, the file type's own (the client caches it, so this
// costs no extra call).
func (pd *providerData) checkerIdentity(ctx context.Context, in sourceCheck) string {
	meta := ""
	if in.Validation != "off" && in.Object.Name != "" {
		if schema, err := pd.jobFieldMetadata(ctx, in); err == nil && schema != nil {
			doc, _ := schema.MarshalJSON()
			sum := sha256.Sum256(doc)
			meta = hex.EncodeToString(sum[:])
		}
	}
	return pd.build + " " + meta
}

// hashOnly reads the file once for its SHA-256 and size, checking nothing
// but max_file_bytes: the one hash without checks, for a plan that only
// needs to know whether the file changed (planSource) or cannot check
// rows (the catalogue is unknown).
func (in sourceCheck) hashOnly(ctx context.Context) (sourceFacts, diag.Diagnostics) {
	var diags diag.Diagnostics
	src, err := in.open()
	if err != nil {
		diags.AddAttributeError(in.Attr, "Cannot read source file", openFailure(in.SourcePath, err))
		return sourceFacts{}, diags
	}
	defer src.Close()
	if diags.Append(in.tooLargeDiagnostic(src.Size, true)...); diags.HasError() {
		return sourceFacts{}, diags
	}
	// A file that grew past max_file_bytes after it was measured cannot
	// have the hash in state; reading one byte more than that is enough to
	// tell, and checkSource then reports the size.
	sha, n, err := rowcheck.Hash(ctxReader{ctx, in.limit(src)})
	if err != nil {
		diags.AddAttributeError(in.Attr, "Cannot read source file", fmt.Sprintf("Reading %s failed: %s", in.displayName(), err))
		return sourceFacts{}, diags
	}
	return sourceFacts{SHA256: sha, Size: n}, diags
}

// buildName is version plus the VCS revision Go stamped into the binary:
// development builds all say "dev", yet may check rows differently.
func buildName(version string) string {
	name := version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" || s.Key == "vcs.time" {
				name += " " + s.Value
			}
		}
	}
	return name
}
