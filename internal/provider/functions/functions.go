// Package functions holds the provider-defined functions
// (provider::zuora::…, Terraform 1.8 and later) that build bulk-job
// content in HCL.
package functions

import "github.com/hashicorp/terraform-plugin-framework/function"

// All lists the provider's functions; the provider registers them.
func All() []func() function.Function {
	return []func() function.Function{NewJSONL, NewCSV}
}
