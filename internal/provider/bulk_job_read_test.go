package provider

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

func TestLinkExpiry(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	for _, c := range []struct {
		link string
		want time.Time
		ok   bool
	}{
		{"https://s3.example/b/k?X-Amz-Date=20260101T120000Z&X-Amz-Expires=3600&X-Amz-Signature=x", at("2026-01-01T13:00:00Z"), true},
		{"https://s3.example/b/k?x-amz-expires=60&x-amz-date=20260101T120000Z", at("2026-01-01T12:01:00Z"), true},
		{"https://s3.example/b/k?X-Amz-Date=20260101T120000Z", time.Time{}, false},
		{"https://s3.example/b/k?Expires=1767268800&Signature=x", time.Time{}, false},
		{"%zz", time.Time{}, false},
	} {
		got, ok := linkExpiry(c.link)
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("linkExpiry(%q) = %v, %v; want %v, %v", c.link, got, ok, c.want, c.ok)
		}
	}
}

// Links that expire within the renewal margin are renewed on refresh, the
// renewed links work, and nothing shows in the next plan.
func TestAccBulkJob_linksRenewedWithoutDrift(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{LinkLifetime: time.Minute})
	source := writeJobFile(t, "accounts.jsonl", rowsFailingInZuora(1))
	var first map[string]string
	links := func(s *terraform.State) map[string]string {
		a := s.RootModule().Resources[jobAddr].Primary.Attributes
		return map[string]string{"source": a["source_file_url"], "errors": a["error_rows_file_url"], "successes": a["success_rows_file_url"]}
	}
	c := emulatorClient(t, url)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: jobConfig(url, source, ""),
				Check: func(s *terraform.State) error {
					first = links(s)
					return nil
				},
			},
			{
				RefreshState: true,
				Check: func(s *terraform.State) error {
					for kind, link := range links(s) {
						if link == "" || link == first[kind] {
							return fmt.Errorf("%s link not renewed", kind)
						}
						expires, ok := linkExpiry(link)
						if !ok || expires.Sub(signedAt(t, link)) != time.Minute {
							return fmt.Errorf("%s link does not carry the emulator's lifetime", kind)
						}
						// The renewed link works: Zuora's file behind it reads.
						head, err := c.FetchHead(context.Background(), link, 1<<10)
						if err != nil || len(head) == 0 {
							return fmt.Errorf("%s link does not work: %v", kind, err)
						}
					}
					return nil
				},
			},
			{
				// Refreshing renews the links again; the plan stays empty.
				Config:           jobConfig(url, source, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// terraform plan -detailed-exitcode would exit 0.
				Config:   jobConfig(url, source, ""),
				PlanOnly: true,
			},
		},
	})
}

func signedAt(t *testing.T, link string) time.Time {
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(amzDateFormat, u.Query().Get("X-Amz-Date"))
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// A link with more than the margin left is kept: refreshing does not ask
// Zuora for new links every time.
func TestAccBulkJob_linksKeptWhileValid(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{}) // Zuora's hour
	source := writeJobFile(t, "accounts.jsonl", accountRows("kept", 1))
	var first string
	link := func(s *terraform.State) string {
		return s.RootModule().Resources[jobAddr].Primary.Attributes["success_rows_file_url"]
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: jobConfig(url, source, ""), Check: func(s *terraform.State) error { first = link(s); return nil }},
			{RefreshState: true, Check: func(s *terraform.State) error {
				if first == "" || link(s) != first {
					return fmt.Errorf("a link valid for an hour was replaced on refresh")
				}
				return nil
			}},
		},
	})
}

// Zuora answers summaries in either documented form: epoch milliseconds or
// ISO strings, objectType or objectName. Neither may cause drift.
func TestAccBulkJob_noDriftWhateverFormZuoraAnswersIn(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string]emulator.Options{
		"iso":                {},
		"epoch":              {EpochTimestamps: true},
		"objectName":         {SummaryObjectName: true},
		"epoch & objectName": {EpochTimestamps: true, SummaryObjectName: true},
	} {
		t.Run(name, func(t *testing.T) {
			_, url := startEmulator(t, opts)
			source := writeJobFile(t, "accounts.jsonl", accountRows("forms", 2))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: jobConfig(url, source, ""),
						ConfigStateChecks: []statecheck.StateCheck{
							expectState("object_type", knownvalue.StringExact("Account")),
							expectState("status", knownvalue.StringExact(client.StatusCompleted)),
							expectState("created_at", knownvalue.StringRegexp(rfc3339UTC)),
							expectState("submitted_at", knownvalue.StringRegexp(rfc3339UTC)),
							expectState("last_updated_at", knownvalue.StringRegexp(rfc3339UTC)),
						},
					},
					{
						Config:           jobConfig(url, source, ""),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}
