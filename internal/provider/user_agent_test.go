package provider

import "testing"

func TestUserAgent(t *testing.T) {
	if got, want := userAgent("1.2.3", "1.9.8"), "terraform-provider-zuora/1.2.3 (Terraform/1.9.8)"; got != want {
		t.Errorf("userAgent = %q; want %q", got, want)
	}
	// Terraform does not always say which version it is.
	if got, want := userAgent("dev", ""), "terraform-provider-zuora/dev"; got != want {
		t.Errorf("userAgent = %q; want %q", got, want)
	}
}
