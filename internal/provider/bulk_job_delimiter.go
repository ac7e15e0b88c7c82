package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// delimiterValidator accepts what create-job documents for delimiter, by
// name or by character (client.NormalizeDelimiter, which cites the pages),
// so a typo fails the plan rather than the job.
type delimiterValidator struct{}

func (delimiterValidator) Description(context.Context) string {
	return "one of " + strings.Join(client.DelimiterNames(), ", ") + ", or its character"
}

func (v delimiterValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (delimiterValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if req.ConfigValue.ValueString() == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Unsupported CSV delimiter",
			"delimiter is empty: remove it for Zuora's default (comma), or set one of "+strings.Join(client.DelimiterNames(), ", ")+".")
		return
	}
	if _, err := client.NormalizeDelimiter(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Unsupported CSV delimiter", err.Error()+".")
	}
}

// codeList renders names as "`a`, `b`, `c`" for a schema description.
func codeList(names []string) string {
	return "`" + strings.Join(names, "`, `") + "`"
}
