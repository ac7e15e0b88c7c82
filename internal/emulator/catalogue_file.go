package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// ObjectMetadata is one object of a tenant's own catalogue: its names and
// its field metadata per action, as the fields endpoint answers it.
type ObjectMetadata struct {
	Name   string                     // objectName, e.g. "accounts-and-contacts"
	Type   string                     // objectType, e.g. "Account"; defaults to Name
	Fields map[string]*fieldmeta.Node // by action: Import, Update, Delete, Cancel
}

// ParseCatalogue reads a catalogue file: the objects and field metadata a
// tenant serves, typically saved from zuora_bulk_object_fields. The file
// is one entry, a JSON list of entries, or {"objects": [entries]}; an entry
// is either what the data source holds (jsonencode of it, or any object
// with object_name, action and schema_json, as a string or as JSON) or one
// object with several actions:
//
//	{"object_name": "…", "object_type": "…", "actions": {"Import": {…}, "Update": {…}}}
//
// Entries naming the same object add up; the same action twice is an error.
func ParseCatalogue(data []byte) ([]ObjectMetadata, error) {
	entries, err := catalogueEntries(data)
	if err != nil {
		return nil, err
	}
	var out []ObjectMetadata
	index := map[string]int{} // lower-case objectName → position in out
	for i, raw := range entries {
		e, err := parseCatalogueEntry(raw)
		if err != nil {
			return nil, fmt.Errorf("catalogue entry %d: %w", i+1, err)
		}
		at, seen := index[strings.ToLower(e.Name)]
		if !seen {
			at = len(out)
			index[strings.ToLower(e.Name)] = at
			out = append(out, ObjectMetadata{Name: e.Name, Type: e.Type, Fields: map[string]*fieldmeta.Node{}})
		}
		o := &out[at]
		if o.Type == "" {
			o.Type = e.Type
		}
		for action, n := range e.Fields {
			if _, dup := o.Fields[action]; dup {
				return nil, fmt.Errorf("catalogue entry %d: %s %s is already given by an earlier entry", i+1, e.Name, action)
			}
			o.Fields[action] = n
		}
	}
	if len(out) == 0 {
		return nil, errors.New("catalogue: no objects")
	}
	return out, nil
}

// catalogueEntries accepts the three top-level shapes.
func catalogueEntries(data []byte) ([]json.RawMessage, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, fmt.Errorf("catalogue: %w", err)
		}
		return list, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("catalogue: expected a JSON object or list: %w", err)
	}
	if objects, ok := top["objects"]; ok {
		var list []json.RawMessage
		if err := json.Unmarshal(objects, &list); err != nil {
			return nil, fmt.Errorf("catalogue: objects: expected a list: %w", err)
		}
		return list, nil
	}
	return []json.RawMessage{data}, nil
}

// catalogueEntry accepts both spellings Terraform users may write.
type catalogueEntry struct {
	ObjectName  string                     `json:"object_name"`
	ObjectName2 string                     `json:"objectName"`
	ObjectType  string                     `json:"object_type"`
	ObjectType2 string                     `json:"objectType"`
	Action      string                     `json:"action"`
	SchemaJSON  json.RawMessage            `json:"schema_json"`
	Actions     map[string]json.RawMessage `json:"actions"`
}

func parseCatalogueEntry(raw json.RawMessage) (ObjectMetadata, error) {
	var e catalogueEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return ObjectMetadata{}, err
	}
	o := ObjectMetadata{Name: firstNonEmpty(e.ObjectName, e.ObjectName2), Type: firstNonEmpty(e.ObjectType, e.ObjectType2)}
	if o.Name == "" {
		o.Name = o.Type
	}
	if o.Name == "" {
		return o, errors.New("object_name is missing")
	}
	docs := e.Actions
	switch {
	case len(e.SchemaJSON) > 0 && len(docs) > 0:
		return o, fmt.Errorf("%s: give either action and schema_json, or actions, not both", o.Name)
	case len(e.SchemaJSON) > 0:
		if e.Action == "" {
			return o, fmt.Errorf("%s: schema_json needs the action it describes", o.Name)
		}
		docs = map[string]json.RawMessage{e.Action: e.SchemaJSON}
	case len(docs) == 0:
		return o, fmt.Errorf("%s: no field metadata: give action and schema_json, or actions", o.Name)
	}
	o.Fields = map[string]*fieldmeta.Node{}
	for given, doc := range docs {
		action, ok := canonicalAction(given)
		if !ok {
			return o, fmt.Errorf("%s: unknown action %q; expected Import, Update, Delete or Cancel", o.Name, given)
		}
		n, err := parseSchemaDoc(doc)
		if err != nil {
			return o, fmt.Errorf("%s %s: %w", o.Name, action, err)
		}
		o.Fields[action] = n
	}
	return o, nil
}

// parseSchemaDoc takes the document as JSON or, as schema_json holds it,
// as a string of JSON.
func parseSchemaDoc(doc json.RawMessage) (*fieldmeta.Node, error) {
	doc = bytes.TrimSpace(doc)
	if len(doc) > 0 && doc[0] == '"' {
		var s string
		if err := json.Unmarshal(doc, &s); err != nil {
			return nil, err
		}
		doc = []byte(s)
	}
	return fieldmeta.Parse(doc)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// withObjects is c with objs laid over it. An object matching a built-in
// one by name or type replaces that object's metadata for the actions it
// gives and keeps the rest, including the business rules the emulator
// applies to its rows (unique and reference fields); other objects are
// added. c itself is shared and left untouched.
func (c *catalogue) withObjects(objs []ObjectMetadata) *catalogue {
	if len(objs) == 0 {
		return c
	}
	merged := &catalogue{objects: make([]*object, 0, len(c.objects)+len(objs))}
	for _, o := range c.objects {
		cp := *o
		cp.fields = make(map[string]*fieldmeta.Node, len(o.fields))
		for a, n := range o.fields {
			cp.fields[a] = n
		}
		cp.order = append([]string(nil), o.order...)
		merged.objects = append(merged.objects, &cp)
	}
	for _, m := range objs {
		target := merged.byNameOrType(m.Name)
		if target == nil && m.Type != "" {
			target = merged.byNameOrType(m.Type)
		}
		if target == nil {
			target = &object{Name: m.Name, Type: firstNonEmpty(m.Type, m.Name), fields: map[string]*fieldmeta.Node{}}
			merged.objects = append(merged.objects, target)
		}
		for _, a := range []string{actionImport, actionUpdate, actionDelete, actionCancel} {
			n, ok := m.Fields[a]
			if !ok {
				continue
			}
			if !target.supports(a) {
				target.order = append(target.order, a)
			}
			target.fields[a] = n
		}
	}
	return newCatalogue(merged.objects...)
}
