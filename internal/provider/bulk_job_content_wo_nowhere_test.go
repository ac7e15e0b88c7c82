package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/acctest"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// woSecret starts every value planted in content_wo below: no output, log
// line or state may hold it.
const woSecret = "WOSECRET"

// Issue 20 item 2, as a user meets it: content_wo from an ephemeral
// variable, rows invalid at plan and rows Zuora refuses at apply, the
// failed-row warning, zuora_bulk_job_results on the job (with a key_field
// no row has: issue 20 item 13), TF_LOG=TRACE, and a second configuration
// whose duplicate guard downloads Zuora's copy of the file and adopts the
// job.
// The Terraform CLI runs the built provider directly (dev_overrides), so
// the test sees what a user sees: the CLI's output, its TRACE log (the
// provider's included) and the state file. None holds a planted value,
// while the emulator shows the values did reach Zuora and that Zuora's
// reason quoted one.
func TestAccBulkJob_contentWriteOnlyValuesNowhere(t *testing.T) {
	acctest.SkipUnlessCLI(t, acctest.WriteOnlyAttributes)
	emu, url := startEmulator(t, emulator.Options{})
	// The job, from an ephemeral variable; extra goes into its block.
	job := func(extra string) string {
		return cliProvider(url, "") + `
variable "rows" {
  type      = string
  ephemeral = true
}

resource "zuora_bulk_job" "test" {
  name        = "accounts"
  object_type = "Account"
  content_wo  = var.rows
` + extra + `}
`
	}
	w := newCLIWorkdir(t, job("")+`
data "zuora_bulk_job_results" "errors" {
  job_id = zuora_bulk_job.test.id
  kind   = "errors"
}

# A misspelt key_field: a warning naming the field, quoting no value.
data "zuora_bulk_job_results" "successes" {
  job_id    = zuora_bulk_job.test.id
  kind      = "successes"
  key_field = "acountNumber"
}

output "reasons" {
  value = [for r in data.zuora_bulk_job_results.errors.rows : r.reason]
}
`).traced()

	// Plan: a string for a number, a value outside a pattern, one outside
	// an enum, and a card number. Each is named by line and field only.
	badRows := accountRow(map[string]any{"billCycleDay": `"WOSECRET-SSN 078-05-1120"`}) +
		`{"name":"Acme","billCycleDay":1,"currency":"USD","batch":"WOSECRET-Batch99-hunter2"}` + "\n" +
		accountRow(map[string]any{"currency": `"WOSECRET-CUR"`}) +
		accountRow(map[string]any{"notes": `"WOSECRET card 4111111111111111"`})
	w.setVar("rows", badRows)
	out, err := w.try("plan", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("plan of invalid rows succeeded:\n%s", out)
	}
	for _, want := range []string{`content_wo:1: billCycleDay`, `content_wo:2: batch`, `content_wo:3: currency`, `content_wo:4: notes`} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output does not name %q:\n%s", want, out)
		}
	}

	// Apply: valid rows; Zuora refuses the second for its account number,
	// and its reason quotes it.
	contact := `{"firstName":"Ada","lastName":"Lovelace","country":"Ireland"}`
	goodRows := `{"name":"WOSECRET-NAME-1","accountNumber":"WOSECRET-ACCT-1","billCycleDay":1,"currency":"USD","notes":"WOSECRET-NOTE-1",` +
		`"billToContact":{"firstName":"Ada","lastName":"Lovelace","country":"Ireland","workEmail":"wosecret-1@example.com"},"soldToContact":` + contact + "}\n" +
		`{"name":"WOSECRET-NAME-2","accountNumber":"WOSECRET-ACCT-1","billCycleDay":1,"currency":"USD","notes":"WOSECRET-NOTE-2",` +
		`"billToContact":` + contact + `,"soldToContact":` + contact + "}\n"
	w.setVar("rows", goodRows)
	out, err = w.try("apply", "-input=false", "-no-color", "-auto-approve")
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`Some rows failed`),
		regexp.MustCompile(`line 2: accountNumber: "\*\*\*" is already used by Account`),
		regexp.MustCompile(`(?s)key_field is in no row.*"acountNumber".*Did you mean accountNumber\?`),
	} {
		if !want.MatchString(out) {
			t.Errorf("apply output does not match %s:\n%s", want, out)
		}
	}
	zuoraHasTheValues(t, emu, url, sha256Hex(goodRows))

	// Plan again: the job is read, then the data source, in one run.
	if out, err = w.try("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("plan after apply: %v\n%s", err, out)
	}
	// Without the refresh the run does not know the job: its name still masks it.
	if out, err = w.try("plan", "-input=false", "-no-color", "-refresh=false"); err != nil {
		t.Errorf("plan -refresh=false: %v\n%s", err, out)
	}
	out, err = w.try("output", "-json", "reasons")
	if err != nil || !regexp.MustCompile(`^\["accountNumber: \\"\*\*\*\\" is already used by Account [0-9a-f]+"\]\s*$`).MatchString(out) {
		t.Errorf("output reasons = %s (%v), want the masked reason", out, err)
	}

	w.expectNowhere(woSecret)

	// A second configuration with the same rows and no state: the
	// duplicate guard finds the job, downloads Zuora's copy of the file to
	// hash it, and adopts it, with the same warning.
	again := newCLIWorkdir(t, w.config).traced()
	again.setVar("rows", goodRows)
	out, err = again.try("apply", "-input=false", "-no-color", "-auto-approve")
	if err != nil {
		t.Fatalf("second apply: %v\n%s", err, out)
	}
	for _, want := range []string{"Adopted an earlier load", `line 2: accountNumber: "***" is already used`} {
		if !strings.Contains(out, want) {
			t.Errorf("second apply output has no %q:\n%s", want, out)
		}
	}
	if !strings.Contains(again.trace(), "hashed a candidate's file") {
		t.Error("the second apply did not hash Zuora's copy of the file: the test does not cover that download")
	}
	if n := len(emu.Jobs()); n != 1 {
		t.Errorf("%d jobs in the emulator after the second apply, want the first adopted", n)
	}
	again.expectNowhere(woSecret)

	// A wait resumed by the next apply (Update): the first apply's wait
	// timed out; the second's failed-row excerpt is masked as Create's is.
	resumed := newCLIWorkdir(t, job("  timeouts {\n    create = \"3s\"\n  }\n")).traced()
	resumed.setVar("rows", strings.ReplaceAll(goodRows, "-1", "-3"))
	emu.SetPaused(true)
	if out, err = resumed.try("apply", "-input=false", "-no-color", "-auto-approve"); err != nil {
		t.Fatalf("apply that times out waiting: %v\n%s", err, out)
	}
	emu.SetPaused(false)
	out, err = resumed.try("apply", "-input=false", "-no-color", "-auto-approve")
	if err != nil || !strings.Contains(out, `line 2: accountNumber: "***" is already used`) {
		t.Errorf("resumed apply: %v, want the masked failed row:\n%s", err, out)
	}
	resumed.expectNowhere(woSecret)
}

// zuoraHasTheValues proves the test could fail: the emulator received
// the rows, stored the first account and refused the second with a reason
// that quotes the planted account number.
func zuoraHasTheValues(t *testing.T, emu *emulator.Server, url, sha string) {
	t.Helper()
	jobs := emu.Jobs()
	if len(jobs) != 1 || jobs[0].Upload == nil || jobs[0].Upload.SHA256 != sha {
		t.Fatalf("the emulator has %d jobs (%+v); want one that received the rows", len(jobs), jobs)
	}
	stored := false
	for _, r := range emu.Records("Account") {
		stored = stored || r["accountNumber"] == "WOSECRET-ACCT-1"
	}
	if !stored {
		t.Error("the emulator stored no account WOSECRET-ACCT-1")
	}
	c := emulatorClient(t, url)
	dl, err := c.JobDownloads(t.Context(), jobs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	head, err := c.FetchHead(t.Context(), dl.ErrorRowsFile, 1<<16)
	if err != nil || !strings.Contains(string(head), `\"WOSECRET-ACCT-1\" is already used`) {
		t.Errorf("Zuora's error rows do not quote the value (%v): %s", err, head)
	}
}

// expectNowhere fails when marker is in any run's output, the TRACE log
// or the state file. The log must show provider requests and bodies, or
// the test would prove nothing.
func (w *cliWorkdir) expectNowhere(marker string) {
	w.t.Helper()
	trace := w.trace()
	for _, want := range []string{"Zuora response body", "Zuora API call", "zuora_bulk_job_results"} {
		if !strings.Contains(trace, want) {
			w.t.Errorf("the TRACE log has no %q: it does not show what the provider did", want)
		}
	}
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		w.t.Fatal(err)
	}
	places := map[string]string{"TRACE log": trace, "state file": string(state)}
	for i := 0; i+1 < len(w.outputs); i += 2 {
		places["output of "+w.outputs[i]] = w.outputs[i+1]
	}
	for place, text := range places {
		if n := strings.Count(strings.ToUpper(text), strings.ToUpper(marker)); n > 0 {
			i := strings.Index(strings.ToUpper(text), strings.ToUpper(marker))
			w.t.Errorf("the %s holds %q %d times, first: …%s…", place, marker, n, text[max(0, i-200):min(len(text), i+200)])
		}
	}
}
