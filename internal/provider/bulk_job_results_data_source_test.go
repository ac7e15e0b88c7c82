package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// numberedAccounts are Account rows with the given account numbers; a
// number used twice fails in Zuora on the unique check.
func numberedAccounts(numbers ...string) string {
	var b strings.Builder
	for _, n := range numbers {
		fmt.Fprintf(&b, `{"name":"Acme %s","accountNumber":%q,"billCycleDay":1,"currency":"USD",`+
			`"billToContact":{"firstName":"Ada","lastName":"Lovelace","country":"Ireland"},`+
			`"soldToContact":{"firstName":"Ada","lastName":"Lovelace","country":"Ireland"}}`+"\n", n, n)
	}
	return b.String()
}

func TestAccBulkJobResults_errorsSuccessesAndIDsInASecondJob(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	accounts := writeJobFile(t, "accounts.jsonl", numberedAccounts("ACC-1", "ACC-2", "ACC-1"))
	config := providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "accounts" {
  name        = "accounts"
  object_type = "Account"
  source      = %q
}

data "zuora_bulk_job_results" "created" {
  job_id    = zuora_bulk_job.accounts.id
  kind      = "successes"
  key_field = "accountNumber"
}

data "zuora_bulk_job_results" "failed" {
  job_id    = zuora_bulk_job.accounts.id
  kind      = "errors"
  key_field = "billToContact.firstName"
}

resource "zuora_bulk_job" "contacts" {
  name        = "contacts"
  object_type = "Contact"
  content = provider::zuora::jsonl([{
    accountId = data.zuora_bulk_job_results.created.ids["ACC-2"]
    firstName = "Grace"
    lastName  = "Hopper"
  }])
}
`, accounts)
	id := knownvalue.StringRegexp(regexp.MustCompile(`^8a8a[0-9a-f]{28}$`))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resultsAddr("created"), tfjsonpath.New("total"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(resultsAddr("created"), tfjsonpath.New("rows"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"line": knownvalue.Null(), "id": id, "key": knownvalue.StringExact("ACC-1"), "reason": knownvalue.Null(),
						"row_json": knownvalue.StringRegexp(regexp.MustCompile(`^\{"name":"Acme ACC-1".*"Id":"8a8a`)),
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("ACC-2"), "id": id}),
				})),
				statecheck.ExpectKnownValue(resultsAddr("created"), tfjsonpath.New("ids"), knownvalue.MapExact(map[string]knownvalue.Check{
					"ACC-1": id, "ACC-2": id,
				})),
				statecheck.ExpectKnownValue(resultsAddr("failed"), tfjsonpath.New("total"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(resultsAddr("failed"), tfjsonpath.New("ids"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				statecheck.ExpectKnownValue(resultsAddr("failed"), tfjsonpath.New("rows"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"line": knownvalue.Int64Exact(3), "id": knownvalue.Null(), "key": knownvalue.StringExact("Ada"),
						"reason":   knownvalue.StringRegexp(regexp.MustCompile(`accountNumber`)),
						"row_json": knownvalue.StringRegexp(regexp.MustCompile(`"_error":`)),
					}),
				})),
				statecheck.ExpectKnownValue("zuora_bulk_job.contacts", tfjsonpath.New("rows_succeeded"), knownvalue.Int64Exact(1)),
			},
			Check: func(s *terraform.State) error {
				byNumber := map[string]string{}
				for _, a := range emu.Records("Account") {
					byNumber[fmt.Sprint(a["accountNumber"])] = fmt.Sprint(a["Id"])
				}
				ds := s.RootModule().Resources[resultsAddr("created")].Primary.Attributes
				for _, n := range []string{"ACC-1", "ACC-2"} {
					if ds["ids."+n] == "" || ds["ids."+n] != byNumber[n] {
						return fmt.Errorf("ids[%s] = %q, emulator stored %q", n, ds["ids."+n], byNumber[n])
					}
				}
				contacts := emu.Records("Contact")
				if len(contacts) != 1 || contacts[0]["accountId"] != byNumber["ACC-2"] || contacts[0]["firstName"] != "Grace" {
					return fmt.Errorf("contacts stored = %v, want one of Grace on account %s", contacts, byNumber["ACC-2"])
				}
				return nil
			},
		}},
	})
}

func resultsAddr(name string) string { return "data.zuora_bulk_job_results." + name }

// Success rows without a line number name their place in the file.
func TestAccBulkJobResults_duplicateKeyNamesBothRows(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	job := loadJob(t, c, "dup names", numberedAccounts("D-1", "D-2", "D-3"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + fmt.Sprintf(`
data "zuora_bulk_job_results" "dup" {
  job_id    = %q
  kind      = "successes"
  key_field = "billToContact.lastName"
}
`, job),
			ExpectError: regexp.MustCompile(`(?s)Duplicate key.*result row 1 and result row 2 both have\s+billToContact.lastName = "Lovelace"`),
		}},
	})
}

func TestAccBulkJobResults_limitAndCSV(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	csv := "name,billCycleDay,currency,accountNumber,billToContact.firstName,billToContact.lastName,billToContact.country," +
		"soldToContact.firstName,soldToContact.lastName,soldToContact.country\n"
	for i := 1; i <= 4; i++ {
		csv += fmt.Sprintf("\"Acme, %d\",1,USD,C-%d,Ada,Lovelace,Ireland,Ada,Lovelace,Ireland\n", i, i)
	}
	source := writeJobFile(t, "accounts.csv", csv)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + fmt.Sprintf(`
resource "zuora_bulk_job" "csv" {
  name        = "csv accounts"
  object_type = "Account"
  source      = %q
}
data "zuora_bulk_job_results" "csv" {
  job_id    = zuora_bulk_job.csv.id
  kind      = "successes"
  key_field = "accountNumber"
  limit     = 1
}
`, source),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resultsAddr("csv"), tfjsonpath.New("total"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue(resultsAddr("csv"), tfjsonpath.New("rows"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"key":      knownvalue.StringExact("C-1"),
						"row_json": knownvalue.StringRegexp(regexp.MustCompile(`^\{"name":"Acme, 1","billCycleDay":"1",.*"Id":"8a8a[0-9a-f]+"\}$`)),
					}),
				})),
				statecheck.ExpectKnownValue(resultsAddr("csv"), tfjsonpath.New("ids"), knownvalue.MapSizeExact(4)),
			},
		}},
	})
}

func TestAccBulkJobResults_notCompleted(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	job := seedJob(t, emulatorClient(t, url), "created only")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + fmt.Sprintf(`
data "zuora_bulk_job_results" "x" {
  job_id = %q
  kind   = "errors"
}
`, job),
			ExpectError: regexp.MustCompile(`(?s)is Created; Zuora writes result\s+files once a job is Completed`),
		}},
	})
}

func TestResultsCollectorMasksReasons(t *testing.T) {
	c := newResultsCollector("", false, 10)
	row := client.ResultRow{Reason: "Payment method 4111111111111111 declined", JSON: `{"card":"4111111111111111"}`}
	if err := c.add(row); err != nil {
		t.Fatal(err)
	}
	if got := c.rows[0].Reason.ValueString(); got != "Payment method ************1111 declined" {
		t.Errorf("reason = %q", got)
	}
	if got := c.rows[0].RowJSON.ValueString(); got != row.JSON {
		t.Errorf("row_json = %q, want the row unmasked", got)
	}
}

// A key_field that no row carries is a warning naming it (issue 20 item
// 13), with the first row's fields to choose from.
func TestResultsCollectorWarnsOfAnAbsentKeyField(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		keyField, body string
		want           string // "" for no warning
	}{
		{"acountNumber", `{"accountNumber":"A-1","Id":"8a1"}`, `(?s)"acountNumber".*Did you mean accountNumber\?`},
		{"sku", `{"accountNumber":"A-1","Id":"8a1"}`, `(?s)"sku".*The first row has Id, accountNumber\.`},
		{"accountNumber", `{"accountNumber":"A-1","Id":"8a1"}` + "\n" + `{"Id":"8a2"}`, ""},
		{"", `{"accountNumber":"A-1","Id":"8a1"}`, ""},
	} {
		c := newResultsCollector(tc.keyField, true, 10)
		for _, r := range client.ParseResultHead(t.Context(), []byte(tc.body), false, client.ResultFormat{}, 10) {
			if err := c.add(r); err != nil {
				t.Fatal(err)
			}
		}
		diags := c.keyFieldMissing("J1", "successes")
		switch {
		case tc.want == "" && len(diags) != 0:
			t.Errorf("key_field %q: unexpected %v", tc.keyField, diags)
		case tc.want != "" && (len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning ||
			!regexp.MustCompile(tc.want).MatchString(diags[0].Detail())):
			t.Errorf("key_field %q: diagnostics %v, want one warning matching %s", tc.keyField, diags, tc.want)
		}
		if tc.want != "" && len(c.ids) != 0 {
			t.Errorf("key_field %q: ids = %v", tc.keyField, c.ids)
		}
	}
}
