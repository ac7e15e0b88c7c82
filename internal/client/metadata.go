package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// File types whose metadata Zuora publishes apart: CSV jobs are checked
// against GET /data-loader/metadata/csv/… (data-ingestion-using-bulk-jobs-api),
// JSON-lines jobs against …/json/….
const (
	FileTypeJSONL = "jsonl"
	FileTypeCSV   = "csv"
)

// metadataKind is the metadata family a file type reads: "csv" or "json".
func metadataKind(fileType string) string {
	if strings.EqualFold(strings.TrimSpace(fileType), FileTypeCSV) {
		return "csv"
	}
	return "json"
}

// ListObjects lists the objects JSON-lines jobs load (ListObjectsFor with
// FileTypeJSONL).
func (c *Client) ListObjects(ctx context.Context) ([]Object, error) {
	return c.ListObjectsFor(ctx, FileTypeJSONL)
}

// ListObjectsFor lists loadable objects for a file type: for "csv" from
// GET /data-loader/metadata/csv/objects, in either of its documented
// shapes, falling back to the JSON-lines list only where the CSV endpoint
// answers 404; for anything else from the JSON-lines list. Each list is
// fetched once for the client's life; concurrent first callers share one
// request, and a failure is not cached.
func (c *Client) ListObjectsFor(ctx context.Context, fileType string) ([]Object, error) {
	objects, err := c.sharedObjects(ctx, fileType)
	if err != nil {
		return nil, err
	}
	return cloneObjects(objects), nil
}

// sharedObjects is ListObjectsFor's list itself, not a copy: for lookups
// inside the package, which only read it (one per listed job, say).
func (c *Client) sharedObjects(ctx context.Context, fileType string) ([]Object, error) {
	kind := metadataKind(fileType)
	c.objectsMu.Lock()
	cached := c.objects[kind]
	c.objectsMu.Unlock()
	if cached != nil {
		return cached, nil
	}
	objects, err := shared(ctx, &c.metaCalls, "objects\x00"+kind, func(ctx context.Context) ([]Object, error) {
		c.objectsMu.Lock()
		cached := c.objects[kind]
		c.objectsMu.Unlock()
		if cached != nil {
			return cached, nil
		}
		objects, err := c.fetchObjects(ctx, kind)
		if err != nil && kind == "csv" && IsNotFound(err) {
			tflog.Debug(ctx, "no CSV objects list on this tenant (404); using the JSON-lines list for CSV jobs", map[string]any{"error": err.Error()})
			objects, err = c.ListObjectsFor(ctx, FileTypeJSONL)
		}
		if err != nil {
			return nil, err
		}
		c.objectsMu.Lock()
		c.objects[kind] = objects
		c.objectsMu.Unlock()
		return objects, nil
	})
	return objects, err
}

// wireObject takes both shapes of the objects list: {objectName,
// objectType, actionsSupported} (json, and csv step 2) and {value, label,
// objectType, canImport, canUpdate, canDelete, cancellable, …} (csv step 1).
type wireObject struct {
	ObjectName       string   `json:"objectName"`
	ObjectType       string   `json:"objectType"`
	ActionsSupported []string `json:"actionsSupported"`

	Value       string `json:"value"`
	Label       string `json:"label"`
	CanImport   *bool  `json:"canImport"`
	CanUpdate   *bool  `json:"canUpdate"`
	CanDelete   *bool  `json:"canDelete"`
	Cancellable *bool  `json:"cancellable"`
}

// objectList takes the guide's {"metadata":[…]} and, leniently, a bare list.
type objectList []wireObject

func (l *objectList) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		return json.Unmarshal(data, (*[]wireObject)(l))
	}
	var doc struct {
		Metadata []wireObject `json:"metadata"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	*l = doc.Metadata
	return nil
}

func (c *Client) fetchObjects(ctx context.Context, kind string) ([]Object, error) {
	var list objectList
	err := c.call(ctx, apiCall{
		op: "list objects", method: http.MethodGet, path: "/data-loader/metadata/" + kind + "/objects", policy: retryIdempotent,
	}, &list)
	if err != nil {
		return nil, err
	}
	objects := make([]Object, 0, len(list))
	for _, o := range list {
		objects = append(objects, o.object(ctx))
	}
	return objects, nil
}

// object reads either shape. Step 1's shape has no objectName: the name
// is the label lower-cased and hyphenated ("Accounts and Contacts" →
// accounts-and-contacts), which the page pairs with it; its actions come
// from the can… flags.
func (w wireObject) object(ctx context.Context) Object {
	o := Object{Name: w.ObjectName, Type: w.ObjectType, Actions: w.ActionsSupported, Label: orString(w.Label, w.Value)}
	if o.Name == "" && o.Label != "" {
		o.Name = hyphenated(o.Label)
		tflog.Debug(ctx, "objects list entry without objectName; name derived from its label", map[string]any{"label": o.Label, "object_name": o.Name})
	}
	if o.Actions == nil {
		for _, f := range []struct {
			set    *bool
			action string
		}{{w.CanImport, "import"}, {w.CanUpdate, "update"}, {w.CanDelete, "delete"}, {w.Cancellable, "cancel"}} {
			if f.set != nil && *f.set {
				o.Actions = append(o.Actions, f.action)
			}
		}
	}
	if o.Type == "" {
		o.Type = o.Name
	}
	return o
}

// hyphenated lower-cases a label and joins its words with hyphens.
func hyphenated(label string) string {
	words := strings.FieldsFunc(strings.ToLower(label), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(words, "-")
}

// cloneObjects keeps callers from changing the cache through the slices.
func cloneObjects(in []Object) []Object {
	out := make([]Object, len(in))
	for i, o := range in {
		o.Actions = append([]string(nil), o.Actions...)
		out[i] = o
	}
	return out
}

// ObjectFields returns the JSON-lines field metadata of an object and
// action (ObjectFieldsFor with FileTypeJSONL).
func (c *Client) ObjectFields(ctx context.Context, objectName, action string) (*fieldmeta.Node, error) {
	return c.ObjectFieldsFor(ctx, objectName, action, FileTypeJSONL)
}

// ObjectFieldsFor returns the parsed field metadata of an object and
// action (Import, Update, Delete, Cancel; any casing) for a file type: for
// "csv" from …/metadata/csv/objects/{objectName}/fields, falling back to
// the JSON-lines document only where that answers 404. Cached per (kind,
// object, action) for the client's life. The tree is shared: treat it as
// read-only.
func (c *Client) ObjectFieldsFor(ctx context.Context, objectName, action, fileType string) (*fieldmeta.Node, error) {
	if strings.TrimSpace(objectName) == "" {
		return nil, fmt.Errorf("object fields: an object name is required")
	}
	action = NormalizeAction(action)
	kind := metadataKind(fileType)
	key := kind + "\x00" + objectName + "\x00" + action
	c.fieldsMu.Lock()
	cached := c.fields[key]
	c.fieldsMu.Unlock()
	if cached != nil {
		return cached, nil
	}
	return shared(ctx, &c.metaCalls, "fields\x00"+key, func(ctx context.Context) (*fieldmeta.Node, error) {
		c.fieldsMu.Lock()
		cached := c.fields[key]
		c.fieldsMu.Unlock()
		if cached != nil {
			return cached, nil
		}
		node, err := c.fetchFields(ctx, kind, objectName, action)
		if err != nil && kind == "csv" && IsNotFound(err) {
			tflog.Debug(ctx, "no CSV field metadata (404); using the JSON-lines document for the CSV job",
				map[string]any{"object": objectName, "action": action, "error": err.Error()})
			var jsonErr error
			if node, jsonErr = c.ObjectFieldsFor(ctx, objectName, action, FileTypeJSONL); jsonErr != nil {
				return nil, err // the CSV answer says more about a CSV job
			}
			err = nil
		}
		if err != nil {
			return nil, err
		}
		c.fieldsMu.Lock()
		c.fields[key] = node
		c.fieldsMu.Unlock()
		return node, nil
	})
}

func (c *Client) fetchFields(ctx context.Context, kind, objectName, action string) (*fieldmeta.Node, error) {
	var raw json.RawMessage
	op := fmt.Sprintf("get %s fields of %s", action, objectName)
	if kind == "csv" {
		op = fmt.Sprintf("get CSV %s fields of %s", action, objectName)
	}
	err := c.call(ctx, apiCall{
		op:     op,
		method: http.MethodGet,
		path:   "/data-loader/metadata/" + kind + "/objects/" + url.PathEscape(objectName) + "/fields",
		query:  url.Values{"action": {action}},
		policy: retryIdempotent,
	}, &raw)
	if err != nil {
		return nil, err
	}
	node, err := fieldmeta.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	// Keys the guide does not document are expected from real tenants;
	// fields skipped for their shape are the caller's to warn about.
	for _, n := range node.Notes {
		if !n.Skipped {
			tflog.Debug(ctx, "field metadata key ignored", map[string]any{"object": objectName, "action": action, "note": n.String()})
		}
	}
	return node, nil
}

// NormalizeAction spells a job action the way Zuora's metadata endpoint
// and create-job expect: Import, Update, Delete or Cancel. Other values
// are passed through trimmed.
// A job's action is its job type (NormalizeJobType).
func NormalizeAction(action string) string {
	return NormalizeJobType(strings.TrimSpace(action))
}
