package emulator

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// The built-in catalogue is data: one JSON file per object under
// catalogue/, written from Zuora's data dictionary pages by
// scripts/gen-emulator-catalogue.py. Each file names the dictionary page
// every action follows; a field's label is the dictionary's name for it
// (what Zuora's CSV templates head the column with), its path the JSON
// metadata's, and required is the dictionary's asterisk.
//
//go:embed catalogue/*.json
var catalogueFiles embed.FS

type catalogueDoc struct {
	ObjectName string                `json:"objectName"`
	ObjectType string                `json:"objectType"`
	Label      string                `json:"label"`
	Aliases    []string              `json:"aliases"`
	Dictionary map[string]string     `json:"dictionary"`
	Rules      rulesDoc              `json:"rules"`
	Actions    map[string][]fieldDoc `json:"actions"`
}

type fieldDoc struct {
	Path     string `json:"path"`
	Label    string `json:"label"`
	Type     string `json:"type"`
	Regex    string `json:"regex"`
	Required bool   `json:"required"`
}

// rulesDoc is what the emulator enforces beyond field metadata, each rule
// from a page (cited in the files and in apply.go).
type rulesDoc struct {
	Refs       map[string]string `json:"refs"`
	Unique     []string          `json:"unique"`
	AutoNumber *struct {
		Field  string `json:"field"`
		Format string `json:"format"`
	} `json:"autoNumber"`
	ImportDefaults   map[string]string `json:"importDefaults"`
	DeleteSetsStatus string            `json:"deleteSetsStatus"`
	DeleteRequires   *deleteRequires   `json:"deleteRequires"`
	DeleteRefusedBy  []referrer        `json:"deleteRefusedWhenReferencedBy"`
	Creates          string            `json:"creates"`
}

// deleteRequires: a record may be deleted only while field holds value.
type deleteRequires struct {
	Field  string `json:"field"`
	Value  string `json:"value"`
	Reason string `json:"reason"` // %s: the record id, then its value
}

// referrer: records of ObjectType whose Fields hold a record's id keep
// that record from being deleted.
type referrer struct {
	ObjectType string   `json:"objectType"`
	Fields     []string `json:"fields"`
	Reason     string   `json:"reason"` // %s: the referring record's id
}

// actionOrder is the order actionsSupported lists actions in.
var actionOrder = []string{actionImport, actionUpdate, actionDelete, actionCancel}

func loadCatalogue() (*catalogue, error) {
	entries, err := catalogueFiles.ReadDir("catalogue")
	if err != nil {
		return nil, err
	}
	var objects []*object
	for _, e := range entries {
		data, err := catalogueFiles.ReadFile(path.Join("catalogue", e.Name()))
		if err != nil {
			return nil, err
		}
		o, err := objectFromDoc(data)
		if err != nil {
			return nil, fmt.Errorf("catalogue/%s: %w", e.Name(), err)
		}
		objects = append(objects, o)
	}
	return newCatalogue(objects...), nil
}

func objectFromDoc(data []byte) (*object, error) {
	var d catalogueDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	o := &object{
		Name: d.ObjectName, Type: d.ObjectType, label: d.Label, aliases: d.Aliases, dictionary: d.Dictionary,
		fields: map[string]*fieldmeta.Node{}, labels: map[string]map[string]string{},
		refs: d.Rules.Refs, unique: d.Rules.Unique, importDefaults: d.Rules.ImportDefaults,
		deleteStatus: d.Rules.DeleteSetsStatus, deleteRequires: d.Rules.DeleteRequires,
		referrers: d.Rules.DeleteRefusedBy, creates: d.Rules.Creates,
	}
	if a := d.Rules.AutoNumber; a != nil {
		o.autoNumber = &autoNumber{field: a.Field, format: a.Format}
	}
	for given := range d.Actions {
		if _, ok := canonicalAction(given); !ok {
			return nil, fmt.Errorf("unknown action %q", given)
		}
	}
	for _, a := range actionOrder {
		fields, ok := d.Actions[a]
		if !ok {
			continue
		}
		n, err := nodeFromPaths(fields)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, err)
		}
		o.order = append(o.order, a)
		o.fields[a] = n
		o.labels[a] = map[string]string{}
		for _, f := range fields {
			if f.Label != "" {
				o.labels[a][f.Path] = f.Label
			}
		}
	}
	return o, nil
}

// nodeFromPaths builds the metadata tree from flat paths ("a.b", "c[]",
// "d[].e"), keeping their order. Objects and arrays are never required
// themselves: a required member binds only rows that have its parent.
func nodeFromPaths(fields []fieldDoc) (*fieldmeta.Node, error) {
	root := &pathTree{}
	for _, f := range fields {
		leaf := &fieldmeta.Node{Kind: fieldmeta.KindLeaf, Type: f.Type, Regex: f.Regex, Required: f.Required}
		if err := root.insert(strings.Split(f.Path, "."), leaf); err != nil {
			return nil, fmt.Errorf("field %s: %w", f.Path, err)
		}
	}
	return root.node(), nil
}

// pathTree is an object under construction: members in first-seen order.
type pathTree struct {
	names    []string
	children map[string]*pathMember
}

type pathMember struct {
	array bool
	leaf  *fieldmeta.Node
	obj   *pathTree
}

func (t *pathTree) insert(parts []string, leaf *fieldmeta.Node) error {
	name, array := strings.CutSuffix(parts[0], "[]")
	if t.children == nil {
		t.children = map[string]*pathMember{}
	}
	m := t.children[name]
	if m == nil {
		m = &pathMember{array: array}
		t.children[name] = m
		t.names = append(t.names, name)
	}
	if m.array != array {
		return fmt.Errorf("%s is both an array and not", name)
	}
	if len(parts) == 1 {
		if m.leaf != nil || m.obj != nil {
			return fmt.Errorf("%s is given twice", name)
		}
		m.leaf = leaf
		return nil
	}
	if m.leaf != nil {
		return fmt.Errorf("%s is both a field and an object", name)
	}
	if m.obj == nil {
		m.obj = &pathTree{}
	}
	return m.obj.insert(parts[1:], leaf)
}

func (t *pathTree) node() *fieldmeta.Node {
	fields := make([]fieldmeta.Field, len(t.names))
	for i, name := range t.names {
		m := t.children[name]
		n := m.leaf
		if n == nil {
			n = m.obj.node()
		}
		if m.array {
			n = &fieldmeta.Node{Kind: fieldmeta.KindArray, Elem: n}
		}
		fields[i] = fieldmeta.Field{Name: name, Node: n}
	}
	return fieldmeta.NewObject(fields...)
}
