package rowcheck_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// README's reference file (TestWriteAccountsFile) passes a strict plan
// against the emulator's Account metadata: its rows carry billToContact but
// no soldToContact, which the metadata does not mark required.
func TestReferenceAccountsFilePassesStrictChecks(t *testing.T) {
	emu := emulator.New(emulator.Options{Dir: t.TempDir()})
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { srv.Close(); _ = emu.Close() })
	c, err := client.New(client.Config{BaseURL: srv.URL, ClientID: emulator.DefaultClientID, ClientSecret: emulator.DefaultClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	schema, err := c.ObjectFields(context.Background(), "accounts-and-contacts", "Import")
	if err != nil {
		t.Fatal(err)
	}
	v, err := rowcheck.NewValidator(schema)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := rowcheck.Scan(bytes.NewReader(rowcheck.AccountRows(rowcheck.DistinctRows)), rowcheck.Options{FileType: "jsonl", Validator: v, PCI: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != rowcheck.DistinctRows || rep.Total != 0 || rep.PCITotal != 0 {
		t.Errorf("%d rows, %d problems, %d PCI findings; first: %s", rep.Rows, rep.Total, rep.PCITotal, rowcheck.Format("accounts.jsonl", append(rep.Problems, rep.PCI...)))
	}
}
