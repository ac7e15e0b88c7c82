//go:build unix

package provider

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// Issue 9: input that cannot work fails the plan, with a message naming
// what is wrong, before anything is sent to Zuora.

// specialFiles makes a FIFO, a symlink to /dev/zero, a directory and a
// socket: none is a file a plan can read to its end.
func specialFiles(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "rows.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	zero := filepath.Join(dir, "zero.jsonl")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	// A socket path must stay under ~100 bytes, shorter than t.TempDir().
	sockDir, err := os.MkdirTemp("", "zs") //nolint:usetesting // t.TempDir() is too long for a socket path
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(sockDir) })
	sock := filepath.Join(sockDir, "s.jsonl")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return map[string]string{"fifo": fifo, "devzero": zero, "dir": dir, "socket": sock}
}

func TestAccBulkJob_inputChecksFailThePlan(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	special := specialFiles(t)
	good := writeJobFile(t, "accounts.jsonl", accountRows("ok", 1))
	csvHeaderOnly := writeJobFile(t, "accounts.csv", "name,billCycleDay,currency\n")

	cases := []struct {
		name, body, want string
	}{
		{"fifo", withSource(special["fifo"], ""), `(?s)Cannot read source file.*named pipe\s+\(FIFO\),\s+not a\s+regular file`},
		{"symlink to /dev/zero", withSource(special["devzero"], ""), `(?s)character device,\s+not a\s+regular file`},
		{"directory", withSource(special["dir"], ""), `(?s)is a directory,\s+not a\s+regular file`},
		{"socket", withSource(special["socket"], ""), `(?s)is a socket,\s+not a\s+regular file`},
		{"empty file", withSource(writeJobFile(t, "empty.jsonl", ""), ""), `(?s)Nothing to load.*holds no rows: it is\s+empty or has only blank lines`},
		{"blank lines", withSource(writeJobFile(t, "blank.jsonl", "\n  \n\t\n"), ""), `(?s)Nothing to load.*holds no rows`},
		{"csv header only", withSource(csvHeaderOnly, ""), `(?s)Nothing to load.*holds no data rows`},
		{"over max_file_bytes", withSource(good, "  max_file_bytes = 10"), `(?s)Source file too large.*over\s+max_file_bytes \(10 bytes\)\. Nothing was read`},
		{"null header", withSource(csvHeaderOnly, `  has_headers = false
  headers = ["name", null]`), `(?s)Null List Value.*headers`},
		{"no column names", withSource(csvHeaderOnly, "  has_headers = false"), `(?s)CSV without column names.*Set headers`},
		{"blank name", fmt.Sprintf("  name = \"   \"\n  source = %q", good), `(?s)name must contain a character other than\s+whitespace`},
		{"name too long", fmt.Sprintf("  name = %q\n  source = %q", strings.Repeat("é", 256), good), `(?s)UTF-8 character count must be between 1 and 255`},
		{"blank source", `  name = "accounts"
  source = " "`, `(?s)source must contain a character other than\s+whitespace`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config: inputJobConfig(url, tc.body),
			// Terraform wraps long messages: any space may be a line break.
			ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`)),
		})
	}
	job := strings.TrimPrefix(inputJobConfig(url, withSource(good, "")), providerConfig(url))
	steps = append(steps,
		resource.TestStep{
			Config:      providerWith(url, "  max_retries = 1000\n") + job,
			ExpectError: regexp.MustCompile(`(?s)Invalid max_retries.*between 0 \(no retries\) and 20`),
		},
		resource.TestStep{
			Config:      providerConfig(url+"/v1") + job,
			ExpectError: regexp.MustCompile(`(?s)Invalid base_url.*/v1,\s+which\s+is\s+part\s+of\s+Zuora's\s+API`),
		})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	requireNoJobs(t, emu)
}

// Zuora counts characters, not bytes: 255 é (510 bytes) is a valid name.
// (é is no delimiter: create-job takes only the ones it names.)
func TestAccBulkJob_lengthsCountCharacters(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	csv := writeJobFile(t, "accounts.csv", "name~billCycleDay~currency\nAcmé~1~USD\n")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: inputJobConfig(url, fmt.Sprintf("  name = %q\n  source = %q\n  delimiter = \"~\"\n  validation = \"warn\"",
				strings.Repeat("é", 255), csv)),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	requireNoJobs(t, emu)
}

// A plan on a pipe or an endless device returns with an error instead of
// blocking on open or reading for ever; the go test timeout is the bound.
func TestCheckSource_specialFilesReturnAnError(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for name, file := range specialFiles(t) {
		in := accountCheck(pd, t, "")
		in.Attr, in.SourcePath = path.Root("source"), file
		_, diags := pd.checkSource(ctx, in)
		d := onlyDiagnostic(t, diags, diag.SeverityError)
		if !strings.Contains(d.Detail(), "not a regular file") {
			t.Errorf("%s: detail = %q", name, d.Detail())
		}
	}
}

func TestCheckSource_semicolonHeaderGetsAHint(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	in := accountCheck(pd, t, "name;billCycleDay;currency\nAcme;1;USD\n")
	in.FileType, in.HasHeaders, in.Validation = "csv", true, "warn"

	_, diags := pd.checkSource(context.Background(), in)

	var hint diag.Diagnostic
	for _, d := range diags {
		if d.Summary() == "CSV delimiter looks wrong" {
			hint = d
		}
	}
	if hint == nil || hint.Severity() != diag.SeverityWarning || !strings.Contains(hint.Detail(), `delimiter = ";"`) {
		t.Fatalf("want a warning suggesting delimiter = \";\", got %v", diags)
	}
	if got := diagPath(t, hint); !got.Equal(path.Root("delimiter")) {
		t.Errorf("hint is on %s, want delimiter", got)
	}

	in.Delimiter = ";"
	_, diags = pd.checkSource(context.Background(), in)
	for _, d := range diags {
		if d.Summary() == "CSV delimiter looks wrong" {
			t.Errorf("hint given with delimiter set: %v", d)
		}
	}
}

// A header name known only at apply postpones the checks to apply instead
// of failing the plan on the unknown element.
func TestAccBulkJob_headerKnownOnlyAtApply(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	csv := writeJobFile(t, "accounts.csv", "Acme,1,USD\n")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + fmt.Sprintf(`
resource "terraform_data" "column" {
  input = "name"
}

resource "zuora_bulk_job" "test" {
  name        = "accounts"
  object_type = "Account"
  source      = %q
  has_headers = false
  headers     = [terraform_data.column.output, "billCycleDay", "currency"]
}
`, csv),
			ConfigStateChecks: []statecheck.StateCheck{expectState("rows_succeeded", knownvalue.Int64Exact(1))},
		}},
	})
	if recs := emu.Records("Account"); len(recs) != 1 || recs[0]["name"] != "Acme" {
		t.Errorf("the emulator stored %v", recs)
	}
}

// A dataset's file swapped for a FIFO, a device or a directory between
// the read and the read again of the rows to send gives an error at
// once: the second open checks the file as the first did.
func TestReadDatasetSource_specialFileSwappedInBeforeRowsAreReadAgain(t *testing.T) {
	for kind, special := range specialFiles(t) {
		name := writeJobFile(t, "rows.jsonl", datasetAccounts(1, 3, nil))
		f, err := readDatasetSource(name, "rows.jsonl", "accountNumber", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(special, name); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- f.load([]int{0}) }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%s: error %v, want the source checks' refusal", kind, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: reading the rows again blocked", kind)
		}
	}
}
