package functions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var _ function.Function = (*jsonlFunction)(nil)

type jsonlFunction struct{}

// NewJSONL is provider::zuora::jsonl.
func NewJSONL() function.Function { return &jsonlFunction{} }

func (f *jsonlFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "jsonl"
}

func (f *jsonlFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Encodes a list of rows as JSON lines, ready for a bulk job's `content`.",
		MarkdownDescription: "Encodes each row as one line of compact JSON and ends every line, the last included, with a newline. " +
			"Rows keep their order, and so do the elements of nested lists. Unicode is written as is, not escaped.\n\n" +
			"A row is an object or map, or a string holding one JSON object. " +
			"Terraform sorts an object's attributes by name before a provider sees them, so the members of an object or map row " +
			"come out in lexical order, as with `jsonencode`, whatever order the configuration wrote them in. " +
			"Zuora reads members by name, so the order does not change what is loaded. " +
			"Where the order matters to you (say, to match a file you compare with), give the row as a JSON string: " +
			"it is written as given, members in its own order, only made compact to fit on one line.\n\n" +
			"An empty list gives an empty string.",
		Parameters: []function.Parameter{
			function.DynamicParameter{
				Name:                "rows",
				MarkdownDescription: "A list (or tuple or set) of objects, maps or JSON-object strings.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *jsonlFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var arg types.Dynamic
	resp.Error = req.Arguments.Get(ctx, &arg)
	if resp.Error != nil {
		return
	}
	rows, err := rowsOf(arg)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	var b bytes.Buffer
	for i, row := range rows {
		if err := writeRow(&b, row); err != nil {
			resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("rows[%d]: %s", i, err))
			return
		}
		b.WriteByte('\n')
	}
	resp.Error = resp.Result.Set(ctx, types.StringValue(b.String()))
}

func writeRow(b *bytes.Buffer, row attr.Value) error {
	if s, ok := underlying(row).(basetypes.StringValue); ok && !s.IsNull() {
		raw := []byte(s.ValueString())
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
			return fmt.Errorf("a string row must hold one JSON object")
		}
		return json.Compact(b, raw)
	}
	if _, _, ok := members(row); !ok {
		return fmt.Errorf("each row must be an object, a map or a JSON-object string")
	}
	writeJSON(b, row)
	return nil
}
