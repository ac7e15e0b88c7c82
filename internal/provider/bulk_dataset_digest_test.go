package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// A saved plan updates row 2; before it is applied the file changes so
// that row 3 is edited instead. The counts are the same (1 to update, 4
// unchanged), but the rows are not: diff_sha256 differs, Terraform's plan
// at apply does not match the saved one, and nothing is sent.
func TestAccBulkDataset_savedPlanRefusesOtherRowsWithSameCounts(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 5, nil))
	w := newCLIWorkdir(t, cliProvider(url, "")+fmt.Sprintf(`
resource "zuora_bulk_dataset" "accounts" {
  object_type = "Account"
  source      = %q
  key_field   = "accountNumber"
}
`, source))
	w.run("apply", "-auto-approve", "-input=false", "-no-color")
	rewriteJobFile(t, source, datasetAccounts(1, 5, map[int]string{2: "Edited 2"}))
	if out := w.run("plan", "-out=tfplan", "-input=false", "-no-color"); !regexp.MustCompile(`1 to update`).MatchString(out) {
		t.Fatalf("the plan does not update one row:\n%s", out)
	}
	rewriteJobFile(t, source, datasetAccounts(1, 5, map[int]string{3: "Edited 3"}))
	out, err := w.try("apply", "-input=false", "-no-color", "tfplan")
	if err == nil || !regexp.MustCompile(`(?s)inconsistent final plan.*diff_sha256`).MatchString(out) {
		t.Fatalf("apply of the saved plan after another row changed: err %v\n%s", err, out)
	}
	if jobs := len(emu.Jobs()); jobs != 1 {
		t.Errorf("%d jobs in the emulator; want only the first apply's Import", jobs)
	}
	if err := expectDatasetRecords(emu, datasetAccounts(1, 5, nil))(nil); err != nil {
		t.Error(err)
	}
}

// The digest tells diffs with the same counts apart by their rows, and
// does not depend on the file's order.
func TestDatasetDiffDigest(t *testing.T) {
	digest := func(content string, s *datasetState) string {
		f, err := readDatasetRows([]byte(content), "content", "accountNumber", map[string]bool{"name": true})
		if err != nil {
			t.Fatal(err)
		}
		return diffDataset(f, s).digest(f, false)
	}
	loaded := func(content string) *datasetState {
		f, err := readDatasetRows([]byte(content), "content", "accountNumber", map[string]bool{"name": true})
		if err != nil {
			t.Fatal(err)
		}
		s := newDatasetState()
		for _, r := range f.Rows {
			s.Rows[r.Key] = loadedRow{ID: "id-" + r.Key, hashes: r.hashes}
		}
		return s
	}
	s := loaded(datasetAccounts(1, 3, nil))
	two := digest(datasetAccounts(1, 3, map[int]string{2: "Edited"}), s)
	three := digest(datasetAccounts(1, 3, map[int]string{3: "Edited"}), s)
	otherName := digest(datasetAccounts(1, 3, map[int]string{2: "Edited again"}), s)
	reordered := digest(datasetAccount(3, "Account 3")+datasetAccount(2, "Edited")+datasetAccount(1, "Account 1"), s)
	if two == three || two == otherName {
		t.Errorf("diffs of other rows or other content share a digest: %s %s %s", two, three, otherName)
	}
	if two != reordered {
		t.Errorf("the same diff in another file order has another digest")
	}
}
