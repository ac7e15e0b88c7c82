package provider

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// Issue 4: plan reads the file once, checks every row against the field
// metadata of its object and job type and the PCI guard, and sends nothing
// to Zuora but the metadata reads when a check fails.

const cardNumber = "4111 1111 1111 1111" // Luhn-valid test Visa number

// requireNoJobs asserts that failing plans left the emulator without a
// single job: nothing but metadata reads reached Zuora.
func requireNoJobs(t *testing.T, emu *emulator.Server) {
	t.Helper()
	if n := emu.Counts().JobsCreated; n != 0 {
		t.Errorf("the emulator created %d jobs, want none", n)
	}
}

func TestAccBulkJob_validationFailsThePlan(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", "\uFEFF"+accountRow(nil)+ // 1: byte order mark
		accountRow(map[string]any{"currency": nil})+ // 2: required field missing
		accountRow(map[string]any{"currency": `"XYZ"`})+ // 3: regex mismatch
		accountRow(map[string]any{"name": `"   "`})+ // 4: the look-ahead name regex
		accountRow(map[string]any{"billCycleDay": `true`})+ // 5: wrong type
		accountRow(map[string]any{"name": nil, "nane": `"Acme"`})+ // 6: typo of a field
		`{"name": "Acme", "currency": "USD"`+"\n"+ // 7: not JSON
		accountRow(map[string]any{"notes": "\"caf\xe9\""})) // 8: Latin-1, not UTF-8

	line := func(n int, rest string) string {
		return fmt.Sprintf(`accounts\.jsonl:%d:\s+%s`, n, rest)
	}
	expect := strings.Join([]string{
		`Source data failed validation`, `Nothing\s+was\s+sent\s+to\s+Zuora`,
		line(1, `file\s+starts\s+with\s+a\s+UTF-8\s+byte\s+order\s+mark`),
		line(2, `currency:\s+required\s+field\s+is\s+missing`),
		line(3, `currency:\s+value\s+"XYZ"\s+does\s+not\s+match`),
		line(4, `name:\s+value\s+"\s+"\s+does\s+not\s+match`),
		line(5, `billCycleDay:\s+expected\s+a\s+number`),
		line(6, `nane:\s+unknown\s+field.*did\s+you\s+mean\s+"name"`),
		line(7, `invalid\s+JSON`),
		line(8, `invalid\s+UTF-8`),
		`\s9\s+problems\s+in\s+total\.`,
	}, `(?s).*`)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      jobConfig(url, source, ""),
			ExpectError: regexp.MustCompile(expect),
		}},
	})
	requireNoJobs(t, emu)
}

func TestAccBulkJob_validationWarnLetsZuoraRejectTheRows(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRow(nil)+accountRow(map[string]any{"currency": `"XYZ"`}))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, `validation = "warn"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("row_count"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rows_succeeded"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rows_failed"), knownvalue.Int64Exact(1)),
			},
		}},
	})
	if got := len(emu.Records("Account")); got != 1 {
		t.Errorf("the emulator stored %d accounts, want the 1 valid row", got)
	}
}

func TestAccBulkJob_validationOffSkipsTheChecks(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRow(map[string]any{"currency": nil})+accountRow(map[string]any{"billCycleDay": `"first"`}))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, source, `validation = "off"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rows_failed"), knownvalue.Int64Exact(2)),
			},
		}},
	})
	if n := emu.Counts().Uploads; n != 1 {
		t.Errorf("the emulator received %d uploads, want 1", n)
	}
}

func TestAccBulkJob_pciCardNumberFailsThePlanWithoutShowingIt(t *testing.T) {
	t.Parallel()
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountRow(nil)+accountRow(map[string]any{"notes": `"paid by ` + cardNumber + `"`}))

	// ExpectError can only require text; ErrorCheck also sees the whole
	// message, so it can prove the number is absent.
	sawError := false
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		ErrorCheck: func(err error) error {
			sawError = true
			msg := err.Error()
			if !regexp.MustCompile(`(?s)PCI.*accounts\.jsonl:2:\s+notes:.*1111`).MatchString(msg) {
				return fmt.Errorf("want a PCI error naming accounts.jsonl:2: notes, got: %w", err)
			}
			// Not "4111" alone: the temporary directory's random digits
			// could hold it.
			for _, leak := range []string{cardNumber, strings.ReplaceAll(cardNumber, " ", ""), "4111 1111", "41111111"} {
				if strings.Contains(msg, leak) {
					return errors.New("the error shows the card number: " + msg)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{Config: jobConfig(url, source, "")}},
	})
	if !sawError {
		t.Error("plan succeeded with a card number in the file")
	}
	requireNoJobs(t, emu)
}

func TestAccBulkJob_pciWarnAndOffLoadTheFile(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"warn", "off"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			emu, url := startEmulator(t, emulator.Options{})
			source := writeJobFile(t, "accounts.jsonl", accountRow(map[string]any{"notes": `"paid by ` + cardNumber + `"`}))

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: jobConfig(url, source, fmt.Sprintf("pci_check = %q", mode)),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
						statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rows_succeeded"), knownvalue.Int64Exact(1)),
					},
				}},
			})
			if n := emu.Counts().JobsCreated; n != 1 {
				t.Errorf("the emulator created %d jobs, want 1", n)
			}
		})
	}
}

// A CSV file named .jsonl fails the plan once, naming file_type, even under
// validation = "warn", and nothing is created.
func TestAccBulkJob_csvInAJSONLinesFile(t *testing.T) {
	emu, url := startEmulator(t, emulator.Options{})
	source := writeJobFile(t, "accounts.jsonl", accountsCSV)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      jobConfig(url, source, `  validation  = "warn"`),
				ExpectError: regexp.MustCompile(`(?s)Source file does not match file_type.*looks like CSV.*Set\s+file_type\s+=\s+"csv"`),
			},
		},
	})
	requireNoJobs(t, emu)
}
