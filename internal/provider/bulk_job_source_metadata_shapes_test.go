package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// Issue 9: field metadata beyond the guide's three keys, and optional
// nested objects.

// liberalMetadata serves the emulator with its Account Import metadata
// dressed as a real tenant might send it: undocumented keys, "pattern"
// instead of "regex", a JSON-schema array and a field in a shape nobody
// can read.
func liberalMetadata(t *testing.T, emu *emulator.Server) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/accounts-and-contacts/fields") || r.URL.Query().Get("action") != "Import" {
			emu.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		r.Header.Del("Accept-Encoding") // the edit below needs the plain document
		emu.ServeHTTP(rec, r)
		var doc map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Errorf("emulator metadata: %v", err)
		}
		name, _ := doc["name"].(map[string]any)
		currency, _ := doc["currency"].(map[string]any)
		if name == nil || currency == nil {
			t.Errorf("emulator metadata has no name or currency leaf: %s", rec.Body)
			return
		}
		name["format"], name["description"], name["maxLength"] = "text", "The account's name", 255
		currency["pattern"] = currency["regex"]
		delete(currency, "regex")
		out, _ := json.Marshal(doc)
		out = append(out[:len(out)-1], []byte(`,"tags":{"type":"array","items":{"type":"string","maxLength":20}},`+
			`"weird":[{"type":"string"},{"type":"number"}]}`)...)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestAccBulkJob_liberalMetadataStillChecksAndLoads(t *testing.T) {
	t.Parallel()
	emu, _ := startEmulator(t, emulator.Options{})
	url := liberalMetadata(t, emu)
	good := writeJobFile(t, "accounts.jsonl", accountRows("ok", 2))
	bad := writeJobFile(t, "bad.jsonl", accountRow(map[string]any{"currency": `"XYZ"`}))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// pattern is read as the regex: the bad currency fails.
				Config:      jobConfig(url, bad, ""),
				ExpectError: regexp.MustCompile(`(?s)bad\.jsonl:1:\s+currency:\s+value\s+"XYZ"\s+does\s+not\s+match`),
			},
			{
				Config:            jobConfig(url, good, ""),
				ConfigStateChecks: []statecheck.StateCheck{expectState("rows_succeeded", knownvalue.Int64Exact(2))},
			},
		},
	})
	if got := len(emu.Records("Account")); got != 2 {
		t.Errorf("the emulator stored %d accounts, want 2", got)
	}
}

// Neither contact is required on an Account: rows without them pass a
// strict plan and load; a contact that is given must be complete.
func TestAccBulkJob_optionalNestedObjects(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	noContacts := writeJobFile(t, "accounts.jsonl", accountRow(map[string]any{"billToContact": nil, "soldToContact": nil})+
		accountRow(map[string]any{"name": `"Billed only"`, "soldToContact": nil}))
	halfContact := writeJobFile(t, "half.jsonl", accountRow(map[string]any{"soldToContact": `{"firstName":"Ada"}`}))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      jobConfig(url, halfContact, ""),
				ExpectError: regexp.MustCompile(`(?s)half\.jsonl:1:\s+soldToContact\.lastName:\s+required\s+field\s+is\s+missing`),
			},
			{
				Config:            jobConfig(url, noContacts, ""),
				ConfigStateChecks: []statecheck.StateCheck{expectState("rows_succeeded", knownvalue.Int64Exact(2))},
			},
		},
	})
	records := emu.Records("Account")
	if len(records) != 2 {
		t.Fatalf("the emulator stored %d accounts, want 2", len(records))
	}
	for _, r := range records {
		if _, ok := r["soldToContact"]; ok {
			t.Errorf("stored a soldToContact nobody sent: %v", r)
		}
	}
}

// The field in a shape nobody can read costs one warning naming it; the
// rest of the row is still checked.
func TestCheckSource_unreadableMetadataIsOneWarning(t *testing.T) {
	t.Parallel()
	emu, _ := startEmulator(t, emulator.Options{})
	pd := &providerData{client: emulatorClient(t, liberalMetadata(t, emu))}

	_, diags := pd.checkSource(context.Background(), accountCheck(pd, t, accountRow(nil)))

	d := onlyDiagnostic(t, diags, diag.SeverityWarning)
	if d.Summary() != "Some field metadata could not be read" || !strings.Contains(d.Detail(), "weird: an array field must describe exactly one element") {
		t.Errorf("warning %q: %s", d.Summary(), d.Detail())
	}
}
