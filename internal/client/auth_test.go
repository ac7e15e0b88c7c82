package client

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testClientID     = "b64e42ba-7e1a-4bc6-9146-5e1b420306b5"
	testClientSecret = "dOFENLWU193EEoEsWjPZrcjLKVr5OrN1HC9Kqg"
)

// oauthServer issues tok-1, tok-2, … and accepts only the latest token on
// the API. tokenDelay slows the token endpoint to widen races.
type oauthServer struct {
	*testServer
	issued     atomic.Int32
	tokenDelay time.Duration
	expiresIn  int
	reject     func(token string) bool // API answers 401 when true
}

func newOAuthServer(t *testing.T, api func(w http.ResponseWriter, r *http.Request)) *oauthServer {
	o := &oauthServer{expiresIn: 3600}
	o.testServer = newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/oauth/token" {
			time.Sleep(o.tokenDelay)
			form, _ := url.ParseQuery(string(o.got()[n-1].Body))
			if form.Get("client_id") != testClientID || form.Get("client_secret") != testClientSecret ||
				form.Get("grant_type") != "client_credentials" || r.Header.Get("Authorization") != "" {
				writeRaw(w, 401, `{"reasons":[{"code":"90000011","message":"invalid client credentials"}]}`)
				return
			}
			id := o.issued.Add(1)
			writeJSON(w, map[string]interface{}{
				"access_token": fmt.Sprintf("tok-%d", id), "token_type": "bearer", "expires_in": o.expiresIn,
			})
			return
		}
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if o.reject != nil && o.reject(token) {
			writeRaw(w, 401, `{"message":"token expired"}`)
			return
		}
		api(w, r)
	})
	return o
}

func (o *oauthServer) apiRequests() (out []recorded) {
	for _, r := range o.got() {
		if r.Path != "/oauth/token" {
			out = append(out, r)
		}
	}
	return out
}

func oauthClient(t *testing.T, baseURL string, mutate ...func(*Config)) *Client {
	return newTestClient(t, baseURL, append([]func(*Config){func(c *Config) {
		c.AccessToken, c.ClientID, c.ClientSecret = "", testClientID, testClientSecret
	}}, mutate...)...)
}

func summaryAPI(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, summaryJSON) }

func TestTokenIsFetchedOnceAndCached(t *testing.T) {
	t.Parallel()
	srv := newOAuthServer(t, summaryAPI)
	c := oauthClient(t, srv.URL)
	for i := 0; i < 3; i++ {
		if _, err := c.JobSummary(testCtx(t), "job-1"); err != nil {
			t.Fatal(err)
		}
	}
	if srv.issued.Load() != 1 {
		t.Fatalf("%d token requests, want 1", srv.issued.Load())
	}
	tokenReq := srv.got()[0]
	if tokenReq.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("token request Content-Type %q", tokenReq.Header.Get("Content-Type"))
	}
	for _, r := range srv.apiRequests() {
		if r.Header.Get("Authorization") != "Bearer tok-1" {
			t.Fatalf("Authorization %q", r.Header.Get("Authorization"))
		}
	}
}

func TestTokenIsRefreshedBeforeItExpires(t *testing.T) {
	t.Parallel()
	srv := newOAuthServer(t, summaryAPI)
	c := oauthClient(t, srv.URL)
	var mu sync.Mutex
	now := time.Now()
	c.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

	ctx := testCtx(t)
	if _, err := c.JobSummary(ctx, "job-1"); err != nil {
		t.Fatal(err)
	}
	advance(50 * time.Minute) // 10 minutes left of 60: still fresh
	if _, err := c.JobSummary(ctx, "job-1"); err != nil {
		t.Fatal(err)
	}
	if srv.issued.Load() != 1 {
		t.Fatalf("refreshed too early")
	}
	advance(5 * time.Minute) // 5 minutes left: under 10% of its life
	if _, err := c.JobSummary(ctx, "job-1"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.apiRequests()
	if srv.issued.Load() != 2 || reqs[len(reqs)-1].Header.Get("Authorization") != "Bearer tok-2" {
		t.Fatalf("%d tokens issued; last call used %q", srv.issued.Load(), reqs[len(reqs)-1].Header.Get("Authorization"))
	}
}

func TestA401RefreshesOnceAndRepeatsTheCall(t *testing.T) {
	t.Parallel()
	srv := newOAuthServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeRaw(w, 200, `{"id":"job-1","status":"Submitted"}`)
	})
	srv.reject = func(token string) bool { return token == "tok-1" } // revoked server-side
	c := oauthClient(t, srv.URL)
	if _, err := c.SubmitJob(testCtx(t), "job-1"); err != nil {
		t.Fatal(err)
	}
	api := srv.apiRequests()
	if srv.issued.Load() != 2 || len(api) != 2 {
		t.Fatalf("%d tokens, %d API requests; want 2 and 2", srv.issued.Load(), len(api))
	}
	if api[0].Header.Get("Idempotency-Key") != api[1].Header.Get("Idempotency-Key") {
		t.Fatal("the repeat after a 401 changed the Idempotency-Key")
	}
}

func TestA401AfterRefreshIsReturned(t *testing.T) {
	t.Parallel()
	srv := newOAuthServer(t, summaryAPI)
	srv.reject = func(string) bool { return true }
	_, err := oauthClient(t, srv.URL).JobSummary(testCtx(t), "job-1")
	if asError(t, err).StatusCode != 401 || srv.issued.Load() != 2 || len(srv.apiRequests()) != 2 {
		t.Fatalf("err %v, %d tokens, %d API requests", err, srv.issued.Load(), len(srv.apiRequests()))
	}
}

func TestConcurrentCallersShareOneTokenRequest(t *testing.T) {
	t.Parallel()
	srv := newOAuthServer(t, summaryAPI)
	srv.tokenDelay = 50 * time.Millisecond
	c := oauthClient(t, srv.URL)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.JobSummary(testCtx(t), "job-1")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if srv.issued.Load() != 1 {
		t.Fatalf("%d token requests, want 1", srv.issued.Load())
	}
}

func TestConcurrent401sShareOneRefresh(t *testing.T) {
	t.Parallel()
	srv := newOAuthServer(t, summaryAPI)
	srv.reject = func(token string) bool { return token == "tok-1" }
	srv.tokenDelay = 20 * time.Millisecond
	c := oauthClient(t, srv.URL)
	if err := c.Authenticate(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.JobSummary(testCtx(t), "job-1"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if srv.issued.Load() != 2 {
		t.Fatalf("%d tokens issued, want 2", srv.issued.Load())
	}
}

func TestStaticTokenIsSentAndA401IsReturned(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 401, `{"message":"Authentication error"}`)
	})
	c := newTestClient(t, srv.URL)
	if err := c.Authenticate(testCtx(t)); err != nil || srv.count() != 0 {
		t.Fatalf("Authenticate with a static token: %v, %d requests", err, srv.count())
	}
	_, err := c.JobSummary(testCtx(t), "job-1")
	reqs := srv.got()
	if asError(t, err).StatusCode != 401 || len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "Bearer "+testToken {
		t.Fatalf("err %v, requests %+v", err, reqs)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Fatalf("error shows the token: %v", err)
	}
}

func TestAuthenticateReportsZuorasReasonWithoutTheSecret(t *testing.T) {
	t.Parallel()
	srv := newOAuthServer(t, summaryAPI)
	c := oauthClient(t, srv.URL, func(c *Config) { c.ClientSecret = "wrong-secret-value" })
	err := c.Authenticate(testCtx(t))
	e := asError(t, err)
	if e.StatusCode != 401 || !strings.Contains(err.Error(), "invalid client credentials") {
		t.Fatalf("err %v", err)
	}
	if strings.Contains(err.Error(), "wrong-secret-value") {
		t.Fatalf("error shows the secret: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "authenticate: HTTP 401 Unauthorized: 90000011: invalid client credentials") {
		t.Fatalf("error reads %q", err)
	}
}

func TestAuthenticateFetchesAToken(t *testing.T) {
	t.Parallel()
	srv := newOAuthServer(t, summaryAPI)
	c := oauthClient(t, srv.URL)
	if err := c.Authenticate(t.Context()); err != nil || srv.issued.Load() != 1 {
		t.Fatalf("err %v, %d tokens", err, srv.issued.Load())
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]Config{
		"no base URL":    {AccessToken: "x"},
		"relative URL":   {BaseURL: "rest.zuora.com", AccessToken: "x"},
		"no credentials": {BaseURL: "https://rest.zuora.com"},
		"half OAuth":     {BaseURL: "https://rest.zuora.com", ClientID: "id"},
		"both kinds":     {BaseURL: "https://rest.zuora.com", ClientID: "id", ClientSecret: "s", AccessToken: "t"},
		"query in base":  {BaseURL: "https://rest.zuora.com?x=1", AccessToken: "x"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
}
