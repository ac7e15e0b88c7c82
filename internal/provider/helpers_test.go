package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/loadguard"
)

// fastTimings shrinks retry and poll intervals so acceptance tests that
// exercise back-off finish in milliseconds, not minutes.
func fastTimings(cfg *client.Config) {
	cfg.RetryWaitMin = 5 * time.Millisecond
	cfg.RetryWaitMax = 50 * time.Millisecond
	cfg.PollMin = 20 * time.Millisecond
	cfg.PollMax = 100 * time.Millisecond
}

// serverFactory is the provider's server (NewServer) as a test factory.
func serverFactory(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) { return NewServer(p)(), nil }
}

// protoV6ProviderFactories serves an in-process provider with fast timings.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"zuora": serverFactory(newProvider("test", fastTimings)),
}

// emulatorProfileEnv names the emulator profile acceptance tests run
// against when a test does not choose one: make test runs the groups of
// the job lifecycle, the duplicate guard, teardown, results and CSV a
// second time with it set to "reference" (Zuora's published reference).
const emulatorProfileEnv = "ZUORA_TEST_EMULATOR_PROFILE"

// startEmulator runs an emulator on a loopback httptest server for one
// test; it stops when the test ends.
func startEmulator(t testing.TB, opts emulator.Options) (*emulator.Server, string) {
	t.Helper()
	return serveEmulator(t, opts, nil)
}

// startRecordedEmulator is startEmulator with a recorder in front.
func startRecordedEmulator(t *testing.T, opts emulator.Options) (*emulator.Server, *recorder, string) {
	t.Helper()
	var rec *recorder
	emu, url := serveEmulator(t, opts, func(next http.Handler) http.Handler {
		rec = &recorder{next: next}
		return rec
	})
	return emu, rec, url
}

// serveEmulator serves an emulator, behind wrap when given, with a step
// delay and a directory of its own unless opts sets them.
func serveEmulator(t testing.TB, opts emulator.Options, wrap func(http.Handler) http.Handler) (*emulator.Server, string) {
	t.Helper()
	if opts.StepDelay == 0 {
		opts.StepDelay = 20 * time.Millisecond
	}
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	if opts.Profile == "" {
		opts.Profile = os.Getenv(emulatorProfileEnv)
	}
	emu := emulator.New(opts)
	var h http.Handler = emu
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	// Cleanups run last-in first-out: stop serving, then drop the files.
	t.Cleanup(func() { _ = emu.Close() })
	t.Cleanup(srv.Close)
	return emu, srv.URL
}

// providerConfig is a provider block for the emulator's default
// credentials at baseURL.
func providerConfig(baseURL string) string {
	return fmt.Sprintf(`
provider "zuora" {
  base_url      = %q
  client_id     = "emulator-client"
  client_secret = "emulator-secret"
}
`, baseURL)
}

// providerWith is providerConfig with more settings, given as HCL lines
// ("  max_retries = 1\n").
func providerWith(baseURL, settings string) string {
	return strings.TrimSuffix(providerConfig(baseURL), "}\n") + settings + "}\n"
}

// emulatorClient is a client with fast timings for a test emulator.
func emulatorClient(t testing.TB, baseURL string) *client.Client {
	t.Helper()
	cfg := client.Config{BaseURL: baseURL, ClientID: emulator.DefaultClientID, ClientSecret: emulator.DefaultClientSecret}
	fastTimings(&cfg)
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func emulatorProviderData(t *testing.T) (*emulator.Server, *providerData) {
	t.Helper()
	emu, url := startEmulator(t, emulator.Options{})
	return emu, &providerData{client: emulatorClient(t, url)}
}

// accountRow is one Account Import row that passes every check unless a
// field is overridden; a nil override removes the field.
func accountRow(overrides map[string]any) string {
	contact := `{"firstName":"Ada","lastName":"Lovelace","country":"United Kingdom"}`
	fields := map[string]any{
		"name": `"Acme"`, "billCycleDay": `1`, "currency": `"USD"`,
		"billToContact": contact, "soldToContact": contact,
	}
	for k, v := range overrides {
		fields[k] = v
	}
	var parts []string
	for _, k := range []string{"name", "billCycleDay", "currency", "notes", "billToContact", "soldToContact", "nane"} {
		if v, ok := fields[k]; ok && v != nil {
			parts = append(parts, fmt.Sprintf("%q:%s", k, v))
		}
	}
	return "{" + strings.Join(parts, ",") + "}\n"
}

// jobStage is how far makeJob takes a job, as a person, another tool or
// a run that died at that point would leave it.
type jobStage int

const (
	jobCreated   jobStage = iota // created, no file: a run killed after its create
	jobUploaded                  // file uploaded, never submitted
	jobSubmitted                 // submitted, not waited for
	jobFinished                  // waited for until it ended, however it ended
	jobCompleted                 // finished, and the test fails unless it Completed
)

// accountJob is the create-job request of a JSON-lines Account job.
func accountJob(jobType, name string) client.CreateJobRequest {
	return client.CreateJobRequest{Name: name, ObjectType: "Account", JobType: jobType, FileType: "jsonl"}
}

// idRows is the file of a Delete job of the records with these ids.
func idRows(ids []string) string {
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "{\"Id\":%q}\n", id)
	}
	return b.String()
}

// makeJob makes the job req asks for through the client and takes it to
// stage with rows as its file; it returns the job's id.
func makeJob(t testing.TB, c *client.Client, req client.CreateJobRequest, rows string, stage jobStage) string {
	t.Helper()
	job := createJob(t, c, req)
	if stage == jobCreated {
		return job.ID
	}
	if err := sendRows(c, job, rows, stage >= jobSubmitted); err != nil {
		t.Fatal(err)
	}
	if stage < jobFinished {
		return job.ID
	}
	done, err := c.WaitForJob(context.Background(), job.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stage == jobCompleted && done.Status != client.StatusCompleted {
		t.Fatalf("job %s ended %s: %s", job.ID, done.Status, done.FailureReason)
	}
	return job.ID
}

// createJob creates a job and leaves it Created, for a test that sends
// its file later (sendRows).
func createJob(t testing.TB, c *client.Client, req client.CreateJobRequest) *client.CreatedJob {
	t.Helper()
	job, err := c.CreateJob(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return job
}

// sendRows uploads rows as a created job's file and, with submit,
// submits it, as the resource does.
func sendRows(c *client.Client, job *client.CreatedJob, rows string, submit bool) error {
	ctx := context.Background()
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(rows)), nil }
	if err := c.Upload(ctx, job.Upload, "rows.jsonl", int64(len(rows)), open); err != nil {
		return err
	}
	if !submit {
		return nil
	}
	_, err := c.SubmitJob(ctx, job.ID)
	return err
}

// loadJob runs an Account Import job of content to the end, as the
// resource does, and fails the test unless it Completed.
func loadJob(t testing.TB, c *client.Client, name, content string) string {
	t.Helper()
	return makeJob(t, c, accountJob("Import", name), content, jobCompleted)
}

// seedOrphan leaves what an apply of content killed during its upload
// leaves, long enough ago to be an orphan: a Created job with the file's
// marker, made by the provider's user (the emulator's default client).
func seedOrphan(t *testing.T, emu *emulator.Server, url, content string) string {
	t.Helper()
	name := loadguard.MarkedName("accounts", sha256Hex(content), loadguard.NewAttempt(), false)
	id := makeJob(t, emulatorClient(t, url), accountJob("Import", name), "", jobCreated)
	emu.BackdateJob(id, loadguard.InFlightWindow+time.Minute, "")
	return id
}

// accountRows is n Account Import rows that Zuora loads, named prefix-1, prefix-2 and so on.
func accountRows(prefix string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(accountRow(map[string]any{"name": fmt.Sprintf("%q", fmt.Sprintf("%s-%d", prefix, i))}))
	}
	return b.String()
}

func writeJobFile(t testing.TB, name, content string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	rewriteJobFile(t, file, content)
	return file
}

func rewriteJobFile(t testing.TB, file, content string) {
	t.Helper()
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func sha256Hex(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

// jobConfig is a zuora_bulk_job "test" loading source into Account, with
// extra arguments.
func jobConfig(url, source, extra string) string {
	return inputJobConfig(url, withSource(source, extra))
}

func expectState(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New(attr), check)
}

// stateJobID reads the job id Terraform saved.
func stateJobID(s *terraform.State) (string, error) {
	rs, ok := s.RootModule().Resources[jobAddr]
	if !ok {
		return "", fmt.Errorf("%s not in state", jobAddr)
	}
	return rs.Primary.ID, nil
}

// expectCounts checks what the emulator received, in the fields that matter.
func expectCounts(emu *emulator.Server, want emulator.Counts) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := emu.Counts()
		got.TokensIssued, got.Requests = 0, 0
		if got != want {
			return fmt.Errorf("emulator counts = %+v, want %+v", got, want)
		}
		return nil
	}
}

// inputJobConfig is the provider block for url and a zuora_bulk_job
// "test" loading Account with body as its other arguments: every job
// configuration of these tests is one.
func inputJobConfig(url, body string) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "test" {
  object_type = "Account"
%s
}
`, body)
}

// withSource is the arguments of a job named accounts loading source,
// aligned as terraform fmt would (tests edit the text).
func withSource(source, extra string) string {
	return fmt.Sprintf("  name        = \"accounts\"\n  source      = %q\n%s", source, extra)
}

// contentWOConfig loads rows through content_wo, plus any extra arguments.
func contentWOConfig(url, rows, extra string) string {
	return inputJobConfig(url, fmt.Sprintf("  name        = \"accounts\"\n  content_wo  = %q\n%s", rows, extra))
}

const jobAddr = "zuora_bulk_job.test"

// notTainted fails when Terraform marked the job for replacement: a job
// that is still running must be resumed, never loaded again.
func notTainted(s *terraform.State) error {
	rs, ok := s.RootModule().Resources[jobAddr]
	if !ok {
		return fmt.Errorf("%s not in state", jobAddr)
	}
	if rs.Primary.Tainted {
		return fmt.Errorf("%s is tainted", jobAddr)
	}
	return nil
}

func expectJobStatus(emu *emulator.Server, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateJobID(s)
		if err != nil {
			return err
		}
		if job, _ := emu.Job(id); job.Status != want {
			return fmt.Errorf("the emulator has job %s %q, want %q", id, job.Status, want)
		}
		return nil
	}
}

// The CLI driver: what terraform-plugin-testing cannot ask of the CLI
// (-parallelism, ephemeral variables, the TRACE log, plan warnings) runs
// the CLI on a working directory against a build of this tree, through
// dev_overrides.

// TestMain removes the binaries built for the CLI tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if builds.dir != "" {
		_ = os.RemoveAll(builds.dir)
	}
	os.Exit(code)
}

// builds holds the binaries built once per test binary, by package path.
var builds struct {
	mu   sync.Mutex
	dir  string
	bins map[string]*builtBinary
}

type builtBinary struct {
	once sync.Once
	path string
	err  error
}

// goBinary builds the main package pkg once per test binary and returns
// the binary's path, named after the package's last element.
func goBinary(t testing.TB, pkg string) string {
	t.Helper()
	builds.mu.Lock()
	if builds.bins == nil {
		builds.bins = map[string]*builtBinary{}
	}
	b := builds.bins[pkg]
	if b == nil {
		b = &builtBinary{}
		builds.bins[pkg] = b
	}
	if builds.dir == "" {
		dir, err := os.MkdirTemp("", "zuora-provider-test-bin") //nolint:usetesting // shared by the binary's tests; TestMain removes it
		if err != nil {
			builds.mu.Unlock()
			t.Fatal(err)
		}
		builds.dir = dir
	}
	dir := filepath.Join(builds.dir, filepath.Base(pkg))
	builds.mu.Unlock()
	b.once.Do(func() {
		b.path = filepath.Join(dir, filepath.Base(pkg))
		if out, err := exec.Command("go", "build", "-o", b.path, pkg).CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// cliWorkdir is a working directory of its own (its own state) with a
// configuration, run by the CLI against the provider built from this
// tree. Every run's output is kept for expectNowhere.
type cliWorkdir struct {
	t       *testing.T
	cli     string
	config  string
	dir     string // holds main.tf; its parent the CLI configuration and trace.log
	env     []string
	vars    []string // TF_VAR_ settings of the next runs
	outputs []string // command, output, command, output, …
}

// newCLIWorkdir is a working directory for config (provider blocks
// included; cliProvider writes one), skipped as acctest.SkipUnlessCLI
// skips. The
// environment's TF_ and ZUORA_ variables do not reach the CLI.
func newCLIWorkdir(t *testing.T, config string) *cliWorkdir {
	t.Helper()
	cli := acctest.SkipUnlessCLI(t)
	root := t.TempDir()
	bin := filepath.Dir(goBinary(t, "github.com/zuora-tf/terraform-provider-zuora"))
	rc := filepath.Join(root, "cli.tfrc")
	overrides := fmt.Sprintf("disable_checkpoint = true\nprovider_installation {\n  dev_overrides {\n    \"zuora-tf/zuora\" = %q\n  }\n  direct {}\n}\n", bin)
	work := filepath.Join(root, "work")
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{rc: overrides, filepath.Join(work, "main.tf"): cliMainTF(config)} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "ZUORA_") {
			env = append(env, kv)
		}
	}
	return &cliWorkdir{t: t, cli: cli, config: config, dir: work, env: env}
}

// cliMainTF is main.tf for config: the provider's source, then config.
func cliMainTF(config string) string {
	return "terraform {\n  required_providers {\n    zuora = { source = \"zuora-tf/zuora\" }\n  }\n}\n" + config
}

// rewrite replaces the configuration (provider blocks included), as a
// person editing main.tf between runs.
func (w *cliWorkdir) rewrite(config string) {
	w.t.Helper()
	w.config = config
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(cliMainTF(config)), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// traced makes every later run write the provider's TRACE log (trace).
func (w *cliWorkdir) traced() *cliWorkdir {
	w.env = append(w.env, "TF_LOG=TRACE", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+filepath.Join(filepath.Dir(w.dir), "trace.log"))
	return w
}

// setVar passes a variable to later runs through the environment, as a
// CI job would pass a secret.
func (w *cliWorkdir) setVar(name, value string) { //nolint:unparam // any variable; the tests so far set "rows"
	w.vars = append(w.vars, "TF_VAR_"+name+"="+value)
}

// try runs the CLI with args (no init: dev_overrides needs none) and
// returns its combined output.
func (w *cliWorkdir) try(args ...string) (string, error) {
	w.t.Helper()
	cmd := exec.Command(w.cli, args...)
	cmd.Dir = w.dir
	cmd.Env = append(append([]string(nil), w.env...), w.vars...)
	b, err := cmd.CombinedOutput()
	w.outputs = append(w.outputs, "terraform "+strings.Join(args, " "), string(b))
	return string(b), err
}

// run is try where a non-zero exit fails the test.
func (w *cliWorkdir) run(args ...string) string {
	w.t.Helper()
	out, err := w.try(args...)
	if err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// planChanges runs terraform plan and reports whether it plans changes.
func (w *cliWorkdir) planChanges() (string, bool) {
	w.t.Helper()
	out, err := w.try("plan", "-detailed-exitcode", "-no-color", "-input=false")
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out, false
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		return out, true
	}
	w.t.Fatalf("terraform plan: %v\n%s", err, out)
	return "", false
}

// trace is the TRACE log of every run so far (traced).
func (w *cliWorkdir) trace() string {
	w.t.Helper()
	return readFile(w.t, filepath.Join(filepath.Dir(w.dir), "trace.log"))
}

// cliProvider is the provider block for the emulator at url, polling at
// most every second (the CLI runs the provider with its own timings).
func cliProvider(url, settings string) string {
	return providerWith(url, "  poll_interval_max = \"1s\"\n"+settings)
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// benchProviderServer is a provider server configured for the emulator
// at url, as Terraform starts one.
func benchProviderServer(b testing.TB, url string) tfprotov6.ProviderServer {
	b.Helper()
	return configuredServer(b, NewServer(newProvider("bench", fastTimings))(), url)
}

// configuredServer is srv after Terraform's GetProviderSchema and
// ConfigureProvider for the emulator at url.
func configuredServer(b testing.TB, srv tfprotov6.ProviderServer, url string) tfprotov6.ProviderServer {
	b.Helper()
	ctx := context.Background()
	ptype, ok := providerSchema().Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		b.Fatal("the provider schema is not an object")
	}
	conf := dynamicValue(b, ptype, objectWith(ptype, map[string]tftypes.Value{
		"base_url":      tftypes.NewValue(tftypes.String, url),
		"client_id":     tftypes.NewValue(tftypes.String, emulator.DefaultClientID),
		"client_secret": tftypes.NewValue(tftypes.String, emulator.DefaultClientSecret),
	}))
	if _, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		b.Fatal(err)
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &conf})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	return srv
}

// Calls to the provider server as Terraform makes them, for tests and
// benchmarks that go below the CLI.

func resourceType(b testing.TB, r fwresource.Resource) tftypes.Object {
	b.Helper()
	ctx := context.Background()
	resp := &fwresource.SchemaResponse{}
	r.Schema(ctx, fwresource.SchemaRequest{}, resp)
	typ, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		b.Fatal("the resource schema is not an object")
	}
	return typ
}

// resourceCalls calls one resource type's RPCs as Terraform does.
type resourceCalls struct {
	srv  tfprotov6.ProviderServer
	name string
	typ  tftypes.Object
}

// create plans and applies config, and returns the new state and private
// state.
func (c resourceCalls) create(b testing.TB, config tftypes.Value) (tftypes.Value, []byte) {
	b.Helper()
	prior := tftypes.NewValue(c.typ, nil)
	planned, private := c.planWithPrivate(b, prior, config, config, nil)
	resp, err := c.srv.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{TypeName: c.name,
		PriorState: ptr(dynamicValue(b, c.typ, prior)), PlannedState: ptr(dynamicValue(b, c.typ, planned)),
		Config: ptr(dynamicValue(b, c.typ, config)), PlannedPrivate: private})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("apply %s: %v %v", c.name, err, resp.Diagnostics)
	}
	return c.value(b, resp.NewState), resp.Private
}

func (c resourceCalls) planWithPrivate(b testing.TB, prior, config, proposed tftypes.Value, private []byte) (tftypes.Value, []byte) {
	b.Helper()
	resp := c.planEncoded(b, c.request(b, prior, config, proposed, private))
	return c.value(b, resp.PlannedState), resp.PlannedPrivate
}

// request is a plan request with its values encoded, as Terraform sends it.
func (c resourceCalls) request(b testing.TB, prior, config, proposed tftypes.Value, private []byte) *tfprotov6.PlanResourceChangeRequest {
	return &tfprotov6.PlanResourceChangeRequest{TypeName: c.name,
		PriorState: ptr(dynamicValue(b, c.typ, prior)), ProposedNewState: ptr(dynamicValue(b, c.typ, proposed)),
		Config: ptr(dynamicValue(b, c.typ, config)), PriorPrivate: private}
}

func (c resourceCalls) planEncoded(b testing.TB, req *tfprotov6.PlanResourceChangeRequest) *tfprotov6.PlanResourceChangeResponse {
	b.Helper()
	resp, err := c.srv.PlanResourceChange(context.Background(), req)
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("plan %s: %v %v", c.name, err, resp.Diagnostics)
	}
	return resp
}

// upgrade reads state as Terraform holds it in the state file (JSON).
func (c resourceCalls) upgrade(b testing.TB, raw []byte) *tfprotov6.DynamicValue {
	b.Helper()
	resp, err := c.srv.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{TypeName: c.name,
		RawState: &tfprotov6.RawState{JSON: raw}})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("upgrade %s: %v %v", c.name, err, resp.Diagnostics)
	}
	return resp.UpgradedState
}

func (c resourceCalls) read(b testing.TB, state *tfprotov6.DynamicValue, private []byte) *tfprotov6.DynamicValue {
	b.Helper()
	resp, err := c.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: c.name,
		CurrentState: state, Private: private})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("read %s: %v %v", c.name, err, resp.Diagnostics)
	}
	return resp.NewState
}

func (c resourceCalls) value(b testing.TB, dv *tfprotov6.DynamicValue) tftypes.Value {
	b.Helper()
	v, err := dv.Unmarshal(c.typ)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

func dynamicValue(b testing.TB, typ tftypes.Type, v tftypes.Value) tfprotov6.DynamicValue {
	b.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		b.Fatal(err)
	}
	return dv
}

func ptr[T any](v T) *T { return &v }

func attrOf(b testing.TB, v tftypes.Value, name string) *big.Float {
	b.Helper()
	var attrs map[string]tftypes.Value
	var n big.Float
	if err := v.As(&attrs); err != nil || attrs[name].As(&n) != nil {
		b.Fatalf("no number %s in %v", name, v)
	}
	return &n
}

// stateJSON is v as the state file holds a resource's attributes.
func stateJSON(b testing.TB, v tftypes.Value) []byte {
	b.Helper()
	out, err := json.Marshal(plainValue(v))
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// plainValue is a known value as encoding/json writes it.
func plainValue(v tftypes.Value) any {
	if v.IsNull() {
		return nil
	}
	var s string
	var n big.Float
	var f bool
	var m map[string]tftypes.Value
	var l []tftypes.Value
	switch {
	case v.As(&s) == nil:
		return s
	case v.As(&n) == nil:
		return json.Number(n.Text('f', -1))
	case v.As(&f) == nil:
		return f
	case v.As(&m) == nil:
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = plainValue(e)
		}
		return out
	case v.As(&l) == nil:
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = plainValue(e)
		}
		return out
	}
	return nil
}
