package acctest

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// SkipUnlessAcceptance skips a test that drives a Terraform or OpenTofu CLI
// (or checks what such runs left behind) unless TF_ACC is set, as
// resource.Test does for the tests it runs. A test whose subtests call
// resource.Test needs it at its top: the subtests' skips do not stop the
// parent's own checks.
func SkipUnlessAcceptance(t testing.TB) {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1 to run it", resource.EnvTfAcc)
	}
}
