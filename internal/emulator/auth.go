package emulator

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"math"
	"mime"
	"net/http"
	"strings"
	"time"
)

type token struct {
	clientID string
	expires  time.Time
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
	JTI         string `json:"jti"`
}

// handleToken is POST /oauth/token (client-credentials grant only).
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		writeReason(w, http.StatusBadRequest, codeMalformed, "Content-Type must be application/x-www-form-urlencoded")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		writeReason(w, http.StatusBadRequest, codeMalformed, "Malformed form body")
		return
	}
	form := r.PostForm
	if form.Get("grant_type") != "client_credentials" {
		writeReason(w, http.StatusBadRequest, codeInvalidValue, "unsupported_grant_type: grant_type must be client_credentials")
		return
	}
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if id == "" || secret == "" {
		writeReason(w, http.StatusBadRequest, codeMissingField, "client_id and client_secret are required")
		return
	}
	if !equal(id, s.opts.ClientID) || !equal(secret, s.opts.ClientSecret) {
		writeReason(w, http.StatusUnauthorized, codeAuth, "Invalid client credentials")
		return
	}
	access := s.mint(id)
	s.count(&s.counts.TokensIssued)
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: access,
		TokenType:   "bearer",
		ExpiresIn:   int(math.Ceil(s.opts.TokenLifetime.Seconds())),
		Scope:       s.scope(id),
		JTI:         strings.ReplaceAll(newUUID(), "-", ""),
	})
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// mint stores a new access token for clientID. Tokens are 32 hex digits,
// like the guide's.
func (s *Server) mint(clientID string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	access := hex.EncodeToString(b)
	s.mu.Lock()
	s.tokens[access] = &token{clientID: clientID, expires: time.Now().Add(s.opts.TokenLifetime)}
	s.mu.Unlock()
	return access
}

func (s *Server) scope(clientID string) string {
	user := userID(clientID)
	return "entity." + user + " platform.write service.bulk-data.read service.bulk-data.write service.data-loader.read tenant.9999999 user." + user
}

// userID is the stable user behind a client: jobs show it as createdBy.
func userID(clientID string) string {
	return nameUUID("zuora-emulator:" + clientID)
}

// IssueToken mints a valid access token directly, for tests of the static
// access_token configuration. It is not counted in TokensIssued, so a test
// can assert the provider never asked for one.
func (s *Server) IssueToken() string { return s.mint(s.opts.ClientID) }

// ExpireTokens makes every token issued so far expired (answered with 401).
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := time.Now().Add(-time.Second)
	for _, t := range s.tokens {
		t.expires = past
	}
}

// authenticate checks the bearer token and answers 401 when it fails.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, access, _ := strings.Cut(h, " ")
	access = strings.TrimSpace(access)
	deny := func(desc, msg string) (string, bool) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="Zuora", error="invalid_token", error_description="`+desc+`"`)
		writeReason(w, http.StatusUnauthorized, codeAuth, "%s", msg)
		return "", false
	}
	switch {
	case h == "":
		return deny("missing token", "Authentication error: no bearer token in the Authorization header")
	case !strings.EqualFold(scheme, "Bearer") || access == "":
		return deny("malformed header", "Authentication error: the Authorization header must be 'Bearer <token>'")
	}
	s.mu.Lock()
	t, ok := s.tokens[access]
	var expired bool
	var client string
	if ok {
		expired = !time.Now().Before(t.expires)
		client = t.clientID
	}
	s.mu.Unlock()
	switch {
	case !ok:
		return deny("invalid token", "Authentication error: invalid access token")
	case expired:
		return deny("token expired", "Authentication error: the access token has expired")
	}
	return client, true
}
