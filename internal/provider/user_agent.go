package provider

// userAgent identifies the provider and the Terraform CLI in every request,
// so that Zuora support can tell our traffic apart when diagnosing a
// tenant's problems.
func userAgent(providerVersion, terraformVersion string) string {
	ua := "terraform-provider-zuora/" + providerVersion
	if terraformVersion != "" {
		ua += " (Terraform/" + terraformVersion + ")"
	}
	return ua
}
