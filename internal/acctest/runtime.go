// Package acctest holds what the acceptance tests of several packages
// share: which CLI runs them, Terraform or OpenTofu, and which language
// features that CLI has, so a test of a feature skips, saying why, on a CLI
// without it.
package acctest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Feature is a language feature with the first Terraform and the first
// OpenTofu version that have it. OpenTofu reports its own version number,
// which does not follow Terraform's: OpenTofu 1.7 has provider functions,
// which Terraform only has from 1.8.
type Feature struct {
	name                string
	terraform, openTofu *version.Version
}

var (
	// ImportBlocks: `import { to = ..., id = ... }` in the configuration.
	ImportBlocks = Feature{"import blocks", version.Must(version.NewVersion("1.5.0")), version.Must(version.NewVersion("1.6.0"))}
	// RemovedBlocks: `removed { from = ... }` in the configuration.
	RemovedBlocks = Feature{"removed blocks", version.Must(version.NewVersion("1.7.0")), version.Must(version.NewVersion("1.7.0"))}
	// ProviderFunctions: provider::zuora::jsonl() and csv().
	ProviderFunctions = Feature{"provider-defined functions", version.Must(version.NewVersion("1.8.0")), version.Must(version.NewVersion("1.7.0"))}
	// WriteOnlyAttributes: zuora_bulk_job's content_wo.
	WriteOnlyAttributes = Feature{"write-only attributes", version.Must(version.NewVersion("1.11.0")), version.Must(version.NewVersion("1.11.0"))}
)

// Requires is the TerraformVersionChecks of a test that needs features: it
// skips the test, naming the feature and both minimum versions, when the
// CLI running it is older.
func Requires(features ...Feature) []tfversion.TerraformVersionCheck {
	checks := make([]tfversion.TerraformVersionCheck, 0, len(features))
	for _, f := range features {
		checks = append(checks, f)
	}
	return checks
}

// CheckTerraformVersion implements tfversion.TerraformVersionCheck.
func (f Feature) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	resp.Skip = f.skipReason(req.TerraformVersion, IsOpenTofu())
}

// skipReason is empty when the CLI has the feature. A prerelease counts as
// its release, as in tfversion.SkipBelow.
func (f Feature) skipReason(cliVersion *version.Version, openTofu bool) string {
	cli, minimum := "Terraform", f.terraform
	if openTofu {
		cli, minimum = "OpenTofu", f.openTofu
	}
	if !cliVersion.Core().LessThan(minimum) {
		return ""
	}
	return fmt.Sprintf("%s %s has no %s (they need Terraform %s or OpenTofu %s): skipping test",
		cli, cliVersion, f.name, f.terraform, f.openTofu)
}

// IsOpenTofu reports whether the acceptance tests run under OpenTofu:
// terraform-plugin-testing runs TF_ACC_TERRAFORM_PATH when it is set, and
// otherwise a Terraform it finds on PATH or installs.
var IsOpenTofu = sync.OnceValue(func() bool { return isOpenTofuCLI(os.Getenv("TF_ACC_TERRAFORM_PATH")) })

// isOpenTofuCLI asks the CLI at path: `tofu version` prints a line
// "OpenTofu vX.Y.Z", after any warnings about the CLI configuration, which
// OpenTofu writes to standard output too.
func isOpenTofuCLI(path string) bool {
	if path == "" {
		return false
	}
	out, err := exec.Command(path, "version").Output()
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "OpenTofu v") {
			return true
		}
	}
	return false
}
