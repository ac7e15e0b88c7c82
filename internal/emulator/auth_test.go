package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestTokenIssuedAndAccepted(t *testing.T) {
	t.Parallel()
	h := start(t, Options{TokenLifetime: 90 * time.Minute})
	resp, body := h.postForm("/oauth/token", url.Values{"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}, "grant_type": {"client_credentials"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var tok tokenResponse
	mustJSON(t, body, &tok)
	if tok.TokenType != "bearer" || tok.ExpiresIn != 5400 || len(tok.AccessToken) != 32 || tok.JTI == "" || !strings.Contains(tok.Scope, "bulk-data") {
		t.Errorf("token response %+v", tok)
	}
	if resp.Header.Get("X-RateLimit-Limit-minute") == "" || resp.Header.Get("X-RateLimit-Remaining-minute") == "" {
		t.Error("token endpoint lacks X-RateLimit-*-minute headers")
	}

	h.token = tok.AccessToken
	resp, _ = h.call("GET", "/data-loader/metadata/json/objects", nil, "Zuora-Track-Id", "trace-42")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("objects with a fresh token: %d", resp.StatusCode)
	}
	if id := resp.Header.Get("Zuora-Request-Id"); len(id) != 36 {
		t.Errorf("Zuora-Request-Id %q is not 36 characters", id)
	}
	if resp.Header.Get("Zuora-Track-Id") != "trace-42" {
		t.Error("Zuora-Track-Id not echoed")
	}
	if resp.Header.Get("RateLimit-Limit") == "" || resp.Header.Get("RateLimit-Remaining") == "" || resp.Header.Get("RateLimit-Reset") == "" {
		t.Error("API response lacks RateLimit-* headers")
	}
	if got := h.emu.Counts().TokensIssued; got != 2 {
		t.Errorf("TokensIssued = %d, want 2", got)
	}
}

func TestTokenEndpointRefusals(t *testing.T) {
	t.Parallel()
	h := start(t, Options{ClientID: "id-1", ClientSecret: "secret-1"})
	for _, tc := range []struct {
		name   string
		form   url.Values
		status int
		reason string
	}{
		{"wrong secret", url.Values{"client_id": {"id-1"}, "client_secret": {"nope"}, "grant_type": {"client_credentials"}}, 401, "Invalid client credentials"},
		{"wrong id", url.Values{"client_id": {"id-2"}, "client_secret": {"secret-1"}, "grant_type": {"client_credentials"}}, 401, "Invalid client credentials"},
		{"wrong grant", url.Values{"client_id": {"id-1"}, "client_secret": {"secret-1"}, "grant_type": {"password"}}, 400, "grant_type"},
		{"missing secret", url.Values{"client_id": {"id-1"}, "grant_type": {"client_credentials"}}, 400, "client_secret"},
	} {
		resp, body := h.postForm("/oauth/token", tc.form)
		if resp.StatusCode != tc.status || !strings.Contains(reasonsOf(t, body), tc.reason) {
			t.Errorf("%s: %d %s", tc.name, resp.StatusCode, body)
		}
	}
	if got := h.emu.Counts().TokensIssued; got != 1 {
		t.Errorf("TokensIssued = %d after refusals, want 1 (the harness's)", got)
	}
}

func TestBearerRefusals(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	for _, tc := range []struct {
		name, header, reason string
	}{
		{"missing", "", "no bearer token"},
		{"not bearer", "Basic abc", "Bearer <token>"},
		{"unknown", "Bearer 0123456789abcdef0123456789abcdef", "invalid access token"},
	} {
		req, _ := http.NewRequest("GET", h.base+"/bulk-data/bulk-jobs/summaries", nil)
		if tc.header != "" {
			req.Header.Set("Authorization", tc.header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != 401 || !strings.Contains(reasonsOf(t, body), tc.reason) {
			t.Errorf("%s: %d %s", tc.name, resp.StatusCode, body)
		}
		if len(resp.Header.Get("Zuora-Request-Id")) != 36 {
			t.Errorf("%s: refused response lacks Zuora-Request-Id", tc.name)
		}
	}
}

func TestExpireTokensAnswers401Expired(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	static := h.emu.IssueToken()
	h.emu.ExpireTokens()
	for _, tok := range []string{h.token, static} {
		h.token = tok
		resp, body := h.call("GET", "/data-loader/metadata/json/objects", nil)
		if resp.StatusCode != 401 || !strings.Contains(reasonsOf(t, body), "expired") {
			t.Errorf("expired token: %d %s", resp.StatusCode, body)
		}
	}
	h.token = h.emu.IssueToken()
	if resp, _ := h.call("GET", "/data-loader/metadata/json/objects", nil); resp.StatusCode != 200 {
		t.Errorf("token issued after ExpireTokens: %d", resp.StatusCode)
	}
	if got := h.emu.Counts().TokensIssued; got != 1 {
		t.Errorf("IssueToken counted: TokensIssued = %d, want 1 (the harness's)", got)
	}
}

func TestShortTokenLifetimeExpires(t *testing.T) {
	t.Parallel()
	h := start(t, Options{TokenLifetime: 30 * time.Millisecond})
	time.Sleep(50 * time.Millisecond)
	resp, body := h.call("GET", "/bulk-data/bulk-jobs/summaries", nil)
	if resp.StatusCode != 401 || !strings.Contains(reasonsOf(t, body), "expired") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	if !strings.Contains(resp.Header.Get("WWW-Authenticate"), "expired") {
		t.Errorf("WWW-Authenticate = %q", resp.Header.Get("WWW-Authenticate"))
	}
}
