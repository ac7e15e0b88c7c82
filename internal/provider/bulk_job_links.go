package provider

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
)

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
