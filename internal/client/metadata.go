package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// ListObjects lists loadable objects. The list is fetched once for the
// client's life; concurrent first callers share one request, and a failure
// is not cached.
func (c *Client) ListObjects(ctx context.Context) ([]Object, error) {
	c.objectsMu.Lock()
	cached := c.objects
	c.objectsMu.Unlock()
	if cached != nil {
		return cloneObjects(cached), nil
	}
	objects, err := shared(ctx, &c.metaCalls, "objects", func(ctx context.Context) ([]Object, error) {
		c.objectsMu.Lock()
		cached := c.objects
		c.objectsMu.Unlock()
		if cached != nil {
			return cached, nil
		}
		objects, err := c.fetchObjects(ctx)
		if err != nil {
			return nil, err
		}
		c.objectsMu.Lock()
		c.objects = objects
		c.objectsMu.Unlock()
		return objects, nil
	})
	if err != nil {
		return nil, err
	}
	return cloneObjects(objects), nil
}

type wireObject struct {
	ObjectName       string   `json:"objectName"`
	ObjectType       string   `json:"objectType"`
	ActionsSupported []string `json:"actionsSupported"`
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

func (c *Client) fetchObjects(ctx context.Context) ([]Object, error) {
	var list objectList
	err := c.call(ctx, apiCall{
		op: "list objects", method: http.MethodGet, path: "/data-loader/metadata/json/objects", policy: retryIdempotent,
	}, &list)
	if err != nil {
		return nil, err
	}
	objects := make([]Object, 0, len(list))
	for _, o := range list {
		objects = append(objects, Object{Name: o.ObjectName, Type: o.ObjectType, Actions: o.ActionsSupported})
	}
	return objects, nil
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

// ObjectFields returns the parsed field metadata of an object and action
// (Import, Update, Delete, Cancel; any casing). Cached per (object,
// action) for the client's life. The tree is shared: treat it as read-only.
func (c *Client) ObjectFields(ctx context.Context, objectName, action string) (*fieldmeta.Node, error) {
	if strings.TrimSpace(objectName) == "" {
		return nil, fmt.Errorf("object fields: an object name is required")
	}
	action = NormalizeAction(action)
	key := objectName + "\x00" + action
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
		node, err := c.fetchFields(ctx, objectName, action)
		if err != nil {
			return nil, err
		}
		c.fieldsMu.Lock()
		c.fields[key] = node
		c.fieldsMu.Unlock()
		return node, nil
	})
}

func (c *Client) fetchFields(ctx context.Context, objectName, action string) (*fieldmeta.Node, error) {
	var raw json.RawMessage
	op := fmt.Sprintf("get %s fields of %s", action, objectName)
	err := c.call(ctx, apiCall{
		op:     op,
		method: http.MethodGet,
		path:   "/data-loader/metadata/json/objects/" + url.PathEscape(objectName) + "/fields",
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
func NormalizeAction(action string) string {
	action = strings.TrimSpace(action)
	for _, known := range []string{"Import", "Update", "Delete", "Cancel"} {
		if strings.EqualFold(action, known) {
			return known
		}
	}
	return action
}
