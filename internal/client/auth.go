package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

const (
	// tokenLifetimeUnknown is assumed when Zuora omits expires_in; Zuora's
	// tokens live about an hour.
	tokenLifetimeUnknown = time.Hour
)

// tokenCache holds the OAuth token. One fetch at a time serves every
// caller that needs a token.
type tokenCache struct {
	mu        sync.Mutex
	token     string
	refreshAt time.Time // refresh early from here on
	expiresAt time.Time
	fetches   singleflight.Group
}

func (t *tokenCache) current() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.token
}

// Authenticate fetches a token now (OAuth) so that bad credentials fail at
// provider configuration with Zuora's reason. A no-op for a static token.
func (c *Client) Authenticate(ctx context.Context) error {
	_, err := c.bearer(c.maskSecrets(ctx))
	return err
}

func (c *Client) usesOAuth() bool { return c.cfg.AccessToken == "" }

// bearer returns a token that is not about to expire.
func (c *Client) bearer(ctx context.Context) (string, error) {
	if !c.usesOAuth() {
		return c.cfg.AccessToken, nil
	}
	t := &c.auth
	t.mu.Lock()
	token, refreshAt, expiresAt := t.token, t.refreshAt, t.expiresAt
	t.mu.Unlock()
	now := c.now()
	if token != "" && now.Before(refreshAt) {
		return token, nil
	}
	fresh, err := c.fetchToken(ctx, token)
	if err != nil && token != "" && now.Before(expiresAt) && ctx.Err() == nil {
		// An early refresh failed but the old token is still good.
		return token, nil
	}
	return fresh, err
}

// refreshAfter401 replaces a token Zuora rejected, unless another caller
// already did.
func (c *Client) refreshAfter401(ctx context.Context, rejected string) (string, error) {
	return c.fetchToken(ctx, rejected)
}

// fetchToken requests a token unless the cache already holds a fresh one
// other than stale. Concurrent callers share one request.
func (c *Client) fetchToken(ctx context.Context, stale string) (string, error) {
	token, err := shared(ctx, &c.auth.fetches, "token", func(ctx context.Context) (string, error) {
		t := &c.auth
		t.mu.Lock()
		token, refreshAt := t.token, t.refreshAt
		t.mu.Unlock()
		if token != "" && token != stale && c.now().Before(refreshAt) {
			return token, nil
		}
		return c.requestToken(ctx)
	})
	if err != nil && ctx.Err() != nil {
		return "", &Error{Operation: "authenticate", Err: err}
	}
	return token, err
}

type tokenResponse struct {
	AccessToken string      `json:"access_token"`
	ExpiresIn   flexSeconds `json:"expires_in"`
	TokenType   string      `json:"token_type"`
}

// requestToken posts the client credentials. Safe to retry: a token
// request changes nothing.
func (c *Client) requestToken(ctx context.Context) (string, error) {
	form := url.Values{
		"client_id":     {c.cfg.ClientID},
		"client_secret": {c.cfg.ClientSecret},
		"grant_type":    {"client_credentials"},
	}
	var out tokenResponse
	err := c.call(ctx, apiCall{
		op:          "authenticate",
		method:      http.MethodPost,
		path:        "/oauth/token",
		body:        []byte(form.Encode()),
		contentType: "application/x-www-form-urlencoded",
		policy:      retryIdempotent,
		noAuth:      true,
	}, &out)
	if err != nil {
		return "", err
	}
	if out.AccessToken == "" {
		return "", &Error{Operation: "authenticate", StatusCode: http.StatusOK,
			Reasons: []Reason{{Message: "the token response carried no access_token"}}}
	}
	if tt := strings.ToLower(out.TokenType); tt != "" && tt != "bearer" {
		return "", &Error{Operation: "authenticate", StatusCode: http.StatusOK,
			Reasons: []Reason{{Message: "unsupported token_type " + out.TokenType}}}
	}
	c.storeToken(out.AccessToken, time.Duration(out.ExpiresIn))
	return out.AccessToken, nil
}

// storeToken caches a token and plans its refresh: a tenth of its life
// early, at least a minute, at most half its life.
func (c *Client) storeToken(token string, lifetime time.Duration) {
	if lifetime <= 0 {
		lifetime = tokenLifetimeUnknown
	}
	margin := min(max(lifetime/10, time.Minute), lifetime/2)
	now := c.now()
	t := &c.auth
	t.mu.Lock()
	defer t.mu.Unlock()
	t.token = token
	t.expiresAt = now.Add(lifetime)
	t.refreshAt = now.Add(lifetime - margin)
}
