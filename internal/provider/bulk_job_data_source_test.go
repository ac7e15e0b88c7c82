package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

func TestAccBulkJobDataSource(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{SummaryObjectName: true, EpochTimestamps: true})
	c := emulatorClient(t, url)
	done := loadJob(t, c, "nightly", rowsFailingInZuora(1))
	waiting := makeJob(t, c, accountJob("Import", "not uploaded yet"), "", jobCreated)

	config := providerConfig(url) + fmt.Sprintf(`
data "zuora_bulk_job" "done" {
  id = %q
}
data "zuora_bulk_job" "waiting" {
  id = %q
}
`, done, waiting)
	attr := func(name, a string, check knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.zuora_bulk_job."+name, tfjsonpath.New(a), check)
	}
	presigned := knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/s3/.+X-Amz-Signature=`))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				attr("done", "name", knownvalue.StringExact("nightly")),
				attr("done", "object_type", knownvalue.StringExact("Account")), // the summary said accounts-and-contacts
				attr("done", "job_type", knownvalue.StringExact("Import")),
				attr("done", "file_type", knownvalue.StringExact("jsonl")),
				attr("done", "status", knownvalue.StringExact(client.StatusCompleted)),
				attr("done", "row_count", knownvalue.Int64Exact(2)),
				attr("done", "rows_succeeded", knownvalue.Int64Exact(1)),
				attr("done", "rows_failed", knownvalue.Int64Exact(1)),
				attr("done", "created_at", knownvalue.StringRegexp(rfc3339UTC)),
				attr("done", "submitted_at", knownvalue.StringRegexp(rfc3339UTC)),
				attr("done", "source_file_url", presigned),
				attr("done", "error_rows_file_url", presigned),
				attr("done", "success_rows_file_url", presigned),

				attr("waiting", "status", knownvalue.StringExact(client.StatusCreated)),
				attr("waiting", "submitted_at", knownvalue.Null()),
				attr("waiting", "source_file_url", knownvalue.Null()),
				attr("waiting", "error_rows_file_url", knownvalue.Null()),
			},
		}},
	})
}

func TestAccBulkJobDataSource_unknownJob(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "zuora_bulk_job" "missing" {
  id = "00000000-0000-0000-0000-000000000000"
}
`,
			ExpectError: regexp.MustCompile(`Cannot read bulk job(.|\n)*404`),
		}},
	})
}
