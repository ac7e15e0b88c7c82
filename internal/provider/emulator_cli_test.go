package provider

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
)

// startEmulatorBinary builds cmd/zuora-emulator (once) and runs it as a user's CI
// job would, returning its URL (the first line it prints) and the path of
// its request log. It is stopped with an interrupt when the test ends.
func startEmulatorBinary(t *testing.T, args ...string) (url, logFile string) {
	t.Helper()
	dir := t.TempDir()
	bin := goBinary(t, "github.com/zuora-tf/terraform-provider-zuora/cmd/zuora-emulator")
	logFile = filepath.Join(dir, "emulator.log")
	logOut, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = logOut.Close() })

	cmd := exec.Command(bin, append([]string{"-step-delay", "20ms"}, args...)...)
	cmd.Stderr = logOut
	cmd.Env = append(os.Environ(), "TMPDIR="+dir) // its uploads stay in the test's directory
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	first, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("the emulator printed no URL: %v", err)
	}
	return strings.TrimSpace(first), logFile
}

// countLogged counts request-log lines matching pattern.
func countLogged(logFile, pattern string) (int, error) {
	b, err := os.ReadFile(logFile)
	if err != nil {
		return 0, err
	}
	return len(regexp.MustCompile(pattern).FindAll(b, -1)), nil
}

// The released emulator binary serves a tenant's own catalogue (-catalogue,
// saved from zuora_bulk_object_fields) and injects faults from a file
// (-faults): the provider checks rows against the custom metadata at plan
// time, and loads the file exactly once through two refused submissions.
func TestAccEmulatorBinary_catalogueAndFaults(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	// What jsonencode([data.zuora_bulk_object_fields.vehicles]) saves.
	catalogue := writeJobFile(t, "catalogue.json", `[{"id":"vehicles/Import","object_name":"vehicles","object_type":"Vehicle","action":"Import",`+
		`"schema_json":"{\"plate\":{\"type\":\"string\",\"regex\":\"^[A-Z]{2}-[0-9]{3}$\",\"required\":true},\"seats\":{\"type\":\"number\"}}"}]`)
	faults := writeJobFile(t, "faults.json", `[{"method": "POST", "path_suffix": "/submissions", "status": 503, "times": 2}]`)
	url, logFile := startEmulatorBinary(t, "-catalogue", catalogue, "-faults", faults)

	config := func(rows string) string {
		return providerConfig(url) + fmt.Sprintf(`
data "zuora_bulk_object_fields" "vehicles" {
  object_name = "vehicles"
  action      = "Import"
}

resource "zuora_bulk_job" "test" {
  name        = "vehicles"
  object_type = "Vehicle"
  content     = %q
}
`, rows)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config(`{"plate":"AB-123"}` + "\n" + `{"plate":"nope"}` + "\n"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`plate: value "nope" does not match`),
			},
			{
				Config: config(`{"plate":"AB-123","seats":4}` + "\n" + `{"plate":"CD-456"}` + "\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.zuora_bulk_object_fields.vehicles", tfjsonpath.New("required_paths"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("plate")})),
					expectState("status", knownvalue.StringExact("Completed")),
					expectState("rows_succeeded", knownvalue.Int64Exact(2)),
				},
				Check: func(*terraform.State) error {
					// Each log line is written just after its answer, so the
					// last may trail terraform by a moment.
					for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
						refused, _ := countLogged(logFile, `POST /bulk-data/bulk-jobs/[^/ ]+/submissions 503`)
						accepted, _ := countLogged(logFile, `POST /bulk-data/bulk-jobs/[^/ ]+/submissions 200`)
						created, err := countLogged(logFile, `POST /bulk-data/bulk-jobs 200`)
						if err != nil {
							return err
						}
						if refused == 2 && accepted == 1 && created == 1 {
							return nil
						}
						if time.Now().After(deadline) {
							return fmt.Errorf("emulator log: %d refused and %d accepted submissions, %d jobs created; want 2, 1, 1", refused, accepted, created)
						}
					}
				},
			},
		},
	})
}
