package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
)

// noSettingsFails is what a resource or data source reports when the
// endpoint and the credentials are given nowhere.
var noSettingsFails = regexp.MustCompile(`No Zuora endpoint[\s\S]*No Zuora credentials|No Zuora credentials[\s\S]*No Zuora endpoint`)

// The functions never talk to Zuora, so they work with no ZUORA_*
// variables, with an empty provider block or none. Terraform calls them on
// an unconfigured provider; OpenTofu configures the provider first: before
// 1.11 always, from then on when the configuration has a provider block.
// Whatever needs Zuora still fails, at plan, with the settings' usual
// messages.
func TestAccFunctions_noProviderBlock(t *testing.T) {
	clearZuoraEnv(t)
	functionsOnly := `
output "rows" {
  value = provider::zuora::jsonl([{ name = "Acme", billCycleDay = 1 }])
}
`
	rowsEncoded := []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("rows", knownvalue.StringExact(`{"billCycleDay":1,"name":"Acme"}`+"\n")),
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.Requires(acctest.ProviderFunctions),
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      functionsOnly + objectsDataSource,
			ExpectError: noSettingsFails,
		}, {
			Config: functionsOnly + `
resource "zuora_bulk_job" "test" {
  name        = "accounts"
  object_type = "Account"
  content     = provider::zuora::jsonl([{ name = "Acme" }])
}
`,
			PlanOnly:    true,
			ExpectError: noSettingsFails,
		}, {
			Config:            "provider \"zuora\" {}\n" + functionsOnly,
			ConfigStateChecks: rowsEncoded,
		}, {
			Config:            functionsOnly,
			ConfigStateChecks: rowsEncoded,
		}},
	})
}

// Configure hands resources and data sources the missing settings' errors
// instead of failing; each reports them, without the provider block's
// attribute paths, which are not theirs.
func TestProviderDataFrom_missingSettings(t *testing.T) {
	s, diags := resolveSettings(nullModel(), envOf(nil))
	if diags.HasError() {
		t.Fatal(diags)
	}
	pd, diags := providerDataFrom(&providerData{missing: s.missing()})
	if pd != nil {
		t.Error("provider data without endpoint and credentials was handed out")
	}
	var summaries []string
	for _, d := range diags.Errors() {
		summaries = append(summaries, d.Summary())
		if !strings.Contains(d.Detail(), "provider block") {
			t.Errorf("%q does not say where the setting goes: %s", d.Summary(), d.Detail())
		}
	}
	if got := strings.Join(summaries, "|"); got != "No Zuora endpoint|No Zuora credentials" {
		t.Errorf("errors = %q; want the endpoint's and the credentials'", got)
	}
}
