package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

func TestResolveObject_acceptsEitherNameInAnyCase(t *testing.T) {
	t.Parallel()
	_, pd := emulatorProviderData(t)
	for _, given := range []string{"Account", "account", "ACCOUNTS-AND-CONTACTS", "accounts-and-contacts"} {
		obj, diags := pd.resolveObject(context.Background(), path.Root("object_type"), given, "import")
		if diags.HasError() {
			t.Errorf("%q: %v", given, diags)
			continue
		}
		if obj.Type != "Account" || obj.Name != "accounts-and-contacts" {
			t.Errorf("%q resolved to %+v", given, obj)
		}
	}
}

func TestResolveObject_errors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, objectType, jobType string
		attr                      path.Path
		detail                    []string
	}{
		{
			name: "typo", objectType: "Acount", jobType: "Import", attr: path.Root("object_type"),
			detail: []string{`"Acount"`, `Did you mean "Account"`, "zuora_bulk_objects"},
		},
		{
			name: "nothing close", objectType: "Spaceship", jobType: "Import", attr: path.Root("object_type"),
			detail: []string{`"Spaceship"`, "zuora_bulk_objects"},
		},
		{
			name: "unsupported job type", objectType: "AccountingPeriod", jobType: "Update", attr: path.Root("job_type"),
			detail: []string{"AccountingPeriod (accounting-period)", "Import, Delete", `not "Update"`},
		},
		{
			name: "job type typo", objectType: "Account", jobType: "Imprt", attr: path.Root("job_type"),
			detail: []string{`Did you mean "Import"?`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, pd := emulatorProviderData(t)

			_, diags := pd.resolveObject(context.Background(), path.Root("object_type"), tc.objectType, tc.jobType)

			d := onlyDiagnostic(t, diags, diag.SeverityError)
			if got := diagPath(t, d); !got.Equal(tc.attr) {
				t.Errorf("error is on %s, want %s", got, tc.attr)
			}
			for _, want := range tc.detail {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail lacks %q:\n%s", want, d.Detail())
				}
			}
		})
	}
}
