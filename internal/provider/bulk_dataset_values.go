package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The ids attribute holds up to 100,000 entries. The provider's server
// keeps them out of the framework in upgrade, read and plan
// (bulk_dataset_ids_server.go), so ModifyPlan normally finds them null
// and reads the prior ids with priorIDsFrom. Where the server hands a call
// to the framework whole (a value it does not recognise), ModifyPlan still
// reads and writes ids as Terraform values, never through a types.Map:
// tfsdk Get and Set of 100,000 entries cost more than the whole row diff.

const idsAttr = "ids"

// getWithoutIDs reads data (a state, or a plan as one) into m with ids
// null, and returns ids as Terraform's value.
func getWithoutIDs(ctx context.Context, data tfsdk.State, m *bulkDatasetModel) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw := data.Raw
	ids, err := rawAttr(raw, idsAttr)
	if err == nil {
		raw, err = withRawAttr(raw, idsAttr, tftypes.NewValue(ids.Type(), nil))
	}
	if err != nil {
		diags.AddError("Cannot read the dataset's values", err.Error())
		return ids, diags
	}
	data.Raw = raw
	return ids, data.Get(ctx, m)
}

// rawRows are the rows of an ids value: key and record id.
func rawRows(ids tftypes.Value) ([]keyedRow, error) {
	if ids.IsNull() || !ids.IsKnown() {
		return nil, nil
	}
	var elems map[string]tftypes.Value
	if err := ids.As(&elems); err != nil {
		return nil, err
	}
	rows := make([]keyedRow, 0, len(elems))
	for k, v := range elems {
		var id string
		if err := v.As(&id); err != nil {
			return nil, fmt.Errorf("ids[%q]: %w", k, err)
		}
		rows = append(rows, keyedRow{key: k, loadedRow: loadedRow{ID: id}})
	}
	return rows, nil
}

// rawAttr is one attribute of an object value.
func rawAttr(obj tftypes.Value, name string) (tftypes.Value, error) {
	var attrs map[string]tftypes.Value
	if err := obj.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	v, ok := attrs[name]
	if !ok {
		return tftypes.Value{}, fmt.Errorf("no attribute %s", name)
	}
	return v, nil
}

// withRawAttr is the object value obj with one attribute replaced; the
// others are shared, not copied.
func withRawAttr(obj tftypes.Value, name string, v tftypes.Value) (tftypes.Value, error) {
	var attrs map[string]tftypes.Value
	if err := obj.As(&attrs); err != nil {
		return obj, err
	}
	if _, ok := attrs[name]; !ok {
		return obj, fmt.Errorf("no attribute %s", name)
	}
	out := make(map[string]tftypes.Value, len(attrs))
	for k, a := range attrs {
		out[k] = a
	}
	out[name] = v
	return tftypes.NewValue(obj.Type(), out), nil
}
