package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The dataset's ids attribute holds up to 100,000 entries, and the plugin
// framework converts every value it is handed entry by entry, several
// times per call (msgpack to tftypes, NullifyCollectionBlocks, and back):
// at 100,000 entries that is seconds of CPU in each of the three calls a
// plan makes, tens of times the dataset's own row diff
// (BenchmarkBulkDatasetPlan). So the server Terraform talks to takes ids
// out of a dataset's state before the framework sees it, and puts them
// back into what the framework answers:
//
//   - UpgradeResourceState: ids are cut from the state file's JSON and
//     written as msgpack directly.
//   - ReadResource: ids are cut from the current state, and put back into
//     the new state when Read left them null (Read never sets them).
//   - PlanResourceChange: ids are cut from the prior and proposed states;
//     ModifyPlan reads the prior ids with priorIDsFrom, and a planned ids
//     left null means the prior ids, as it would without the cut (the
//     framework keeps a computed value's state unless it is changed).
//
// The rows' hashes in private state (datasetRowsKey, 1.6 MB at 100,000
// rows) are cut from read and plan calls the same way: the framework
// decodes, validates and encodes all of private state in each call.
// ModifyPlan reads them through withCutPrivate, and they are put back
// into the answer's private state when it has none of its own.
//
// Apply, destroy and import plans, and every other resource, go through the
// framework unchanged. Any value this code does not recognise is handed
// to the framework whole.

const datasetTypeName = "zuora_bulk_dataset"

// datasetSchemaVersion is zuora_bulk_dataset's schema version: state of
// another version goes through the framework's upgrade.
const datasetSchemaVersion = 0

// NewServer is the provider's protocol 6 server, for main.go and tests.
func NewServer(p provider.Provider) func() tfprotov6.ProviderServer {
	inner := providerserver.NewProtocol6(p)
	return func() tfprotov6.ProviderServer { return idsBypassServer{inner()} }
}

type idsBypassServer struct{ tfprotov6.ProviderServer }

func (s idsBypassServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if req.TypeName != datasetTypeName || req.Version != datasetSchemaVersion || req.RawState == nil || req.RawState.JSON == nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	start, end, ok := jsonAttrSpan(req.RawState.JSON, idsAttr)
	if !ok {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	ids, err := idsJSONToMsgpack(req.RawState.JSON[start:end])
	if err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	small := splice(req.RawState.JSON, start, end, []byte("null"))
	cut := *req
	cut.RawState = &tfprotov6.RawState{JSON: small}
	resp, err := s.ProviderServer.UpgradeResourceState(ctx, &cut)
	if err != nil || resp == nil || resp.UpgradedState == nil {
		return resp, err
	}
	if resp.UpgradedState.MsgPack, err = putAttr(resp.UpgradedState.MsgPack, idsAttr, ids); err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	return resp, nil
}

func (s idsBypassServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if req.TypeName != datasetTypeName || req.CurrentState == nil {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	rest, ids, err := cutAttr(req.CurrentState.MsgPack, idsAttr)
	if err != nil {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	private, hashes := cutRowHashes(req.Private)
	cut := *req
	cut.CurrentState, cut.Private = &tfprotov6.DynamicValue{MsgPack: rest}, private
	resp, err := s.ProviderServer.ReadResource(ctx, &cut)
	if err != nil || resp == nil || resp.NewState == nil {
		return resp, err
	}
	resp.Private = restoreRowHashes(resp.Private, hashes)
	resp.NewState.MsgPack, err = restoreNullAttr(resp.NewState.MsgPack, idsAttr, ids)
	return resp, err
}

func (s idsBypassServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if req.TypeName != datasetTypeName || req.PriorState == nil || req.ProposedNewState == nil {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	prior, ids, err := cutAttr(req.PriorState.MsgPack, idsAttr)
	if err != nil { // a create (no prior state) or a destroy (no proposed state)
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	proposed, _, err := cutAttr(req.ProposedNewState.MsgPack, idsAttr)
	if err != nil {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	private, hashes := cutRowHashes(req.PriorPrivate)
	cut := *req
	cut.PriorState, cut.ProposedNewState = &tfprotov6.DynamicValue{MsgPack: prior}, &tfprotov6.DynamicValue{MsgPack: proposed}
	cut.PriorPrivate = private
	ctx = context.WithValue(context.WithValue(ctx, priorIDsKey{}, ids), cutRowHashesKey{}, hashes)
	resp, err := s.ProviderServer.PlanResourceChange(ctx, &cut)
	if err != nil || resp == nil || resp.PlannedState == nil {
		return resp, err
	}
	resp.PlannedPrivate = restoreRowHashes(resp.PlannedPrivate, hashes)
	resp.PlannedState.MsgPack, err = restoreNullAttr(resp.PlannedState.MsgPack, idsAttr, ids)
	return resp, err
}

// jsonAttrSpan is where attribute name's value lies in a JSON object.
func jsonAttrSpan(obj []byte, name string) (start, end int, ok bool) {
	members, err := topMembers(obj, nil)
	if err != nil {
		return 0, 0, false
	}
	for _, m := range members {
		if string(m.name) == name {
			start = cap(obj) - cap(m.value) // m.value is a slice of obj
			return start, start + len(m.value), true
		}
	}
	return 0, 0, false
}

type priorIDsKey struct{}

// priorIDsFrom are the prior state's ids the server cut out of this plan
// call (msgpack); ok is false when it cut none and the prior state holds
// them itself.
func priorIDsFrom(ctx context.Context) (raw []byte, ok bool) {
	raw, ok = ctx.Value(priorIDsKey{}).([]byte)
	return raw, ok
}

// restoreNullAttr puts value back as attribute name of obj when the
// framework answered null there; a null object (a resource gone) stays.
func restoreNullAttr(obj []byte, name string, value []byte) ([]byte, error) {
	if isMsgpackNil(obj) {
		return obj, nil
	}
	start, end, err := attrSpan(obj, name)
	if err != nil {
		return nil, fmt.Errorf("putting the dataset's ids back: %w", err)
	}
	if !isMsgpackNil(obj[start:end]) {
		return obj, nil
	}
	return splice(obj, start, end, value), nil
}

type cutRowHashesKey struct{}

// withCutPrivate is p, answering for the row hashes the server cut out of
// this call's private state (nil when it cut none).
func withCutPrivate(ctx context.Context, p privateState) privateState {
	raw, _ := ctx.Value(cutRowHashesKey{}).([]byte)
	if raw == nil {
		return p
	}
	return cutPrivate{privateState: p, key: datasetRowsKey, member: raw}
}

// cutPrivate is private state with one key's member (as the framework
// writes it: a JSON string holding the value's bytes in base64) kept aside.
type cutPrivate struct {
	privateState
	key    string
	member []byte
}

func (c cutPrivate) GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics) {
	if key != c.key {
		if c.privateState == nil {
			return nil, nil
		}
		return c.privateState.GetKey(ctx, key)
	}
	var diags diag.Diagnostics
	value, err := base64JSONString(c.member)
	if err != nil {
		diags.AddError("Cannot read the dataset's private state", err.Error())
	}
	return value, diags
}
