package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// Timeouts must be positive and at most 7 days; each refusal names the
// setting and says what is wrong, and nothing reaches Zuora.
func TestAccBulkJob_timeoutsRefusedAtPlan(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRows("timeouts", 1))
	step := func(verb, value, want string) resource.TestStep {
		return resource.TestStep{
			Config:      jobConfig(url, source, fmt.Sprintf("  timeouts {\n    %s = %q\n  }\n", verb, value)),
			ExpectError: regexp.MustCompile(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step("create", "0s", `(?s)Invalid timeout.*timeouts.create = "0s" is not\s+positive`),
			step("update", "-5m", `(?s)timeouts.update = "-5m" is not\s+positive`),
			step("create", "9999999999h", `(?s)timeouts.create = "9999999999h" is too\s+large`),
			step("delete", "169h", `(?s)timeouts.delete = "169h" is too\s+large: a timeout is at\s+most 7 days`),
			step("create", "10 minutes", `(?s)timeouts.create = "10 minutes" is not a\s+duration`),
		},
	})
	if c := emu.Counts(); c.JobsCreated+c.Uploads+c.Submissions != 0 {
		t.Errorf("emulator counts = %+v, want nothing sent", c)
	}
}

func TestTimeoutValue(t *testing.T) {
	t.Parallel()
	for value, want := range map[string]string{
		"30m": "", "168h": "", "0.5s": "", "1h30m": "",
		"0": "not positive", "0s": "not positive", "-1s": "not positive",
		"168h1s": "too large", "9999999999h": "too large", "3d": "not a duration", "": "not a duration",
	} {
		resp := &validator.StringResponse{}
		timeoutValue{}.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("timeouts").AtName("create"), ConfigValue: types.StringValue(value),
		}, resp)
		got := ""
		if resp.Diagnostics.HasError() {
			got = resp.Diagnostics.Errors()[0].Detail()
		}
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("%q: got %q, want %q", value, got, want)
		}
	}
}
