package provider

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// matrixHeaderTimeout is how long the matrix's provider waits for an
// answer; the slow fault answers later than that.
const matrixHeaderTimeout = time.Second

// matrixCalls are the calls the resource makes, as the emulator sees them.
var matrixCalls = []struct {
	name, method, suffix string
	orphan               bool // seed a never-submitted job, so that apply cancels one
}{
	{name: "token", method: http.MethodPost, suffix: "/oauth/token"},
	{name: "list", method: http.MethodGet, suffix: "/summaries"},
	{name: "create", method: http.MethodPost, suffix: "/bulk-data/bulk-jobs"},
	{name: "upload", method: http.MethodPost, suffix: "uploads-emulator"},
	{name: "submit", method: http.MethodPost, suffix: "/submissions"},
	{name: "summary", method: http.MethodGet, suffix: "/summary"},
	{name: "downloads", method: http.MethodGet, suffix: "/downloads"},
	{name: "cancel", method: http.MethodPost, suffix: "/cancellations", orphan: true},
}

var matrixFaults = []struct {
	name  string
	fault emulator.Fault
}{
	{"429", emulator.Fault{Status: http.StatusTooManyRequests}},
	{"5xx", emulator.Fault{Status: http.StatusBadGateway}},
	{"reset", emulator.Fault{Reset: true}},
	{"lost", emulator.Fault{Reset: true, AfterHandling: true}},
	{"slow", emulator.Fault{Latency: 3 * matrixHeaderTimeout, AfterHandling: true}},
}

// matrixProviderFactories give up on an answer after matrixHeaderTimeout.
var matrixProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"zuora": serverFactory(newProvider("test", func(cfg *client.Config) {
		fastTimings(cfg)
		transport := cleanhttp.DefaultPooledTransport()
		transport.ResponseHeaderTimeout = matrixHeaderTimeout
		cfg.HTTPClient = &http.Client{Transport: transport}
	})),
}

// TestAccBulkJob_faultMatrix fails each call the resource makes in each
// way a network or Zuora fails, then applies until the configuration
// converges. Whatever the cell: at most one job is submitted for the file,
// no job is left Created, and two applies are enough.
func TestAccBulkJob_faultMatrix(t *testing.T) {
	var mu sync.Mutex
	outcome := map[string]string{}
	t.Cleanup(func() { logMatrix(t, outcome) })

	for _, call := range matrixCalls {
		for _, kind := range matrixFaults {
			t.Run(call.name+"/"+kind.name, func(t *testing.T) {
				t.Parallel()
				emu, url := startEmulator(t, emulator.Options{})
				source := writeJobFile(t, "accounts.jsonl", accountRows("matrix", 2))
				if call.orphan {
					seedOrphan(t, emu, url, accountRows("matrix", 2))
				}
				f := kind.fault
				f.Method, f.PathSuffix = call.method, call.suffix
				emu.InjectFault(f)

				firstFailed := false
				result := "2 applies"
				step := resource.TestStep{
					Config:            jobConfig(url, source, ""),
					ConfigStateChecks: []statecheck.StateCheck{expectState("status", knownvalue.StringExact(client.StatusCompleted))},
					Check:             matrixInvariants(emu),
				}
				again := step
				again.SkipFunc = func() (bool, error) { return !firstFailed, nil }
				defer func() {
					if t.Failed() {
						result = "FAIL"
					} else if !firstFailed {
						result = "1 apply"
					}
					mu.Lock()
					outcome[call.name+"/"+kind.name] = result
					mu.Unlock()
				}()
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: matrixProviderFactories,
					// Only the first apply may fail; the second must converge.
					ErrorCheck: func(err error) error {
						if firstFailed {
							return err
						}
						firstFailed = true
						t.Logf("first apply failed: %v", err)
						return nil
					},
					Steps: []resource.TestStep{step, again},
				})
				if n := emu.PendingFaults(); n != 0 {
					t.Errorf("the %s fault on %s never fired", kind.name, call.name)
				}
			})
		}
	}
}

// matrixInvariants: one job submitted, and it is the one in state; none
// left Created.
func matrixInvariants(emu *emulator.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var submitted []string
		for _, j := range emu.Jobs() {
			switch j.Status {
			case client.StatusCreated:
				return fmt.Errorf("job %s was left Created", j.ID)
			case client.StatusCancelled:
			default:
				submitted = append(submitted, j.ID)
			}
		}
		if n := emu.Counts().Submissions; len(submitted) != 1 || n != 1 {
			return fmt.Errorf("%d submissions of jobs %v; want exactly one", n, submitted)
		}
		if id, err := stateJobID(s); err != nil || id != submitted[0] {
			return fmt.Errorf("state holds job %q (%v); want the submitted %s", id, err, submitted[0])
		}
		return nil
	}
}

func logMatrix(t *testing.T, outcome map[string]string) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-10s", "call")
	for _, k := range matrixFaults {
		fmt.Fprintf(&b, "%-11s", k.name)
	}
	for _, c := range matrixCalls {
		fmt.Fprintf(&b, "\n%-10s", c.name)
		for _, k := range matrixFaults {
			fmt.Fprintf(&b, "%-11s", orDash(outcome[c.name+"/"+k.name]))
		}
	}
	t.Log(b.String())
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
