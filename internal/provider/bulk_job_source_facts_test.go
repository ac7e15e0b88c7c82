package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/sourcecache"
)

// sourceOpens counts the opens of each file to load, across all tests of
// this process; each test looks only at its own files.
var (
	sourceOpensMu sync.Mutex
	sourceOpens   = map[string]int64{} // by absolute path
)

func init() {
	// The facts cache of these tests lives apart from the user's.
	dir, err := os.MkdirTemp("", "zuora-provider-test-facts-")
	if err == nil {
		sourceFactsCache = sourcecache.Cache{Dir: dir}
	}
	openFile = func(name string) (*os.File, error) {
		abs, _ := filepath.Abs(name)
		sourceOpensMu.Lock()
		sourceOpens[abs]++
		sourceOpensMu.Unlock()
		return os.Open(name)
	}
}

func opensOf(name string) int64 {
	abs, _ := filepath.Abs(name)
	sourceOpensMu.Lock()
	defer sourceOpensMu.Unlock()
	return sourceOpens[abs]
}

func fileCheck(t *testing.T, pd *providerData, name, content string) sourceCheck {
	t.Helper()
	in := accountCheck(pd, t, "")
	in.Attr, in.Content, in.SourcePath = path.Root("source"), "", writeJobFile(t, name, content)
	return in
}

// A plan of an existing job whose file has the hash in state reads the
// file once for the hash, checks no row and repeats no warning.
func TestPlanSource_unchangedFileIsOnlyHashed(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	content := accountRow(map[string]any{"currency": `"XYZ"`})
	in := fileCheck(t, pd, "unchanged.jsonl", content)
	in.Validation = "warn"

	facts, diags := pd.planSource(context.Background(), in, sha256Hex(content), int64(len(content)))

	if len(diags) != 0 || facts.SHA256 != sha256Hex(content) || facts.Size != int64(len(content)) {
		t.Errorf("facts %+v, diagnostics %v; want the hash only and no warning", facts, diags)
	}
	if n := opensOf(in.SourcePath); n != 1 {
		t.Errorf("the file was opened %d times; want once, to hash it", n)
	}
}

// A file checked by one plan is not read again by the next one (the apply
// walk, in another process) while it is unchanged: the facts and the
// warnings come from the cache. Once it changes it is read and checked.
func TestPlanSource_checkedFileIsNotReadAgainUntilItChanges(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	content := accountRow(map[string]any{"currency": `"XYZ"`})
	in := fileCheck(t, pd, "checked.jsonl", content)
	in.Validation = "warn"

	first, d1 := pd.planSource(context.Background(), in, "", -1)
	second, d2 := pd.planSource(context.Background(), in, "", -1)
	if first != second || first.SHA256 != sha256Hex(content) {
		t.Errorf("facts %+v then %+v", first, second)
	}
	if len(d1) != 2 || d1.WarningsCount() != 2 || !d1.Equal(d2) {
		t.Errorf("warnings %v then %v; want the same two warnings", d1, d2)
	}
	if line := "Account Import: 1 row checked, 1 problem (" + in.SourcePath + ")"; d1[1].Summary() != line {
		t.Errorf("the plan's line is %q, want %q", d1[1].Summary(), line)
	}
	if n := opensOf(in.SourcePath); n != 1 {
		t.Errorf("the file was opened %d times; want once", n)
	}

	// Other parameters are another check.
	in.Validation = "strict"
	if _, d := pd.planSource(context.Background(), in, "", -1); !d.HasError() {
		t.Errorf("strict mode reused the warn-mode outcome: %v", d)
	}
	in.Validation = "warn"

	changed := accountRow(nil) + accountRow(nil)
	time.Sleep(10 * time.Millisecond) // a distinct modification time even on coarse clocks
	rewriteJobFile(t, in.SourcePath, changed)
	third, d3 := pd.planSource(context.Background(), in, "", -1)
	if third.SHA256 != sha256Hex(changed) || len(d3) != 1 || !strings.HasPrefix(d3[0].Summary(), "Account Import: 2 rows checked, 0 problems") {
		t.Errorf("after the edit: facts %+v, diagnostics %v", third, d3)
	}
	if n := opensOf(in.SourcePath); n != 3 {
		t.Errorf("the file was opened %d times in all; want 3 (first check, strict check, check after the edit)", n)
	}
}

// Another provider build (or other field metadata) judges rows anew: an
// outcome cached by one checker is never replayed by another.
func TestPlanSource_anotherCheckerDoesNotReuseTheOutcome(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	content := accountRow(nil)
	in := fileCheck(t, pd, "rebuilt.jsonl", content)

	if _, d := pd.planSource(context.Background(), in, "", -1); d.HasError() {
		t.Fatal(d)
	}
	pd.build = "another build"
	if _, d := pd.planSource(context.Background(), in, "", -1); d.HasError() {
		t.Fatal(d)
	}
	if n := opensOf(in.SourcePath); n != 2 {
		t.Errorf("the file was opened %d times; want twice, once per provider build", n)
	}
}

// One apply of a new file reads it twice: the plan's check and the
// upload. The apply-time plan does not check it again.
func TestAccBulkJob_newFileIsReadTwicePerApply(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("read-twice", 3)
	source := writeJobFile(t, "accounts.jsonl", content)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, ""),
			Check: resource.ComposeAggregateTestCheckFunc(
				expectCounts(emu, emulator.Counts{JobsCreated: 1, Uploads: 1, Submissions: 1}),
				func(*terraform.State) error {
					if n := opensOf(source); n > 2 {
						return fmt.Errorf("one apply opened the file %d times; want at most 2 (check, upload)", n)
					}
					return nil
				},
			),
		}},
	})
}

// editSource is a plan check that rewrites the file between plan and
// apply, keeping its size and modification time.
type editSource struct {
	t       *testing.T
	path    string
	content string
}

func (e editSource) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, _ *plancheck.CheckPlanResponse) {
	info, err := os.Stat(e.path)
	if err != nil {
		e.t.Error(err)
		return
	}
	rewriteJobFile(e.t, e.path, e.content)
	if err := os.Chtimes(e.path, info.ModTime(), info.ModTime()); err != nil {
		e.t.Error(err)
	}
}

// A file edited between plan and apply is never loaded, even when the
// edit keeps its size and modification time.
func TestAccBulkJob_fileEditedAfterThePlanIsNotLoaded(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	content := accountRows("planned", 2)
	edited := accountRows("editedd", 2)
	source := writeJobFile(t, "accounts.jsonl", content)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           jobConfig(url, source, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{editSource{t, source, edited}}},
			ExpectError:      regexp.MustCompile(`(?s)changed between plan and apply|inconsistent final plan`),
		}},
	})
	if c := emu.Counts(); c.Submissions != 0 || len(emu.Records("Account")) != 0 {
		t.Errorf("the edited file was loaded: %+v, %d accounts", c, len(emu.Records("Account")))
	}
}

// An existing job's file whose size is not the one in state has changed:
// the plan reads it once, checking and hashing in one pass, rather than
// hashing it first.
func TestPlanSource_resizedFileIsReadOnce(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	loaded := accountRow(nil)
	edited := loaded + accountRow(nil)
	in := fileCheck(t, pd, "resized.jsonl", edited)

	facts, diags := pd.planSource(context.Background(), in, sha256Hex(loaded), int64(len(loaded)))

	if diags.HasError() || facts.SHA256 != sha256Hex(edited) || facts.Rows != 2 {
		t.Errorf("facts %+v, diagnostics %v; want the edited file's hash and its 2 rows", facts, diags)
	}
	if n := opensOf(in.SourcePath); n != 1 {
		t.Errorf("the file was opened %d times; want once, to check and hash it together", n)
	}
}
