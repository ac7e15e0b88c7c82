// Package client talks to Zuora's Data Loader bulk-jobs API. It knows
// nothing about Terraform: the provider hands it a Config and a context
// (which may carry a tflog logger) and gets plain Go values back.
package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"golang.org/x/sync/singleflight"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// Defaults for the zero values of Config.
const (
	DefaultMaxRetries   = 4
	DefaultRetryWaitMin = time.Second
	DefaultRetryWaitMax = 30 * time.Second
	DefaultMaxRetryWait = 5 * time.Minute
	// MaxMaxRetries bounds max_retries: with the waits capped at
	// RetryWaitMax, more attempts than this only prolong an outage.
	MaxMaxRetries    = 20
	DefaultPollMin   = time.Second
	DefaultPollMax   = 10 * time.Second
	DefaultUserAgent = "terraform-provider-zuora"
)

// responseHeaderTimeout bounds a silent server. It starts after the request
// is written, so a long upload is not cut short by it.
const responseHeaderTimeout = 5 * time.Minute

// writeBufferSize is larger than net/http's 4 KiB so that a file upload
// moves in bigger writes: several times the throughput for 64 KiB per
// connection.
const writeBufferSize = 64 << 10

// Client talks to one Zuora tenant. Safe for concurrent use.
type Client struct {
	cfg     Config
	baseURL *url.URL
	http    *http.Client
	now     func() time.Time // tests move the clock to expire tokens

	auth tokenCache

	objectsMu sync.Mutex
	objects   map[string][]Object // by metadata kind; set by the first successful list
	fieldsMu  sync.Mutex
	fields    map[string]*fieldmeta.Node
	metaCalls singleflight.Group

	pageSizeIndex atomic.Int32 // into summaryPageSizes: the largest page Zuora accepted
	rate          rateLimitState
}

// New validates cfg and builds a client. It does not call Zuora.
//
// MaxRetries: 0 means DefaultMaxRetries; any negative value means no
// retries at all (one attempt per call).
func New(cfg Config) (*Client, error) {
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := checkCredentials(cfg); err != nil {
		return nil, err
	}
	applyDefaults(&cfg)

	httpClient := cfg.HTTPClient
	if httpClient == nil {
		transport := cleanhttp.DefaultPooledTransport()
		transport.ResponseHeaderTimeout = responseHeaderTimeout
		transport.WriteBufferSize = writeBufferSize
		httpClient = &http.Client{Transport: transport}
	}
	return &Client{
		cfg:     cfg,
		baseURL: base,
		http:    httpClient,
		now:     time.Now,
		fields:  map[string]*fieldmeta.Node{},
		objects: map[string][]Object{},
	}, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	if raw == "" {
		return nil, errors.New("client: a base URL is required, e.g. https://rest.zuora.com")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: base URL %q must be an absolute http(s) URL, e.g. https://rest.zuora.com", MaskUserInfo(raw))
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("client: base URL %q must not carry user info, a query or a fragment", MaskUserInfo(raw))
	}
	if err := CheckBaseURLPath(u); err != nil {
		return nil, fmt.Errorf("client: base URL %w", err)
	}
	return u, nil
}

func checkCredentials(cfg Config) error {
	oauth := cfg.ClientID != "" || cfg.ClientSecret != ""
	switch {
	case oauth && cfg.AccessToken != "":
		return errors.New("client: set either OAuth client credentials or an access token, not both")
	case oauth && (cfg.ClientID == "" || cfg.ClientSecret == ""):
		return errors.New("client: OAuth needs both a client ID and a client secret")
	case !oauth && cfg.AccessToken == "":
		return errors.New("client: no credentials: set OAuth client credentials or an access token")
	}
	return nil
}

func applyDefaults(cfg *Config) {
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultMaxRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	cfg.RetryWaitMin = orDefault(cfg.RetryWaitMin, DefaultRetryWaitMin)
	cfg.RetryWaitMax = max(orDefault(cfg.RetryWaitMax, DefaultRetryWaitMax), cfg.RetryWaitMin)
	cfg.MaxRetryWait = orDefault(cfg.MaxRetryWait, DefaultMaxRetryWait)
	cfg.MaxRetries = min(cfg.MaxRetries, MaxMaxRetries)
	cfg.PollMin = orDefault(cfg.PollMin, DefaultPollMin)
	cfg.PollMax = max(orDefault(cfg.PollMax, DefaultPollMax), cfg.PollMin)
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	cfg.OrgIDs = nonEmpty(cfg.OrgIDs)
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// endpoint joins the base URL with an already-escaped path.
func (c *Client) endpoint(escapedPath string, query url.Values) string {
	u := *c.baseURL
	u.RawPath = ""
	u.Path = ""
	s := u.String() + strings.TrimRight(c.baseURL.EscapedPath(), "/") + escapedPath
	if len(query) > 0 {
		s += "?" + query.Encode()
	}
	return s
}

// CheckBaseURLPath refuses a base URL whose path is part of Zuora's own
// API (/v1, /oauth/token, /bulk-data/…): every operation's path is
// absolute from the host, so such a base would only make the token request
// fail as if the credentials were wrong. Other paths are kept as a prefix,
// for a gateway or proxy that serves Zuora under one.
func CheckBaseURLPath(u *url.URL) error {
	p := strings.TrimRight(u.Path, "/")
	if !zuoraAPIPath.MatchString(p) {
		return nil
	}
	return fmt.Errorf("%q has the path %s, which is part of Zuora's API, not of its base URL: "+
		"give only the scheme and host, e.g. https://rest.zuora.com; the provider adds /oauth/token and /bulk-data/... itself",
		MaskUserInfo(u.String()), p)
}

// MaskUserInfo replaces the user info of a URL ("user:password@") with
// "***@", so that a base URL can be quoted in a message. It works on text
// that does not parse as a URL too, and masks up to the last "@" before
// any query, since a password may itself hold "/" or "@".
func MaskUserInfo(raw string) string {
	prefix, rest := "", raw
	if i := strings.Index(raw, "://"); i >= 0 {
		prefix, rest = raw[:i+3], raw[i+3:]
	}
	end := strings.IndexAny(rest, "?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return raw
	}
	return prefix + masked + rest[at:]
}

// zuoraAPIPath matches paths that start with a piece of Zuora's API.
var zuoraAPIPath = regexp.MustCompile(`(?i)^/(v\d+|oauth|bulk-data|data-loader)(/|$)`)
