package functions

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var _ function.Function = (*csvFunction)(nil)

type csvFunction struct{}

// NewCSV is provider::zuora::csv.
func NewCSV() function.Function { return &csvFunction{} }

func (f *csvFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "csv"
}

func (f *csvFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Encodes a list of rows as CSV with a header row, ready for a bulk job's `content` with `file_type = \"csv\"`.",
		MarkdownDescription: "Writes `headers` as the first record, then one record per row with the row's values in the headers' order: " +
			"the counterpart of Terraform's `csvdecode`. Quoting follows RFC 4180: a value holding a comma, a double quote, " +
			"a line break or a leading space is enclosed in double quotes, with its double quotes doubled. " +
			"Records end with a line feed (RFC 4180 says CRLF; Zuora and `csvdecode` read both, and a line feed keeps " +
			"line breaks inside values exactly as given).\n\n" +
			"A value is the row's attribute named like the header; for a dotted header such as `billToContact.firstName` " +
			"a nested object is followed when the row has no attribute of that exact name. " +
			"Strings are written as is, numbers as plain decimals, booleans as `true` or `false`; a missing or null value " +
			"is an empty cell. A row attribute that no header names is an error, so nothing is dropped silently, " +
			"and so is a list or object where a single value belongs.",
		Parameters: []function.Parameter{
			function.DynamicParameter{
				Name:                "rows",
				MarkdownDescription: "A list (or tuple or set) of objects or maps.",
			},
			function.ListParameter{
				Name:                "headers",
				ElementType:         types.StringType,
				MarkdownDescription: "The column names, in order.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *csvFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var arg types.Dynamic
	var headers []string
	resp.Error = req.Arguments.Get(ctx, &arg, &headers)
	if resp.Error != nil {
		return
	}
	if len(headers) == 0 {
		resp.Error = function.NewArgumentFuncError(1, "headers must name at least one column")
		return
	}
	rows, err := rowsOf(arg)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(headers)
	named := make(map[string]bool, len(headers))
	for _, h := range headers {
		named[h] = true
	}
	for i, row := range rows {
		record, err := csvRecord(row, headers, named)
		if err != nil {
			resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("rows[%d]: %s", i, err))
			return
		}
		_ = w.Write(record)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		resp.Error = function.NewFuncError(err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, types.StringValue(b.String()))
}

func csvRecord(row attr.Value, headers []string, named map[string]bool) ([]string, error) {
	names, values, ok := members(row)
	if !ok {
		return nil, fmt.Errorf("each row must be an object or a map")
	}
	if n := unnamed("", names, values, named); n != "" {
		return nil, fmt.Errorf("attribute %q is not in headers", n)
	}
	record := make([]string, len(headers))
	for i, h := range headers {
		cell, err := cellText(lookup(values, h))
		if err != nil {
			return nil, fmt.Errorf("%s: %s", h, err)
		}
		record[i] = cell
	}
	return record, nil
}

// unnamed is the first attribute, by its dotted path, that no header
// names: neither the attribute itself nor, for a nested object, each of
// its members. A null value (say an optional nested object left out)
// writes only empty cells, so it needs no header.
func unnamed(prefix string, names []string, values map[string]attr.Value, named map[string]bool) string {
	for _, n := range names {
		full := prefix + n
		if v := underlying(values[n]); named[full] || v == nil || v.IsNull() {
			continue
		}
		if sub, nested, ok := members(values[n]); ok {
			if u := unnamed(full+".", sub, nested, named); u != "" {
				return u
			}
			continue
		}
		return full
	}
	return ""
}

// lookup finds a header's value: the attribute of that exact name, else a
// dotted path through nested objects.
func lookup(values map[string]attr.Value, header string) attr.Value {
	if v, ok := values[header]; ok {
		return v
	}
	head, rest, dotted := strings.Cut(header, ".")
	if !dotted {
		return nil
	}
	if _, nested, ok := members(values[head]); ok {
		return lookup(nested, rest)
	}
	return nil
}

func cellText(v attr.Value) (string, error) {
	v = underlying(v)
	if v == nil || v.IsNull() {
		return "", nil
	}
	switch v := v.(type) {
	case basetypes.StringValue:
		return v.ValueString(), nil
	case basetypes.BoolValue:
		return fmt.Sprint(v.ValueBool()), nil
	case basetypes.NumberValue:
		return numberText(v.ValueBigFloat()), nil
	}
	return "", fmt.Errorf("a list or object cannot be one CSV cell; name its members in dotted headers")
}
