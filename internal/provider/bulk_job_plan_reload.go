package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// An edited file of a job that loaded rows (issues 16 and 20): the
// replacement would send again every row the edit kept, and for objects
// without a unique field that is a duplicate of each. The plan compares
// the edited file, row by row, with Zuora's copy of the loaded file (its
// source link), says how many rows would be loaded again, and refuses an
// Import that would load any of them twice unless if_already_loaded =
// "load_again". Rows compare as rowcheck's canonical rows: line endings
// and blank lines do not matter.

// rowOverlap is what the comparison found.
type rowOverlap struct {
	Loaded int // rows in Zuora's copy of the loaded file
	New    int // rows in the edited file
	Again  int // rows of the edited file that the loaded file holds too
}

// sameRows: an edit that changed no row (CRLF, blank lines). The duplicate
// guard treats it as the same load, so it is not judged here.
func (o rowOverlap) sameRows() bool { return o.Again == o.New && o.New == o.Loaded }

// judgeReload says what replacing a job that loaded rows means, and
// refuses a replacement that would load rows again.
func (r *bulkJobResource) judgeReload(ctx context.Context, state, plan bulkJobResourceModel, replace path.Paths, diags *diag.Diagnostics) {
	if state.RowsSucceeded.ValueInt64() == 0 {
		return
	}
	// An imported job's file change is on the source argument (see
	// importedReplacementPaths); without the hash of Zuora's copy it was
	// never compared.
	fileChanged := replace.Contains(path.Root("source_sha256")) ||
		!state.SourceSHA256.IsNull() && replace.Contains(sourceAttr(plan))
	if !fileChanged || plan.SourceSHA256.IsUnknown() || !r.ready() {
		warnReplacingLoadedRows(state, replace, diags)
		return
	}
	o, err := r.compareWithLoaded(ctx, state, plan)
	src := sourceAttr(plan)
	switch {
	case err == nil && o.sameRows():
		// The duplicate guard's case (only line endings or blank lines
		// changed): not refused here.
		warnReplacingLoadedRows(state, replace, diags)
	case deletesRecords(state):
		diags.AddAttributeWarning(src, "Replacing a job that loaded rows",
			fmt.Sprintf("%s The replacement first deletes the records bulk job %s loaded (on_destroy = \"delete_records\"), then loads the edited file.",
				o.describe(state, err), state.ID.ValueString()))
	case err == nil && o.Again == 0, plan.IfAlreadyLoaded.ValueString() == alreadyLoadedAgain, state.JobType.ValueString() != "Import":
		diags.AddAttributeWarning(src, "Replacing a job that loaded rows",
			o.describe(state, err)+" The replacement runs a new job that loads the edited file.")
	default:
		diags.AddAttributeError(src, "The edited file would load rows again", o.describe(state, err)+
			" Nothing was sent to Zuora.\n\nWays on:\n"+
			"- Keep the records in line with the file: a zuora_bulk_dataset resource loads only the rows that changed "+
			"(import this job's id into it: the rows already loaded are not sent again); or restore this file and put only the new rows "+
			"in a new zuora_bulk_job resource.\n"+
			"- Set if_already_loaded = \"load_again\" to load every row of the edited file again, the rows already loaded included.\n"+
			"- Or run terraform apply -replace with this resource's address, with that setting.\n"+
			"To have a replacement delete the earlier records first, apply on_destroy = \"delete_records\" with the loaded file, then edit it.")
	}
}

// describe puts the comparison in words; err says why there is none.
func (o rowOverlap) describe(state bulkJobResourceModel, err error) string {
	id := state.ID.ValueString()
	if err != nil {
		return fmt.Sprintf("Bulk job %s loaded %s, which stay in Zuora. The edited file could not be compared with Zuora's copy of "+
			"the loaded file (%v; Zuora keeps uploaded files for 12 months), so it may hold rows that would be loaded again.", id, rowsNoun(state.RowsSucceeded.ValueInt64()), err)
	}
	return fmt.Sprintf("Bulk job %s loaded a file of %s (%s loaded, which stay in Zuora). Of the %s of the edited file, "+
		"%s in that file and would be loaded again; %s new.", id, rowsNoun(int64(o.Loaded)), rowsNoun(state.RowsSucceeded.ValueInt64()),
		rowsNoun(int64(o.New)), wereOrWas(o.Again), wereOrWas(o.New-o.Again))
}

// wereOrWas is "1 was", "3 were".
func wereOrWas(n int) string {
	if n == 1 {
		return "1 was"
	}
	return groupThousands(n) + " were"
}

// compareWithLoaded streams Zuora's copy of the loaded file into a row set
// and counts the rows of the configured file that it holds.
func (r *bulkJobResource) compareWithLoaded(ctx context.Context, state, plan bulkJobResourceModel) (rowOverlap, error) {
	was, err := r.loadedRows(ctx, state)
	if err != nil {
		return rowOverlap{}, err
	}
	in, d := newSourceCheck(ctx, plan, client.Object{})
	if d.HasError() {
		return rowOverlap{}, fmt.Errorf("reading headers: %s", d.Errors()[0].Detail())
	}
	src, err := in.open()
	if err != nil {
		return rowOverlap{}, err
	}
	defer src.Close()
	now, err := rowcheck.HashRows(ctxReader{ctx, in.limit(src)}, in.FileType, in.HasHeaders, rowcheck.RowOptions{Against: was.Set})
	if err != nil {
		return rowOverlap{}, err
	}
	return rowOverlap{Loaded: was.Rows, New: now.Rows, Again: now.InAgainst}, nil
}

// loadedRows streams the file a job loaded from Zuora's source link into
// a row set, renewing the link once if it expired. Zuora keeps a job's
// uploaded file for 12 months (reference/data-management_data-loader_
// data-loader-best-practices-and-scope_known-behavior-of-data-loader.md);
// after that the comparison fails and describe says so.
func (r *bulkJobResource) loadedRows(ctx context.Context, state bulkJobResourceModel) (rowcheck.RowSummary, error) {
	id := state.ID.ValueString()
	link := state.SourceFileURL.ValueString()
	if link == "" {
		var err error
		if link, err = r.pd.client.RenewLink(ctx, id, client.LinkSource); err != nil {
			return rowcheck.RowSummary{}, err
		}
	}
	limit := state.MaxFileBytes.ValueInt64()
	if state.MaxFileBytes.IsNull() || limit <= 0 {
		limit = defaultMaxFileBytes
	}
	var rows rowcheck.RowSummary
	_, err := r.pd.client.WithFreshLink(ctx, id, client.LinkSource, link, func(link string) error {
		h := rowcheck.NewRowHasher(state.FileType.ValueString(), state.csvHasHeaders(), rowcheck.RowOptions{Collect: true})
		if _, err := r.pd.client.StreamFile(ctx, link, limit, h); err != nil {
			return err
		}
		rows = h.Sum()
		return nil
	})
	return rows, err
}
