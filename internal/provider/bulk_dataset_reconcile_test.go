package provider

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// An apply killed after its Import loaded three rows, then a file with
// one of them removed: the plan records the two rows still in the file as
// loaded (nothing to import) and warns of the third record, by key and
// id, which the dataset does not take and on_remove never deletes, until
// a Delete of the dataset's takes it away.
func TestDatasetReconcile_warnsOfRecordsWhoseRowsLeftTheFile(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	interrupted, err := runnerProcess(t, url, 30).runGeneratedJob(ctx, generatedAccounts(datasetAccounts(1, 3, nil), 3))
	if err != nil {
		t.Fatal(err)
	}
	var leftID string
	for _, rec := range emu.Records("Account") {
		if rec["accountNumber"] == "A-003" {
			leftID, _ = rec["Id"].(string)
		}
	}
	if leftID == "" {
		t.Fatalf("the interrupted Import left no A-003 record: %v", emu.Records("Account"))
	}

	ds := resourceCalls{srv: benchProviderServer(t, url), name: "zuora_bulk_dataset", typ: resourceType(t, &bulkDatasetResource{})}
	config := objectWith(ds.typ, map[string]tftypes.Value{
		"object_type": tftypes.NewValue(tftypes.String, "Account"),
		"key_field":   tftypes.NewValue(tftypes.String, "accountNumber"),
		"on_remove":   tftypes.NewValue(tftypes.String, onRemoveDelete),
		"source":      tftypes.NewValue(tftypes.String, writeJobFile(t, "accounts.jsonl", datasetAccounts(1, 2, nil))),
	})
	resp := ds.planEncoded(t, ds.request(t, tftypes.NewValue(ds.typ, nil), config, config, nil))
	planned := ds.value(t, resp.PlannedState)
	for _, count := range []string{"import_count", "delete_count"} {
		if n := attrOf(t, planned, count); n.Cmp(big.NewFloat(0)) != 0 {
			t.Errorf("%s = %v, want 0: the two rows in the file are loaded, and the third is not the dataset's", count, n)
		}
	}
	var warning *tfprotov6.Diagnostic
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning && strings.Contains(d.Summary, "loaded by an interrupted apply is not in the file") {
			warning = d
		}
	}
	if warning == nil {
		t.Fatalf("no warning of the record left behind; diagnostics: %v", resp.Diagnostics)
	}
	for _, want := range []string{"One Account record", `accountNumber "A-003": record ` + leftID + " (job " + interrupted.ID + ")", "zuora_bulk_job"} {
		if !strings.Contains(warning.Summary+warning.Detail, want) {
			t.Errorf("the warning lacks %q:\n%s\n%s", want, warning.Summary, warning.Detail)
		}
	}
	if strings.Contains(warning.Detail, "A-001") || strings.Contains(warning.Detail, "A-002") {
		t.Errorf("the warning names rows still in the file:\n%s", warning.Detail)
	}

	// A later Delete of the dataset's label took the record away: no
	// warning says it stays.
	del := generatedJob{ObjectType: "Account", JobType: "Delete", Label: datasetJobLabel("Account", "accountNumber", "delete"),
		Description: "test", File: []byte(`{"Id":"` + leftID + `"}` + "\n"), Rows: 1, Accounted: func(string) bool { return false }}
	if _, err := runnerProcess(t, url, 30).runGeneratedJob(ctx, del); err != nil {
		t.Fatal(err)
	}
	resp = ds.planEncoded(t, ds.request(t, tftypes.NewValue(ds.typ, nil), config, config, nil))
	for _, d := range resp.Diagnostics {
		if strings.Contains(d.Summary, "loaded by an interrupted apply") {
			t.Errorf("after the record's Delete: %s\n%s", d.Summary, d.Detail)
		}
	}
}
