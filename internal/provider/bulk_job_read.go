package provider

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// Read refreshes status and counts. Result links are fetched when the job is
// first seen finished, and again only when they expire within minutes (see
// renewExpiringLinks): they change on every call.
func (r *bulkJobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bulkJobResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready() {
		return
	}
	r.noteJobSource(ctx, req.Private, state, &resp.Diagnostics)
	id := state.ID.ValueString()
	s, err := r.pd.client.JobSummary(ctx, id)
	if client.IsNotFound(err) {
		// Dropping the job from state would plan a new one and load the
		// rows a second time; a purged history or another tenant is no
		// reason to do that.
		resp.Diagnostics.AddWarning("Bulk job not found in Zuora",
			fmt.Sprintf("Zuora no longer returns bulk job %s; its rows stay loaded; nothing will be loaded again. "+
				"The resource keeps the last known values. To load the file again, run terraform apply -replace with this "+
				"resource's address (with if_already_loaded = \"load_again\" if the tenant still lists the job).", id))
		resp.Diagnostics.Append(setGone(ctx, resp.Private, true)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read bulk job", err.Error())
		return
	}
	resp.Diagnostics.Append(setGone(ctx, resp.Private, false)...)

	imported := state.Name.IsNull() // name is required, so only an import leaves it empty
	if imported {
		state.bulkJobIdentity.setIdentity(s, r.pd.client.ObjectTypeFor(ctx, s.ObjectType))
		state.Name = types.StringValue(loadguard.UnmarkedName(s.Name)) // the configuration's name, without the claim's marker
	}
	if !waitOwed(state) {
		state.bulkJobProgress.setSummary(s)
		if client.IsTerminal(state.Status.ValueString()) && !state.hasDownloads() {
			r.recordDownloads(ctx, &state)
		} else {
			r.renewExpiringLinks(ctx, &state)
		}
	}
	if !waitOwed(state) && r.tornDown(ctx, state, &resp.Diagnostics) {
		resp.State.RemoveResource(ctx) // its records are gone: plan loads the file again
		return
	}
	if wasImported(ctx, req.Private, &resp.Diagnostics) && state.SourceSHA256.IsNull() {
		r.hashImportedSource(ctx, &state, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// waitOwed: an apply left this job running and the next apply will resume
// waiting. The refresh leaves its progress alone so that apply sees the job
// finish and reports the outcome (failed rows, failure reason) as Create
// would have, rather than the refresh settling it silently.
func waitOwed(state bulkJobResourceModel) bool {
	return !client.IsTerminal(state.Status.ValueString()) && state.WaitForCompletion.ValueBool()
}

func (r *bulkJobResource) recordDownloads(ctx context.Context, m *bulkJobResourceModel) {
	dl, err := r.pd.client.JobDownloads(ctx, m.ID.ValueString())
	if err != nil {
		// A job that failed has no result files (404); others retry on the
		// next refresh.
		tflog.Debug(ctx, "no result links for the bulk job", map[string]any{"job_id": m.ID.ValueString(), "error": err.Error()})
		return
	}
	m.setDownloads(dl)
}

// linkRenewMargin: a result link that expires sooner than this is renewed
// on refresh, so a link read from state is still good for a few minutes.
const linkRenewMargin = 5 * time.Minute

// linkLifetimeDoc describes the result links in the schema.
const linkLifetimeDoc = " A link with temporary credentials that Zuora signs for an hour; every refresh renews it " +
	"when it expires within five minutes, without showing a change."

// amzDateFormat is X-Amz-Date's ISO 8601 basic format.
const amzDateFormat = "20060102T150405Z"

// renewExpiringLinks fetches fresh result links when any recorded link has
// expired or will within linkRenewMargin. The links are computed,
// sensitive and never planned from configuration, so a renewed link is a
// quiet state update, not drift or a planned change. When Zuora cannot
// be asked, the old links stay.
func (r *bulkJobResource) renewExpiringLinks(ctx context.Context, m *bulkJobResourceModel) {
	if !m.hasDownloads() {
		return
	}
	deadline := time.Now().Add(linkRenewMargin)
	for _, link := range []string{m.SourceFileURL.ValueString(), m.ErrorRowsFileURL.ValueString(), m.SuccessRowsFileURL.ValueString()} {
		if link == "" {
			continue
		}
		if expires, ok := linkExpiry(link); !ok || expires.Before(deadline) {
			r.recordDownloads(ctx, m)
			return
		}
	}
}

// linkExpiry reads when a presigned link stops working from its X-Amz-Date
// and X-Amz-Expires; ok is false when it does not say, and such a link is
// renewed on every refresh.
func linkExpiry(link string) (time.Time, bool) {
	u, err := url.Parse(link)
	if err != nil {
		return time.Time{}, false
	}
	var date, expires string
	for k, v := range u.Query() {
		switch {
		case strings.EqualFold(k, "X-Amz-Date") && len(v) > 0:
			date = v[0]
		case strings.EqualFold(k, "X-Amz-Expires") && len(v) > 0:
			expires = v[0]
		}
	}
	signed, err := time.Parse(amzDateFormat, date)
	if err != nil {
		return time.Time{}, false
	}
	secs, err := strconv.ParseInt(expires, 10, 64)
	if err != nil || secs < 0 {
		return time.Time{}, false
	}
	return signed.Add(time.Duration(secs) * time.Second), true
}
