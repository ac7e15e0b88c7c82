package client

import (
	"net/http"
	"strings"
	"testing"
)

func TestAStoredLinkRefusedByS3IsRenewedOnce(t *testing.T) {
	t.Parallel()
	var base string
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/downloads"):
			writeRaw(w, 200, `{"jobId":"j","status":"Completed","sourceFile":"`+base+`/s3/fresh?X-Amz-Expires=3600&X-Amz-Signature=new"}`)
		case r.URL.Path == "/s3/stale":
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`))
		case r.URL.Path == "/s3/fresh":
			_, _ = w.Write([]byte("id,name\n1,Sam\n"))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	base = srv.URL
	c := newTestClient(t, srv.URL)
	stale := srv.URL + "/s3/stale?X-Amz-Expires=3600&X-Amz-Security-Token=tok&X-Amz-Signature=old"
	if !HasSecurityToken(stale) || HasSecurityToken(srv.URL+"/s3/fresh?X-Amz-Signature=new") {
		t.Fatal("HasSecurityToken")
	}
	var sha string
	used, err := c.WithFreshLink(testCtx(t), "j", LinkSource, stale, func(link string) error {
		var err error
		sha, _, err = c.HashFile(testCtx(t), link, 1<<20)
		return err
	})
	if err != nil || sha == "" || !strings.Contains(used, "/s3/fresh") {
		t.Fatalf("used %s, sha %q, %v", used, sha, err)
	}
	// A link that stays refused fails after one renewal, not in a loop.
	calls := srv.count()
	_, err = c.WithFreshLink(testCtx(t), "j", LinkSource, stale, func(link string) error {
		_, err := c.FetchHead(testCtx(t), stale, 10)
		return err
	})
	if !IsLinkRefused(err) || srv.count()-calls != 3 {
		t.Fatalf("%v after %d calls", err, srv.count()-calls)
	}
}

func TestOnlyRefusedLinksAreRenewed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  *Error
		want bool
	}{
		{&Error{StatusCode: 403}, true},
		{&Error{StatusCode: 400, Reasons: []Reason{{Code: "ExpiredToken", Message: "The provided token has expired."}}}, true},
		{&Error{StatusCode: 400, Reasons: []Reason{{Code: "InvalidArgument"}}}, false},
		{&Error{StatusCode: 404}, false},
		{&Error{StatusCode: 500}, false},
	} {
		if got := IsLinkRefused(tc.err); got != tc.want {
			t.Errorf("%+v: %v", tc.err, got)
		}
	}
	if (Downloads{ErrorRowsFile: "e", SuccessRowsFile: "s", SourceFile: "f"}).Link(LinkErrorRows) != "e" {
		t.Error("Link")
	}
}
