package functions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// rowsOf returns the elements of a list, tuple or set; anything else is
// not a list of rows.
func rowsOf(v attr.Value) ([]attr.Value, error) {
	v = underlying(v)
	if elems, ok := elementsOf(v); ok {
		return elems, nil
	}
	if v == nil || v.IsNull() {
		return nil, fmt.Errorf("rows must be a list, not null")
	}
	return nil, fmt.Errorf("rows must be a list of objects, not %s", v.Type(context.Background()))
}

// underlying unwraps a dynamic value to the value it holds.
func underlying(v attr.Value) attr.Value {
	if d, ok := v.(basetypes.DynamicValue); ok {
		return d.UnderlyingValue()
	}
	return v
}

// elementsOf returns the elements of a non-null list, tuple or set.
func elementsOf(v attr.Value) ([]attr.Value, bool) {
	switch v := v.(type) {
	case basetypes.ListValue:
		return v.Elements(), !v.IsNull()
	case basetypes.TupleValue:
		return v.Elements(), !v.IsNull()
	case basetypes.SetValue:
		return v.Elements(), !v.IsNull()
	}
	return nil, false
}

// members returns an object's or map's members with their names sorted:
// Terraform hands a provider object attributes in that order whatever
// order the configuration wrote them in.
func members(v attr.Value) (names []string, values map[string]attr.Value, ok bool) {
	v = underlying(v)
	if v == nil || v.IsNull() {
		return nil, nil, false
	}
	switch v := v.(type) {
	case basetypes.ObjectValue:
		values = v.Attributes()
	case basetypes.MapValue:
		values = v.Elements()
	default:
		return nil, nil, false
	}
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	return names, values, true
}

// writeJSON encodes a Terraform value as compact JSON: strings unescaped
// beyond what JSON needs (unicode as is, no HTML escaping), numbers as
// exact decimals.
func writeJSON(b *bytes.Buffer, v attr.Value) {
	v = underlying(v)
	if v == nil || v.IsNull() {
		b.WriteString("null")
		return
	}
	if names, values, ok := members(v); ok {
		b.WriteByte('{')
		for i, k := range names {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			writeJSON(b, values[k])
		}
		b.WriteByte('}')
		return
	}
	switch v := v.(type) {
	case basetypes.StringValue:
		writeString(b, v.ValueString())
	case basetypes.BoolValue:
		fmt.Fprint(b, v.ValueBool())
	case basetypes.NumberValue:
		b.WriteString(numberText(v.ValueBigFloat()))
	default:
		if elems, ok := elementsOf(v); ok {
			writeArray(b, elems)
			return
		}
		b.WriteString("null")
	}
}

func writeArray(b *bytes.Buffer, elems []attr.Value) {
	b.WriteByte('[')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSON(b, e)
	}
	b.WriteByte(']')
}

func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

// numberText writes integers in full and fractions in the shortest
// decimal that reads back the same, never in exponent form: Zuora's
// number fields are matched against plain-decimal regexes.
func numberText(f *big.Float) string {
	return f.Text('f', -1) // exact for Terraform's integers too, unlike Int's binary rounding past 2^512
}
