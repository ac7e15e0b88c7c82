package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// finishedJobModel loads content outside Terraform and returns the model
// Create would hold right after the wait.
func finishedJobModel(t *testing.T, content string) (*bulkJobResource, bulkJobResourceModel) {
	t.Helper()
	_, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	id := loadJob(t, c, "accounts", content)
	s, err := c.JobSummary(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	m := bulkJobResourceModel{ID: types.StringValue(id), MaxFailedRows: types.Int64Null()}
	m.setSummary(s)
	return &bulkJobResource{pd: &providerData{client: c}}, m
}

func TestSettle_failedRows(t *testing.T) {
	t.Parallel()
	r, finished := finishedJobModel(t, rowsFailingInZuora(2))

	for name, tc := range map[string]struct {
		limit    types.Int64
		severity diag.Severity // 0: no diagnostic
	}{
		"no limit warns":       {types.Int64Null(), diag.SeverityWarning},
		"within the limit":     {types.Int64Value(2), 0},
		"over the limit fails": {types.Int64Value(1), diag.SeverityError},
	} {
		t.Run(name, func(t *testing.T) {
			m := finished
			m.MaxFailedRows = tc.limit
			var diags diag.Diagnostics
			r.settle(t.Context(), &m, &diags)

			if m.ErrorRowsFileURL.IsNull() || m.SuccessRowsFileURL.IsNull() || m.SourceFileURL.IsNull() {
				t.Errorf("result links not recorded: %+v", m.bulkJobProgress)
			}
			if tc.severity == 0 {
				if len(diags) != 0 {
					t.Fatalf("diagnostics = %v, want none", diags)
				}
				return
			}
			d := onlyDiagnostic(t, diags, tc.severity)
			for _, want := range []string{"2 rows failed", `line 2: accountNumber: "DUP-1" is already used`, "line 3: accountNumber"} {
				if tc.severity == diag.SeverityWarning && want == "2 rows failed" {
					want = "2 failed"
				}
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail lacks %q:\n%s", want, d.Detail())
				}
			}
			if strings.Contains(d.Detail(), "X-Amz") {
				t.Errorf("detail leaks a presigned link:\n%s", d.Detail())
			}
		})
	}
}

// An interrupted wait (Ctrl-C cancels the context) is a warning and keeps
// the job's current status, so the job is saved untainted.
func TestWaitAndSettle_interruptedIsAWarning(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	emu.SetPaused(true)
	c := emulatorClient(t, url)
	job := createJob(t, c, accountJob("Import", "interrupted"))
	if err := sendRows(c, job, accountRows("interrupted", 1), true); err != nil {
		t.Fatal(err)
	}

	r := &bulkJobResource{pd: &providerData{client: c}}
	m := bulkJobResourceModel{ID: types.StringValue(job.ID)}
	m.bulkJobProgress.markAwaited()
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	var diags diag.Diagnostics
	r.waitAndSettle(ctx, time.Hour, &m, &diags)

	d := onlyDiagnostic(t, diags, diag.SeverityWarning)
	if !strings.Contains(d.Detail(), "resumes waiting") {
		t.Errorf("warning does not say the next apply resumes: %s", d.Detail())
	}
	if got := m.Status.ValueString(); got != client.StatusSubmitted {
		t.Errorf("status = %q, want Submitted", got)
	}
	if m.RowCount.IsUnknown() || m.ErrorRowsFileURL.IsUnknown() || m.LastUpdatedAt.IsUnknown() {
		t.Errorf("unknown values left in what becomes state: %+v", m.bulkJobProgress)
	}
}

// jsonlExcerpt is the excerpt of a JSON-lines error rows file's head.
func jsonlExcerpt(t *testing.T, head []byte, truncated bool) []string {
	return excerptLines(t.Context(), head, truncated, client.ResultFormat{FileType: client.FileTypeJSONL}, false)
}

func TestExcerptLines(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 500)
	head := []byte("\n" + `{"a":1}` + "\n  \n" + long + "\nthree\nfour\nfive\nsix\n")
	got := jsonlExcerpt(t, head, false)
	if len(got) != 5 || got[0] != `{"a":1}` || got[2] != "three" || got[4] != "five" {
		t.Fatalf("excerpt = %q", got)
	}
	if n := utf8.RuneCountInString(got[1]); n != 200 || !strings.HasSuffix(got[1], "…") {
		t.Errorf("long line cut to %d runes: %q", n, got[1])
	}
	if got := jsonlExcerpt(t, []byte("one\ntw"), true); len(got) != 2 || got[1] != "tw …" {
		t.Errorf("a line cut by the fetch limit is marked: %q", got)
	}
}

func TestExcerptLinesLeadWithTheReason(t *testing.T) {
	t.Parallel()
	head := []byte(`{"name":"` + strings.Repeat("x", 300) + `","_line":7,"_error":"currency: is required"}` + "\n" +
		`{"name":"no reason here"}` + "\n" + `{"name":"a","error":"bad"}` + "\n")
	got := jsonlExcerpt(t, head, false)
	want := []string{"line 7: currency: is required", `{"name":"no reason here"}`, "bad"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("excerpt = %q, want %q", got, want)
	}
}

// A CSV error rows file is read as CSV: its header names the columns and
// is not a row, the reason is the Error column, and a card number in the
// reason or in a row without a reason is masked.
func TestErrorRowsExcerptMasksCardNumbers(t *testing.T) {
	t.Parallel()
	head := []byte("name,card,Error\nDup 1,4111111111111111,card 4111111111111111 declined\nDup 2,4111111111111111,\n")
	got := excerptLines(t.Context(), head, false, client.ResultFormat{FileType: client.FileTypeCSV}, false)
	want := []string{"card ************1111 declined", `{"name":"Dup 2","card":"************1111","Error":""}`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("excerpt = %q, want %q", got, want)
	}
}

// rowsFailingInZuora pass the plan-time checks but Zuora refuses them: an
// account number already taken by the first row.
func rowsFailingInZuora(n int) string {
	var b strings.Builder
	for i := 0; i <= n; i++ {
		fmt.Fprintf(&b, `{"name":"Dup %d","accountNumber":"DUP-1","billCycleDay":1,"currency":"USD",`+
			`"billToContact":{"firstName":"Ada","lastName":"Lovelace","country":"Ireland"},`+
			`"soldToContact":{"firstName":"Ada","lastName":"Lovelace","country":"Ireland"}}`+"\n", i)
	}
	return b.String()
}

func TestAccBulkJob_failedRowsWarnByDefault(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", rowsFailingInZuora(2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectState("status", knownvalue.StringExact(client.StatusCompleted)),
				expectState("row_count", knownvalue.Int64Exact(3)),
				expectState("rows_succeeded", knownvalue.Int64Exact(1)),
				expectState("rows_failed", knownvalue.Int64Exact(2)),
				expectState("error_rows_file_url", knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				if n := len(emu.Records("Account")); n != 1 {
					return fmt.Errorf("the emulator stored %d accounts, want 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccBulkJob_tooManyFailedRowsFailTheApply(t *testing.T) {
	_, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", rowsFailingInZuora(2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      jobConfig(url, source, "  max_failed_rows = 1"),
			ExpectError: regexp.MustCompile(`(?s)Too many rows failed.*2 rows failed, more than\s+max_failed_rows \(1\).*Error rows.*line 2: accountNumber: "DUP-1" is already used`),
		}},
	})
}

func TestAccBulkJob_failedJobReportsTheReason(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	// Zuora fails a whole job whose file starts with a byte order mark.
	// With validation off, plan lets it through.
	source := writeJobFile(t, "accounts.jsonl", "\uFEFF"+accountRows("bom", 2))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      jobConfig(url, source, `  validation = "off"`),
			ExpectError: regexp.MustCompile(`(?s)Bulk job Failed.*byte order mark`),
		}},
	})
	if c := emu.Counts(); c.Submissions != 1 {
		t.Errorf("submissions = %d, want 1", c.Submissions)
	}
}

// A summary slower than the timeout, for a job that finished meanwhile:
// the job is settled as finished, without a warning that it keeps running.
func TestWaitAndSettle_slowSummaryOfAFinishedJobSettlesIt(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	c := emulatorClient(t, url)
	id := loadJob(t, c, "slow summary", accountRows("slow", 2))
	emu.InjectFault(emulator.Fault{Method: "GET", PathSuffix: "/summary", Latency: time.Second})

	r := &bulkJobResource{pd: &providerData{client: c}}
	m := bulkJobResourceModel{ID: types.StringValue(id)}
	m.bulkJobProgress.markAwaited()
	var diags diag.Diagnostics
	r.waitAndSettle(t.Context(), 200*time.Millisecond, &m, &diags)

	for _, d := range diags {
		t.Errorf("%s: %s: %s", d.Severity(), d.Summary(), d.Detail())
	}
	if got := m.Status.ValueString(); got != client.StatusCompleted || m.RowsSucceeded.ValueInt64() != 2 {
		t.Errorf("status %q with %d rows succeeded, want Completed with 2", got, m.RowsSucceeded.ValueInt64())
	}
	if m.SuccessRowsFileURL.IsNull() || m.SuccessRowsFileURL.IsUnknown() {
		t.Errorf("success_rows_file_url = %v, want the finished job's link", m.SuccessRowsFileURL)
	}
}

// A failed row's text is masked after it is cut too: the cut can leave a
// card number out of a longer digit run that was not one.
func TestExcerptText_masksWhatTheCutLeaves(t *testing.T) {
	text := strings.Repeat("x", errorRowsExcerptLineMax-18) + " 4111111111111111" + "12345678"
	if got := excerptText(text); strings.Contains(got, "4111111111111111") {
		t.Errorf("a card number the cut left shows: %q", got[len(got)-30:])
	}
}
