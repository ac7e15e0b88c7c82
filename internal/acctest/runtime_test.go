package acctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

func TestFeatureSkipReason(t *testing.T) {
	for _, tc := range []struct {
		feature  Feature
		cli      string
		openTofu bool
		skip     string // "" runs the test
	}{
		{ProviderFunctions, "1.7.3", true, ""},
		{ProviderFunctions, "1.7.3", false, "Terraform 1.7.3 has no provider-defined functions (they need Terraform 1.8.0 or OpenTofu 1.7.0)"},
		{ProviderFunctions, "1.6.2", true, "OpenTofu 1.6.2 has no provider-defined functions"},
		{ProviderFunctions, "1.8.0-rc1", false, ""},
		{WriteOnlyAttributes, "1.10.10", true, "OpenTofu 1.10.10 has no write-only attributes (they need Terraform 1.11.0 or OpenTofu 1.11.0)"},
		{WriteOnlyAttributes, "1.12.6", true, ""},
		{ImportBlocks, "1.6.0", true, ""},
		{ImportBlocks, "1.4.7", false, "Terraform 1.4.7 has no import blocks"},
	} {
		got := tc.feature.skipReason(version.Must(version.NewVersion(tc.cli)), tc.openTofu)
		if (tc.skip == "") != (got == "") || !strings.Contains(got, tc.skip) {
			t.Errorf("%s on %s (OpenTofu %v): skip %q; want %q", tc.feature.name, tc.cli, tc.openTofu, got, tc.skip)
		}
	}
}

func TestIsOpenTofuCLI(t *testing.T) {
	dir := t.TempDir()
	// cli is a script that prints output as `version` would.
	cli := func(name, output string) string {
		path := filepath.Join(dir, name)
		script := "#!/bin/sh\ncat <<'EOF'\n" + output + "\non linux_amd64\nEOF\n"
		if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		return path
	}
	if !isOpenTofuCLI(cli("tofu", "OpenTofu v1.10.10")) {
		t.Error("OpenTofu's `version` output was not recognised")
	}
	if !isOpenTofuCLI(cli("tofu-warning", "\nWarning: Unable to open CLI configuration file\n\nOpenTofu v1.12.6")) {
		t.Error("OpenTofu's `version` output after a warning was not recognised")
	}
	if isOpenTofuCLI(cli("terraform", "Terraform v1.11.4")) {
		t.Error("Terraform was taken for OpenTofu")
	}
	if isOpenTofuCLI("") || isOpenTofuCLI(filepath.Join(dir, "missing")) {
		t.Error("no CLI at the path was taken for OpenTofu")
	}
}

func TestCLI(t *testing.T) {
	t.Setenv("TF_ACC_TERRAFORM_PATH", "")
	if got := CLI(); got != "terraform" {
		t.Errorf("CLI() = %q without TF_ACC_TERRAFORM_PATH, want terraform", got)
	}
	t.Setenv("TF_ACC_TERRAFORM_PATH", "/opt/tofu/tofu")
	if got := CLI(); got != "/opt/tofu/tofu" {
		t.Errorf("CLI() = %q, want TF_ACC_TERRAFORM_PATH", got)
	}
}

// cliVersion reads the version of the CLI on PATH, when there is one.
func TestCLIVersion(t *testing.T) {
	cli, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform on PATH")
	}
	v, err := cliVersion(t, cli)
	if err != nil || v.Core().LessThan(version.Must(version.NewVersion("1.0.0"))) {
		t.Errorf("cliVersion(%s) = %v, %v; want a release of 1.0 or later", cli, v, err)
	}
}
