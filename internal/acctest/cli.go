package acctest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-version"
)

// CLI is the CLI a test that drives it itself runs, as
// terraform-plugin-testing picks it: TF_ACC_TERRAFORM_PATH (OpenTofu in
// make test's second pass), else terraform on PATH.
func CLI() string {
	return cmp.Or(os.Getenv("TF_ACC_TERRAFORM_PATH"), "terraform")
}

// SkipUnlessCLI skips a test that drives the CLI itself (what
// terraform-plugin-testing cannot ask of it) unless TF_ACC is set, the CLI
// is found and its version has every one of features. It returns the
// CLI's path.
func SkipUnlessCLI(t testing.TB, features ...Feature) string {
	t.Helper()
	SkipUnlessAcceptance(t)
	cli, err := exec.LookPath(CLI())
	if err != nil {
		t.Skipf("%s not found", CLI())
	}
	if len(features) == 0 {
		return cli
	}
	v, err := cliVersion(t, cli)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range features {
		if reason := f.skipReason(v, IsOpenTofu()); reason != "" {
			t.Skip(reason)
		}
	}
	return cli
}

// cliVersion asks the CLI its version, with an empty CLI configuration:
// OpenTofu warns of a missing one on standard output.
func cliVersion(t testing.TB, cli string) (*version.Version, error) {
	rc := filepath.Join(t.TempDir(), "empty.tfrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(cli, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc)
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w", cli, err)
	}
	return version.NewVersion(v.Version)
}
