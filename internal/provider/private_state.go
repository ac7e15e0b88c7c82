package provider

// Private state: every key the job resource keeps in Terraform's private
// state, and the helpers that read and write them. The keys are
// importedKey (a job that came from terraform import), goneKey (a job
// Zuora stopped returning) and writeOnlyKey (what content_wo loaded).

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// importedKey marks, in private state, a resource that came from terraform
// import, until an apply records its configuration.
const importedKey = "imported"

// privateState is the part of the framework's private state data that
// this resource uses (its concrete type is internal to the framework).
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func markImported(ctx context.Context, p privateState) diag.Diagnostics {
	return p.SetKey(ctx, importedKey, []byte(`true`))
}

func clearImported(ctx context.Context, p privateState) diag.Diagnostics {
	return p.SetKey(ctx, importedKey, nil)
}

func wasImported(ctx context.Context, p privateState, diags *diag.Diagnostics) bool {
	return hasPrivateKey(ctx, p, importedKey, diags)
}

func hasPrivateKey(ctx context.Context, p privateState, key string, diags *diag.Diagnostics) bool {
	if p == nil {
		return false
	}
	v, d := p.GetKey(ctx, key)
	diags.Append(d...)
	return len(v) > 0
}

// goneKey marks, in private state, a job Zuora stopped returning, so no
// plan keeps proposing to resume waiting for it.
const goneKey = "gone"

func setGone(ctx context.Context, p privateState, gone bool) diag.Diagnostics {
	if p == nil {
		return nil
	}
	if gone {
		return p.SetKey(ctx, goneKey, []byte(`true`))
	}
	return p.SetKey(ctx, goneKey, nil)
}

// writeOnlyKey is the private-state key of the content_wo record.
const writeOnlyKey = "content_wo"

// datasetRowsKey is zuora_bulk_dataset's per-row hashes (bulk_dataset_model.go):
// kept out of the attributes, which would show them in every plan.
const datasetRowsKey = "dataset_rows"

// datasetHeldKey is zuora_bulk_dataset's held keys (bulk_dataset_held.go):
// key → the Import job that left it in doubt.
const datasetHeldKey = "dataset_held"
