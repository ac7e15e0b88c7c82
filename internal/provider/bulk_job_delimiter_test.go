package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestDelimiterValidator(t *testing.T) {
	for value, ok := range map[string]bool{"comma": true, "Semicolon": true, ";": true, "\t": true, "|": true, "dot/period": true, "x": false, "": false, "pipes": false} {
		resp := &validator.StringResponse{}
		delimiterValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("delimiter"), ConfigValue: types.StringValue(value)}, resp)
		if resp.Diagnostics.HasError() == ok {
			t.Errorf("delimiter %q: diags %v, want ok=%v", value, resp.Diagnostics, ok)
		}
		if !ok && !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "semicolon") {
			t.Errorf("delimiter %q: the error does not list the names: %v", value, resp.Diagnostics)
		}
	}
}
