package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/cputime"
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

data "zuora_bulk_job_results" "failed_quietly" {
  job_id            = zuora_bulk_job.accounts.id
  kind              = "errors"
  include_row_json  = false
  sensitive_reasons = true
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
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("ACC-2"), "id": id}),
				})),
				statecheck.ExpectKnownValue(resultsAddr("created"), tfjsonpath.New("row_json"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringRegexp(regexp.MustCompile(`^\{"name":"Acme ACC-1".*"Id":"8a8a`)),
					knownvalue.StringRegexp(regexp.MustCompile(`^\{"name":"Acme ACC-2".*"Id":"8a8a`)),
				})),
				statecheck.ExpectKnownValue(resultsAddr("created"), tfjsonpath.New("reasons"), knownvalue.Null()),
				statecheck.ExpectKnownValue(resultsAddr("created"), tfjsonpath.New("ids"), knownvalue.MapExact(map[string]knownvalue.Check{
					"ACC-1": id, "ACC-2": id,
				})),
				statecheck.ExpectKnownValue(resultsAddr("failed"), tfjsonpath.New("total"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(resultsAddr("failed"), tfjsonpath.New("ids"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				statecheck.ExpectKnownValue(resultsAddr("failed"), tfjsonpath.New("rows"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"line": knownvalue.Int64Exact(3), "id": knownvalue.Null(), "key": knownvalue.StringExact("Ada"),
						"reason": knownvalue.StringRegexp(regexp.MustCompile(`accountNumber`)),
					}),
				})),
				statecheck.ExpectKnownValue(resultsAddr("failed"), tfjsonpath.New("row_json"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringRegexp(regexp.MustCompile(`"_error":`)),
				})),
				// sensitive_reasons moves the reason out of the row into the
				// sensitive list; include_row_json = false stores no row.
				statecheck.ExpectKnownValue(resultsAddr("failed_quietly"), tfjsonpath.New("rows"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"line": knownvalue.Int64Exact(3), "id": knownvalue.Null(), "key": knownvalue.Null(), "reason": knownvalue.Null(),
					}),
				})),
				statecheck.ExpectKnownValue(resultsAddr("failed_quietly"), tfjsonpath.New("reasons"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringRegexp(regexp.MustCompile(`accountNumber`)),
				})),
				statecheck.ExpectKnownValue(resultsAddr("failed_quietly"), tfjsonpath.New("row_json"), knownvalue.Null()),
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
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("C-1")}),
				})),
				statecheck.ExpectKnownValue(resultsAddr("csv"), tfjsonpath.New("row_json"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringRegexp(regexp.MustCompile(`^\{"name":"Acme, 1","billCycleDay":"1",.*"Id":"8a8a[0-9a-f]+"\}$`)),
				})),
				statecheck.ExpectKnownValue(resultsAddr("csv"), tfjsonpath.New("ids"), knownvalue.MapSizeExact(4)),
			},
		}},
	})
}

// Ten thousand rows, all in state: every row, its JSON and every id.
func TestAccBulkJobResults_tenThousandRows(t *testing.T) {
	const n = 10_000
	emu, url, job := loadedAccounts(t, n)
	ids := map[string]string{}
	for _, a := range emu.Records("Account") {
		ids[fmt.Sprint(a["accountNumber"])] = fmt.Sprint(a["Id"])
	}
	if len(ids) != n {
		t.Fatalf("the emulator stored %d accounts, want %d", len(ids), n)
	}
	last := accountNumber(n - 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + fmt.Sprintf(`
data "zuora_bulk_job_results" "many" {
  job_id    = %q
  kind      = "successes"
  key_field = "accountNumber"
  limit     = %d
}
`, job, n),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resultsAddr("many"), tfjsonpath.New("total"), knownvalue.Int64Exact(n)),
				statecheck.ExpectKnownValue(resultsAddr("many"), tfjsonpath.New("rows"), knownvalue.ListSizeExact(n)),
				statecheck.ExpectKnownValue(resultsAddr("many"), tfjsonpath.New("row_json"), knownvalue.ListSizeExact(n)),
				statecheck.ExpectKnownValue(resultsAddr("many"), tfjsonpath.New("ids"), knownvalue.MapSizeExact(n)),
				statecheck.ExpectKnownValue(resultsAddr("many"), tfjsonpath.New("rows").AtSliceIndex(n-1), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"line": knownvalue.Null(), "id": knownvalue.StringExact(ids[last]), "key": knownvalue.StringExact(last), "reason": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue(resultsAddr("many"), tfjsonpath.New("row_json").AtSliceIndex(n-1),
					knownvalue.StringRegexp(regexp.MustCompile(`^\{"name":"Acme `+last+`".*"Id":"`+ids[last]+`"\}$`))),
			},
			Check: func(s *terraform.State) error {
				state := s.RootModule().Resources[resultsAddr("many")].Primary.Attributes
				for number, id := range ids {
					if state["ids."+number] != id {
						return fmt.Errorf("ids[%s] = %q, the emulator stored %q", number, state["ids."+number], id)
					}
				}
				return nil
			},
		}},
	})
}

// No attribute inside rows is sensitive: Terraform marks a sensitive
// attribute of a list's elements path by path, at a cost that grows with
// the square of the rows. What is sensitive is a whole top-level list.
func TestBulkJobResultsSchemaKeepsSensitiveValuesOutOfRows(t *testing.T) {
	var d bulkJobResultsDataSource
	resp := &datasource.SchemaResponse{}
	d.Schema(context.Background(), datasource.SchemaRequest{}, resp)
	rows, ok := resp.Schema.Attributes["rows"].(schema.ListNestedAttribute)
	if !ok {
		t.Fatalf("rows is a %T, want a list of nested objects", resp.Schema.Attributes["rows"])
	}
	for name, a := range rows.NestedObject.Attributes {
		if a.IsSensitive() {
			t.Errorf("rows[*].%s is sensitive", name)
		}
	}
	for _, name := range []string{"row_json", "reasons"} {
		if !resp.Schema.Attributes[name].IsSensitive() {
			t.Errorf("%s is not sensitive", name)
		}
	}
}

func TestAccBulkJobResults_notCompleted(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	job := makeJob(t, emulatorClient(t, url), accountJob("Import", "created only"), "", jobCreated)
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
	row := client.ResultRow{Reason: "Payment method 4111111111111111 declined", JSON: `{"card":"4111111111111111"}`}
	for _, sensitive := range []bool{false, true} {
		c := newResultsCollector(resultsWanted{limit: 10, includeRowJSON: true, sensitiveReasons: sensitive})
		if err := c.add(row); err != nil {
			t.Fatal(err)
		}
		var fields map[string]tftypes.Value
		var reason, rowJSON string
		if err := c.rows[0].As(&fields); err != nil {
			t.Fatal(err)
		}
		reasonValue := fields["reason"]
		if sensitive {
			if !reasonValue.IsNull() || len(c.reasons) != 1 {
				t.Fatalf("sensitive_reasons: rows[0].reason = %v, reasons = %v; want null and one reason", reasonValue, c.reasons)
			}
			reasonValue = c.reasons[0]
		}
		if err := reasonValue.As(&reason); err != nil || reason != "Payment method ************1111 declined" {
			t.Errorf("sensitive=%v: reason = %q (%v)", sensitive, reason, err)
		}
		if err := c.rowJSON[0].As(&rowJSON); err != nil || rowJSON != row.JSON {
			t.Errorf("row_json = %q, want the row unmasked", rowJSON)
		}
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
		c := newResultsCollector(resultsWanted{keyField: tc.keyField, withIDs: true, limit: 10})
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

// BenchmarkBulkJobResultsRead reads the success rows of a loaded job
// through the provider server's ReadDataSource, as Terraform calls it
// (msgpack in, msgpack out), with the emulator serving the result file in
// the same process, and reports the time per row, in wall time and in CPU
// time (which a shared machine's load does not inflate): the goal is the
// same figure at every size.
func BenchmarkBulkJobResultsRead(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%dk", n/1000), func(b *testing.B) {
			srv, job := resultsBenchServer(b, n)
			var cpu time.Duration
			for b.Loop() {
				cpuBegin := cputime.Process()
				readResults(b, srv, job, n)
				cpu += cputime.Process() - cpuBegin
			}
			rows := float64(b.N) * float64(n)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/rows, "ns/row")
			if cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/rows, "cpu-ns/row")
			}
		})
	}
}

// loadedAccounts starts an emulator that processes a job in one step and
// loads n Account rows numbered B-0000000 on into it.
func loadedAccounts(tb testing.TB, n int) (emu *emulator.Server, url, job string) {
	tb.Helper()
	emu = emulator.New(emulator.Options{StepDelay: time.Millisecond, RowsPerStep: 50_000, Dir: tb.TempDir()})
	hs := httptest.NewServer(emu)
	tb.Cleanup(func() { hs.Close(); _ = emu.Close() })
	numbers := make([]string, n)
	for i := range numbers {
		numbers[i] = accountNumber(i)
	}
	cfg := client.Config{BaseURL: hs.URL, ClientID: emulator.DefaultClientID, ClientSecret: emulator.DefaultClientSecret}
	fastTimings(&cfg)
	c, err := client.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return emu, hs.URL, loadJob(tb, c, "many results", numberedAccounts(numbers...))
}

func accountNumber(i int) string { return fmt.Sprintf("B-%07d", i) }

// resultsBenchServer loads n Account rows and returns a configured
// provider server and the job.
func resultsBenchServer(b *testing.B, n int) (tfprotov6.ProviderServer, string) {
	b.Helper()
	_, url, job := loadedAccounts(b, n)
	return benchProviderServer(b, url), job
}

// readResults reads all n success rows of job, keyed by account number,
// and checks that the state holds them.
func readResults(b *testing.B, srv tfprotov6.ProviderServer, job string, n int) {
	ctx := context.Background()
	var s bulkJobResultsDataSource
	sr := &datasource.SchemaResponse{}
	s.Schema(ctx, datasource.SchemaRequest{}, sr)
	dtype, ok := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		b.Fatal("the data source schema is not an object")
	}
	conf, err := tfprotov6.NewDynamicValue(dtype, objectWith(dtype, map[string]tftypes.Value{
		"job_id":    tftypes.NewValue(tftypes.String, job),
		"kind":      tftypes.NewValue(tftypes.String, "successes"),
		"key_field": tftypes.NewValue(tftypes.String, "accountNumber"),
		"limit":     tftypes.NewValue(tftypes.Number, n),
	}))
	if err != nil {
		b.Fatal(err)
	}
	resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "zuora_bulk_job_results", Config: &conf})
	if err != nil || diagsHaveError(resp.Diagnostics) {
		b.Fatalf("read: %v %v", err, resp.Diagnostics)
	}
	b.StopTimer() // checking the answer is no part of the read
	defer b.StartTimer()
	state, err := resp.State.Unmarshal(dtype)
	if err != nil {
		b.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var rows []tftypes.Value
	if err := state.As(&attrs); err != nil || attrs["rows"].As(&rows) != nil || len(rows) != n {
		b.Fatalf("state holds %d rows, want %d (%v)", len(rows), n, err)
	}
}

// objectWith is a value of typ with the given attributes and null others.
func objectWith(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(t, nil)
		}
	}
	return tftypes.NewValue(typ, vals)
}

func diagsHaveError(ds []*tfprotov6.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
