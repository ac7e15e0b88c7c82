package provider

// CONTRACT STUB: the owner of plan-time source checking replaces the bodies
// (keeping the signatures) — see the resource's ModifyPlan for the caller.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// sourceCheck is what ModifyPlan knows about the file to load.
type sourceCheck struct {
	Attr       path.Path // path.Root("source") or path.Root("content"): where diagnostics go
	SourcePath string    // set when the file comes from `source`
	Content    string    // set when it comes from `content`

	FileType   string // "jsonl" or "csv", already defaulted
	Delimiter  string
	HasHeaders bool
	Headers    []string

	Object  client.Object // resolved by resolveObject
	JobType string        // Import, Update, Delete, Cancel

	Validation   string // "strict", "warn" or "off"
	PCICheck     string // "error", "warn" or "off"
	MaxFileBytes int64
}

// sourceFacts are computed in the same single pass as the checks.
type sourceFacts struct {
	SHA256 string
	Size   int64
	Rows   int
}

// checkSource reads the file once: hashes it, and validates every row
// against the object's field metadata and the PCI guard as configured.
// Problems become one diagnostic on in.Attr (error or warning per mode).
func (pd *providerData) checkSource(ctx context.Context, in sourceCheck) (sourceFacts, diag.Diagnostics) {
	return sourceFacts{}, nil
}

// resolveObject finds the catalogue object that object_type names
// (objectType or objectName, case-insensitive) and checks that it supports
// jobType. Errors name the closest valid choices and are attached to attr.
func (pd *providerData) resolveObject(ctx context.Context, attr path.Path, objectType, jobType string) (client.Object, diag.Diagnostics) {
	return client.Object{}, nil
}
