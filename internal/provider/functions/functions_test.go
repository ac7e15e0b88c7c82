package functions_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/provider"
)

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"zuora": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// outputTest applies config and checks each named output's value.
func outputTest(t *testing.T, config string, want map[string]knownvalue.Check) {
	t.Helper()
	var checks []statecheck.StateCheck
	for name, check := range want {
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, check))
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.Requires(acctest.ProviderFunctions),
		ProtoV6ProviderFactories: factories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func errorTest(t *testing.T, config string, want *regexp.Regexp) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.Requires(acctest.ProviderFunctions),
		ProtoV6ProviderFactories: factories,
		Steps:                    []resource.TestStep{{Config: config, ExpectError: want}},
	})
}
