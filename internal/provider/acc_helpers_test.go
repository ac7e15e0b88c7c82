package provider

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// fastTimings shrinks retry and poll intervals so acceptance tests that
// exercise back-off finish in milliseconds, not minutes.
func fastTimings(cfg *client.Config) {
	cfg.RetryWaitMin = 5 * time.Millisecond
	cfg.RetryWaitMax = 50 * time.Millisecond
	cfg.PollMin = 20 * time.Millisecond
	cfg.PollMax = 100 * time.Millisecond
}

// protoV6ProviderFactories serves an in-process provider with fast timings.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"zuora": providerserver.NewProtocol6WithError(newProvider("test", fastTimings)),
}

// startEmulator runs an emulator on a loopback httptest server for one
// test; it stops when the test ends.
func startEmulator(t *testing.T, opts emulator.Options) (*emulator.Server, string) {
	t.Helper()
	if opts.StepDelay == 0 {
		opts.StepDelay = 20 * time.Millisecond
	}
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	emu := emulator.New(opts)
	srv := httptest.NewServer(emu)
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
