package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Result links (GET .../downloads, get-download-links-for-job.md) are
// presigned S3 URLs that say when they expire (X-Amz-Date plus
// X-Amz-Expires). A link signed with temporary credentials also carries
// X-Amz-Security-Token, and such a link stops working when those
// credentials expire, which may be well before X-Amz-Expires says. So a
// stored link that S3 refuses is renewed once from .../downloads instead
// of failing the read.

// LinkKind says which of a job's result links is meant.
type LinkKind int

// The links of GET .../downloads.
const (
	LinkSource LinkKind = iota
	LinkErrorRows
	LinkSuccessRows
)

func (k LinkKind) String() string {
	return [...]string{"sourceFile", "errorRowsFile", "successRowsFile"}[k]
}

// Link is the link of the given kind.
func (d Downloads) Link(kind LinkKind) string {
	switch kind {
	case LinkErrorRows:
		return d.ErrorRowsFile
	case LinkSuccessRows:
		return d.SuccessRowsFile
	}
	return d.SourceFile
}

// HasSecurityToken reports whether a presigned link was signed with
// temporary credentials, so that it may die before X-Amz-Expires.
func HasSecurityToken(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	for k := range u.Query() {
		if strings.EqualFold(k, "X-Amz-Security-Token") {
			return true
		}
	}
	return false
}

// IsLinkRefused reports whether fetching a presigned link failed because
// the link no longer works: S3 answers 403 (AccessDenied, "Request has
// expired") or, for expired temporary credentials, 400 ExpiredToken.
func IsLinkRefused(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	if e.StatusCode == http.StatusForbidden {
		return true
	}
	if e.StatusCode != http.StatusBadRequest {
		return false
	}
	for _, r := range e.Reasons {
		if strings.Contains(strings.ToLower(r.Code+" "+r.Message), "expired") {
			return true
		}
	}
	return false
}

// RenewLink asks .../downloads for a fresh link of the given kind.
func (c *Client) RenewLink(ctx context.Context, jobID string, kind LinkKind) (string, error) {
	dl, err := c.JobDownloads(ctx, jobID)
	if err != nil {
		return "", err
	}
	link := dl.Link(kind)
	if link == "" {
		return "", fmt.Errorf("renewing the %s link of job %s: Zuora's downloads answer has none", kind, jobID)
	}
	return link, nil
}

// WithFreshLink runs use with a stored link and, if S3 refuses the link
// (IsLinkRefused), once more with a link renewed from .../downloads. It
// returns the link last used, for the caller to store in place of the
// old one.
func (c *Client) WithFreshLink(ctx context.Context, jobID string, kind LinkKind, link string, use func(link string) error) (string, error) {
	err := use(link)
	if !IsLinkRefused(err) {
		return link, err
	}
	tflog.Debug(ctx, "S3 refused a stored result link; renewing it once", map[string]interface{}{
		"job_id": jobID, "link": kind.String(), "url": redactURL(link), "temporary_credentials": HasSecurityToken(link),
	})
	fresh, rerr := c.RenewLink(ctx, jobID, kind)
	if rerr != nil {
		return link, fmt.Errorf("%w (renewing the link failed too: %v)", err, rerr)
	}
	return fresh, use(fresh)
}
