package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// exchange is one request the emulator answered.
type exchange struct {
	Method, Path string
	Status       int
	At           time.Time
	Header       http.Header
}

// recorder sits in front of the emulator so tests can assert what the
// provider actually sent and got, and act between requests.
type recorder struct {
	next http.Handler

	mu        sync.Mutex
	exchanges []exchange
	tokens    []string              // access tokens the emulator issued
	before    func(r *http.Request) // runs before the emulator sees r
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	before := rec.before
	rec.mu.Unlock()
	if before != nil {
		before(r)
	}
	cw := &capturingWriter{ResponseWriter: w, status: http.StatusOK}
	rec.next.ServeHTTP(cw, r)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.exchanges = append(rec.exchanges, exchange{
		Method: r.Method, Path: r.URL.Path, Status: cw.status, At: time.Now(), Header: r.Header.Clone(),
	})
	if strings.HasSuffix(r.URL.Path, "/oauth/token") && cw.status == http.StatusOK {
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(cw.body.Bytes(), &tok) == nil && tok.AccessToken != "" {
			rec.tokens = append(rec.tokens, tok.AccessToken)
		}
	}
}

// matching lists the exchanges with method, a path ending in suffix and,
// unless status is 0, that status.
func (rec *recorder) matching(method, suffix string, status int) []exchange {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []exchange
	for _, e := range rec.exchanges {
		if e.Method == method && strings.HasSuffix(e.Path, suffix) && (status == 0 || e.Status == status) {
			out = append(out, e)
		}
	}
	return out
}

func (rec *recorder) issuedTokens() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]string(nil), rec.tokens...)
}

type capturingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *capturingWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *capturingWriter) Write(b []byte) (int, error) {
	if w.body.Len() < 64<<10 {
		w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// clearZuoraEnv keeps a developer's own ZUORA_* variables out of tests
// that depend on what is missing. Only for tests that are not parallel.
func clearZuoraEnv(t *testing.T) {
	for _, name := range []string{envEnvironment, envBaseURL, envClientID, envClientSecret, envAccessToken,
		envEntityID, envOrgIDs, envMaxRetries, envMaxConcurrentJobs} {
		t.Setenv(name, "")
	}
}

const objectsDataSource = `
data "zuora_bulk_objects" "all" {}
`

// objectsListed asserts the objects data source read the catalogue.
var objectsListed = statecheck.ExpectKnownValue("data.zuora_bulk_objects.all",
	tfjsonpath.New("objects").AtSliceIndex(0).AtMapKey("object_name"), knownvalue.StringExact("accounting-code"))

func TestAccProvider_noCredentials(t *testing.T) {
	clearZuoraEnv(t)
	_, rec, url := startRecordedEmulator(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      fmt.Sprintf("provider \"zuora\" {\n  base_url = %q\n}\n", url) + objectsDataSource,
			ExpectError: regexp.MustCompile(`No Zuora credentials`),
		}, {
			Config: fmt.Sprintf("provider \"zuora\" {\n  base_url = %q\n  client_id = \"emulator-client\"\n}\n", url) +
				objectsDataSource,
			ExpectError: regexp.MustCompile(`Missing client_secret`),
		}},
	})
	if n := len(rec.matching(http.MethodPost, "/oauth/token", 0)); n != 0 {
		t.Errorf("the provider asked for %d tokens without complete credentials; want none", n)
	}
}

func TestAccProvider_noEndpoint(t *testing.T) {
	clearZuoraEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      "provider \"zuora\" {\n  client_id = \"a\"\n  client_secret = \"b\"\n}\n" + objectsDataSource,
			ExpectError: regexp.MustCompile(`No Zuora endpoint[\s\S]*us-cloud1-production[\s\S]*apac-central-sandbox`),
		}},
	})
}

func TestAccProvider_unknownEnvironment(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "zuora" {
  environment   = "mars-production"
  client_id     = "a"
  client_secret = "b"
}
` + objectsDataSource,
			ExpectError: regexp.MustCompile(`Unknown Zuora environment[\s\S]*"mars-production"[\s\S]*eu-production`),
		}},
	})
}

func TestAccProvider_refusesPlainHTTPToRemoteHost(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerConfig("http://example.com") + objectsDataSource,
			ExpectError: regexp.MustCompile(`plain\s+http\s+to\s+a\s+remote\s+host`),
		}},
	})
}

func TestAccProvider_wrongCredentials(t *testing.T) {
	_, rec, url := startRecordedEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "zuora" {
  base_url      = %q
  client_id     = "emulator-client"
  client_secret = "not-the-secret"
}
`, url) + objectsDataSource,
			ExpectError: regexp.MustCompile(`Zuora refused the credentials[\s\S]*Invalid\s+client\s+credentials`),
		}},
	})
	if n := len(rec.matching(http.MethodPost, "/oauth/token", http.StatusUnauthorized)); n == 0 {
		t.Error("the emulator never refused a token request")
	}
}

func TestAccProvider_accessToken(t *testing.T) {
	emu, rec, url := startRecordedEmulator(t, emulator.Options{})
	token := emu.IssueToken()
	config := func(token string) string {
		return fmt.Sprintf("provider \"zuora\" {\n  base_url = %q\n  access_token = %q\n}\n", url, token) + objectsDataSource
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config(token),
			ConfigStateChecks: []statecheck.StateCheck{objectsListed},
		}, {
			// A static token cannot be renewed: Zuora's reason is the error.
			Config:      config("0123456789abcdef0123456789abcdef"),
			ExpectError: regexp.MustCompile(`HTTP 401`),
		}},
	})
	if n := emu.Counts().TokensIssued; n != 0 {
		t.Errorf("TokensIssued = %d with a static access token; want 0", n)
	}
	for _, e := range rec.matching(http.MethodGet, "/objects", http.StatusOK) {
		if got := e.Header.Get("Authorization"); got != "Bearer "+token {
			t.Errorf("Authorization = %q; want the configured token", got)
		}
	}
}

func TestAccProvider_sendsIdentityHeaders(t *testing.T) {
	_, rec, url := startRecordedEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerWith(url, `  entity_id = "8a8082c4-5d1b-4b5e-a1e6-3c1f1a1b2c3d"
  org_ids   = ["org-1", "org-2"]
`) + objectsDataSource,
			ConfigStateChecks: []statecheck.StateCheck{objectsListed},
		}},
	})
	calls := rec.matching(http.MethodGet, "/objects", http.StatusOK)
	if len(calls) == 0 {
		t.Fatal("no successful GET .../objects was recorded")
	}
	h := calls[0].Header
	if got := h.Get("Zuora-Entity-Ids"); got != "8a8082c4-5d1b-4b5e-a1e6-3c1f1a1b2c3d" {
		t.Errorf("Zuora-Entity-Ids = %q", got)
	}
	if got := h.Get("Zuora-Org-Ids"); got != "org-1,org-2" {
		t.Errorf("Zuora-Org-Ids = %q", got)
	}
	if got := h.Get("User-Agent"); !regexp.MustCompile(`^terraform-provider-zuora/test \(Terraform/\d+\.\d+`).MatchString(got) {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestAccProvider_retriesServerErrors(t *testing.T) {
	emu, rec, url := startRecordedEmulator(t, emulator.Options{})
	emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathSuffix: "/objects", Status: http.StatusServiceUnavailable, Times: 2})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            providerConfig(url) + objectsDataSource,
			ConfigStateChecks: []statecheck.StateCheck{objectsListed},
		}},
	})
	if n := len(rec.matching(http.MethodGet, "/objects", http.StatusServiceUnavailable)); n != 2 {
		t.Errorf("GET .../objects answered 503 %d times; want both injected faults consumed by retries", n)
	}
}

func TestAccProvider_honorsRetryAfter(t *testing.T) {
	emu, rec, url := startRecordedEmulator(t, emulator.Options{})
	emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathSuffix: "/objects", Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            providerConfig(url) + objectsDataSource,
			ConfigStateChecks: []statecheck.StateCheck{objectsListed},
		}},
	})
	calls := rec.matching(http.MethodGet, "/objects", 0)
	if len(calls) < 2 || calls[0].Status != http.StatusTooManyRequests {
		t.Fatalf("want a 429 followed by a retry, got %+v", calls)
	}
	// fastTimings caps back-off at 50ms, so only Retry-After explains a
	// second's wait.
	if gap := calls[1].At.Sub(calls[0].At); gap < 900*time.Millisecond {
		t.Errorf("retried %v after a 429 with Retry-After: 1; want about a second", gap)
	}
}

func TestAccProvider_maxRetries(t *testing.T) {
	emu, rec, url := startRecordedEmulator(t, emulator.Options{})
	emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathSuffix: "/objects", Status: http.StatusServiceUnavailable, Times: 3})
	config := func(retries int) string {
		return providerWith(url, fmt.Sprintf("  max_retries = %d\n", retries)) + objectsDataSource
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config(1),
			ExpectError: regexp.MustCompile(`HTTP 503`),
		}, {
			PreConfig: func() {
				if n := len(rec.matching(http.MethodGet, "/objects", 0)); n != 2 {
					t.Errorf("max_retries = 1 made %d attempts; want 2", n)
				}
			},
			Config:            config(4),
			ConfigStateChecks: []statecheck.StateCheck{objectsListed},
		}},
	})
}

func TestAccProvider_refreshesExpiredToken(t *testing.T) {
	emu, rec, url := startRecordedEmulator(t, emulator.Options{})
	var once sync.Once
	// Expire the token between authentication and the first API call of
	// the run, as if it had run out mid-apply.
	rec.before = func(r *http.Request) {
		if strings.Contains(r.URL.Path, "/data-loader/") {
			once.Do(emu.ExpireTokens)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            providerConfig(url) + objectsDataSource,
			ConfigStateChecks: []statecheck.StateCheck{objectsListed},
		}},
	})
	if n := len(rec.matching(http.MethodGet, "/objects", http.StatusUnauthorized)); n != 1 {
		t.Errorf("GET .../objects answered 401 %d times; want exactly the one expired token", n)
	}
	if n := emu.Counts().TokensIssued; n < 2 {
		t.Errorf("TokensIssued = %d; want a second token after the first expired", n)
	}
}

func TestAccProvider_valuesUnknownAtPlan(t *testing.T) {
	_, _, url := startRecordedEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// The secret comes from a resource, so plan sees it unknown.
			Config: fmt.Sprintf(`
resource "terraform_data" "secret" {
  input = "emulator-secret"
}

provider "zuora" {
  base_url      = %q
  client_id     = "emulator-client"
  client_secret = terraform_data.secret.output
}

data "zuora_bulk_objects" "all" {
  depends_on = [terraform_data.secret]
}
`, url),
			ConfigStateChecks: []statecheck.StateCheck{objectsListed},
		}},
	})
}

// TestAccProvider_logsHideSecrets runs with TF_LOG=TRACE and reads the
// in-process provider's log: terraform-plugin-testing serves it with a
// tflog test sink that writes to TF_LOG_PATH_MASK (one file per test),
// the Terraform CLI's own log included.
func TestAccProvider_logsHideSecrets(t *testing.T) {
	const secret = "s3cr3t-zuora-7f2c9a41-never-log-me"
	clearZuoraEnv(t)
	dir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(dir, "%s.log"))

	// From the environment: terraform-plugin-testing logs the test's
	// configuration itself, and this test is about what the provider logs.
	t.Setenv(envClientSecret, secret)

	emu, rec, url := startRecordedEmulator(t, emulator.Options{ClientSecret: secret})
	var once sync.Once
	rec.before = func(r *http.Request) { // a token refresh puts more tokens in play
		if strings.Contains(r.URL.Path, "/data-loader/") {
			once.Do(emu.ExpireTokens)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "zuora" {
  base_url  = %q
  client_id = "emulator-client"
}

data "zuora_bulk_object_fields" "account" {
  object_name = "accounts-and-contacts"
  action      = "Import"
}
`, url) + objectsDataSource,
			ConfigStateChecks: []statecheck.StateCheck{objectsListed},
		}},
	})

	logs := readLogs(t, dir)
	for _, want := range []string{"Zuora API call", "/data-loader/metadata/json/objects", "/oauth/token"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the trace log has no %q; the test cannot see provider requests", want)
		}
	}
	if i := strings.Index(logs, secret); i >= 0 {
		t.Errorf("the trace log contains the client secret: …%s…", logs[max(0, i-300):i])
	}
	tokens := rec.issuedTokens()
	if len(tokens) < 2 {
		t.Fatalf("the emulator issued %d tokens; want at least 2", len(tokens))
	}
	for _, token := range tokens {
		if strings.Contains(logs, token) {
			i := strings.Index(logs, token)
			t.Errorf("the trace log contains the access token %s…, after: …%s", token[:4], logs[max(0, i-300):i])
		}
	}
}

func readLogs(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no log files in %s (%v)", dir, err)
	}
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}
