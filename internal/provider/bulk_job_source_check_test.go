package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

func accountCheck(pd *providerData, t *testing.T, content string) sourceCheck {
	t.Helper()
	obj, diags := pd.resolveObject(context.Background(), path.Root("object_type"), "Account", "Import")
	if diags.HasError() {
		t.Fatalf("resolveObject: %v", diags)
	}
	return sourceCheck{
		Attr: path.Root("content"), Content: content, FileType: "jsonl",
		Object: obj, JobType: "Import", Validation: "strict", PCICheck: "error",
	}
}

func TestCheckSource_oneErrorListingEveryProblem(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	content := accountRow(nil) +
		accountRow(map[string]any{"currency": `"XYZ"`}) +
		accountRow(map[string]any{"billCycleDay": `"first"`}) +
		accountRow(map[string]any{"name": `"   "`})

	facts, diags := pd.checkSource(context.Background(), accountCheck(pd, t, content))

	d := onlyDiagnostic(t, diags, diag.SeverityError)
	if got := diagPath(t, d); !got.Equal(path.Root("content")) {
		t.Errorf("diagnostic is on %s, want content", got)
	}
	for _, want := range []string{
		`(?m)^content:2: currency: `,
		`(?m)^content:3: billCycleDay: `,
		`(?m)^content:4: name: `,
		`Nothing was sent to Zuora`,
		`\n3 problems in total\.$`,
	} {
		if !regexp.MustCompile(want).MatchString(d.Detail()) {
			t.Errorf("detail does not match %s:\n%s", want, d.Detail())
		}
	}
	sum := sha256.Sum256([]byte(content))
	if facts.SHA256 != hex.EncodeToString(sum[:]) || facts.Size != int64(len(content)) || facts.Rows != 4 {
		t.Errorf("facts = %+v, want the content's hash, %d bytes and 4 rows", facts, len(content))
	}
}

func TestCheckSource_listsTwentyAndCountsTheRest(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	content := strings.Repeat(accountRow(map[string]any{"currency": `"XYZ"`}), 25)

	_, diags := pd.checkSource(context.Background(), accountCheck(pd, t, content))

	d := onlyDiagnostic(t, diags, diag.SeverityError)
	lines := regexp.MustCompile(`(?m)^content:\d+: currency: `).FindAllString(d.Detail(), -1)
	if len(lines) != 20 {
		t.Errorf("detail lists %d problems, want 20:\n%s", len(lines), d.Detail())
	}
	if !strings.HasSuffix(d.Detail(), "… and 5 more; 25 problems in total.") {
		t.Errorf("detail does not end with the total:\n%s", d.Detail())
	}
}

func TestCheckSource_modes(t *testing.T) {
	t.Parallel()
	badRow := accountRow(map[string]any{"currency": `"XYZ"`})
	cardRow := accountRow(map[string]any{"notes": `"card 4111 1111 1111 1111"`})
	cases := []struct {
		name, validation, pci, content string
		want                           []diag.Severity
	}{
		{"strict", "strict", "error", badRow, []diag.Severity{diag.SeverityError}},
		{"warn", "warn", "error", badRow, []diag.Severity{diag.SeverityWarning}},
		{"validation off", "off", "error", badRow, nil},
		{"pci error", "strict", "error", cardRow, []diag.Severity{diag.SeverityError}},
		{"pci warn", "strict", "warn", cardRow, []diag.Severity{diag.SeverityWarning}},
		{"pci off", "strict", "off", cardRow, nil},
		{"one per class", "warn", "error", badRow + cardRow, []diag.Severity{diag.SeverityWarning, diag.SeverityError}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, pd := emulatorProviderData(t)
			in := accountCheck(pd, t, tc.content)
			in.Validation, in.PCICheck = tc.validation, tc.pci

			_, diags := pd.checkSource(context.Background(), in)

			var got []diag.Severity
			for _, d := range diags {
				got = append(got, d.Severity())
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("severities = %v, want %v: %v", got, tc.want, diags)
			}
		})
	}
}

func TestCheckSource_pciNeverEchoesTheNumber(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	content := accountRow(nil) + accountRow(map[string]any{"notes": `"paid with 4111 1111 1111 1111"`})

	_, diags := pd.checkSource(context.Background(), accountCheck(pd, t, content))

	d := onlyDiagnostic(t, diags, diag.SeverityError)
	if !regexp.MustCompile(`(?m)^content:2: notes: .*1111`).MatchString(d.Detail()) {
		t.Errorf("detail does not point at content:2 notes with the last four digits:\n%s", d.Detail())
	}
	for _, leaked := range []string{"4111", "1111 1111", "11111111"} {
		if strings.Contains(d.Summary()+d.Detail(), leaked) {
			t.Errorf("diagnostic shows %q:\n%s", leaked, d.Detail())
		}
	}
}

func TestCheckSource_offTouchesNothingRemote(t *testing.T) {
	t.Parallel()
	emu, pd := emulatorProviderData(t)
	in := sourceCheck{
		Attr: path.Root("content"), Content: accountRow(map[string]any{"currency": `"XYZ"`}), FileType: "jsonl",
		Object: client.Object{Name: "accounts-and-contacts", Type: "Account"}, JobType: "Import",
		Validation: "off", PCICheck: "off",
	}

	facts, diags := pd.checkSource(context.Background(), in)

	if len(diags) != 0 || facts.Rows != 1 {
		t.Errorf("got %v and %+v, want no diagnostics and 1 row", diags, facts)
	}
	if n := emu.Counts().Requests; n != 0 {
		t.Errorf("validation off sent %d requests, want none", n)
	}
}

func TestCheckSource_namesTheFile(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	file := filepath.Join(t.TempDir(), "accounts.jsonl")
	if err := os.WriteFile(file, []byte(accountRow(nil)+accountRow(map[string]any{"currency": nil})), 0o600); err != nil {
		t.Fatal(err)
	}
	in := accountCheck(pd, t, "")
	in.Attr, in.SourcePath = path.Root("source"), file

	_, diags := pd.checkSource(context.Background(), in)

	d := onlyDiagnostic(t, diags, diag.SeverityError)
	if !strings.Contains(d.Detail(), file+":2: currency: ") {
		t.Errorf("detail does not name %s:2: currency:\n%s", file, d.Detail())
	}
}

func TestCheckSource_missingFile(t *testing.T) {
	t.Parallel()
	emu, pd := emulatorProviderData(t)
	missing := filepath.Join(t.TempDir(), "nope.jsonl")
	in := sourceCheck{
		Attr: path.Root("source"), SourcePath: missing, FileType: "jsonl",
		Object: client.Object{Name: "accounts-and-contacts", Type: "Account"}, JobType: "Import",
		Validation: "strict", PCICheck: "error",
	}

	_, diags := pd.checkSource(context.Background(), in)

	d := onlyDiagnostic(t, diags, diag.SeverityError)
	if !strings.Contains(d.Detail(), missing) || !diagPath(t, d).Equal(path.Root("source")) {
		t.Errorf("want an error on source naming %s, got %s: %s", missing, d.Summary(), d.Detail())
	}
	if n := emu.Counts().Requests; n != 0 {
		t.Errorf("a missing file cost %d requests to Zuora, want none", n)
	}
}

func TestCheckSource_sizeLimitHoldsInEveryMode(t *testing.T) {
	t.Parallel()
	content := strings.Repeat(accountRow(nil), 3) // under 1,000 bytes: no digit grouping
	for _, mode := range []string{"strict", "warn", "off"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			_, pd := emulatorProviderData(t)
			in := accountCheck(pd, t, content)
			in.Validation, in.MaxFileBytes = mode, int64(len(content)-1)

			facts, diags := pd.checkSource(context.Background(), in)

			if !diags.HasError() || !strings.Contains(fmt.Sprint(diags), fmt.Sprint(len(content)-1)) {
				t.Errorf("want an error naming the limit, got %v", diags)
			}
			if facts.Size != int64(len(content)) || facts.Rows != 3 {
				t.Errorf("facts = %+v, want all %d bytes and 3 rows", facts, len(content))
			}
		})
	}
}

// Past the limit rowcheck stops checking and keeps the size problem beyond
// the first twenty, so strict mode shows it rather than hiding it.
func TestCheckSource_sizeLimitShownAfterTwentyProblems(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	row := accountRow(map[string]any{"currency": `"XYZ"`})
	in := accountCheck(pd, t, strings.Repeat(row, 30))
	in.MaxFileBytes = int64(len(row) * 25)

	_, diags := pd.checkSource(context.Background(), in)

	d := onlyDiagnostic(t, diags, diag.SeverityError)
	if !regexp.MustCompile(`(?m)^content:26: .*` + fmt.Sprint(in.MaxFileBytes)).MatchString(d.Detail()) {
		t.Errorf("detail does not show the size limit:\n%s", d.Detail())
	}
	if !strings.HasSuffix(d.Detail(), "… and 5 more; 26 problems in total.") {
		t.Errorf("detail does not end with the total:\n%s", d.Detail())
	}
}

func TestCheckSource_stopsWhenThePlanIsCancelled(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	in := accountCheck(pd, t, accountRow(nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, diags := pd.checkSource(ctx, in)

	if !diags.HasError() {
		t.Errorf("a cancelled plan still read the file: %v", diags)
	}
}

func TestTotalLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		shown, total int
		want         string
	}{
		{1, 1, "1 problem in total."},
		{3, 3, "3 problems in total."},
		{20, 1254, "… and 1,234 more; 1,254 problems in total."},
		{20, 1234567, "… and 1,234,547 more; 1,234,567 problems in total."},
	}
	for _, tc := range cases {
		if got := totalLine(tc.shown, tc.total); got != tc.want {
			t.Errorf("totalLine(%d, %d) = %q, want %q", tc.shown, tc.total, got, tc.want)
		}
	}
}

// diagPath is the attribute a diagnostic is attached to.
func diagPath(t *testing.T, d diag.Diagnostic) path.Path {
	t.Helper()
	withPath, ok := d.(diag.DiagnosticWithPath)
	if !ok {
		t.Fatalf("diagnostic %q is not attached to an attribute", d.Summary())
	}
	return withPath.Path()
}

func onlyDiagnostic(t *testing.T, diags diag.Diagnostics, want diag.Severity) diag.Diagnostic {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity() != want {
		t.Fatalf("want exactly one %s diagnostic, got %v", want, diags)
	}
	return diags[0]
}

// CSV rows under file_type = "jsonl" (and the reverse) give one error that
// names file_type, in every validation mode, and never suggest "warn".
func TestCheckSource_wrongFileType(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ fileType, content, want string }{
		{"jsonl", accountsCSV, `file_type = "csv"`},
		{"csv", accountRows("json", 2), `file_type = "jsonl"`},
	} {
		for _, mode := range []string{"strict", "warn", "off"} {
			t.Run(tc.fileType+"/"+mode, func(t *testing.T) {
				t.Parallel()
				_, pd := emulatorProviderData(t)
				in := accountCheck(pd, t, tc.content)
				in.FileType, in.HasHeaders, in.Validation = tc.fileType, true, mode

				_, diags := pd.checkSource(context.Background(), in)

				d := onlyDiagnostic(t, diags, diag.SeverityError)
				if d.Summary() != "Source file does not match file_type" || !strings.Contains(d.Detail(), tc.want) {
					t.Errorf("want the file-type error naming %s, got %s: %s", tc.want, d.Summary(), d.Detail())
				}
				if strings.Contains(d.Detail(), `validation = "warn"`) {
					t.Errorf("a file of the wrong type suggests validation = \"warn\":\n%s", d.Detail())
				}
			})
		}
	}
}

// Lines that do not parse are not worth loading anyway: the error does not
// offer validation = "warn". A wrong value alone does.
func TestCheckSource_warnOfferedOnlyForValues(t *testing.T) {
	t.Parallel()
	for content, offered := range map[string]bool{
		accountRow(map[string]any{"currency": `"XYZ"`}):                       true,
		accountRow(nil) + "{\"name\": \"Acme\",\n":                            false,
		accountRow(map[string]any{"currency": `"XYZ"`}) + "not json at all\n": false,
	} {
		_, pd := emulatorProviderData(t)
		_, diags := pd.checkSource(context.Background(), accountCheck(pd, t, content))
		d := onlyDiagnostic(t, diags, diag.SeverityError)
		if got := strings.Contains(d.Detail(), `validation = "warn"`); got != offered {
			t.Errorf("%q: validation = \"warn\" offered = %v, want %v:\n%s", content, got, offered, d.Detail())
		}
	}
}
