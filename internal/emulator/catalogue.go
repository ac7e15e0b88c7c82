package emulator

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// Job types as Zuora spells them; actionsSupported lists them lower-case.
const (
	actionImport = "Import"
	actionUpdate = "Update"
	actionDelete = "Delete"
	actionCancel = "Cancel"
)

// canonicalAction accepts any casing of a job type or metadata action.
func canonicalAction(s string) (string, bool) {
	for _, a := range []string{actionImport, actionUpdate, actionDelete, actionCancel} {
		if strings.EqualFold(s, a) {
			return a, true
		}
	}
	return "", false
}

// object is one loadable object: its names, its field metadata per action
// and the rules the emulator applies to rows beyond their metadata.
type object struct {
	Name   string                     // objectName, used for metadata
	Type   string                     // objectType, used to create jobs
	fields map[string]*fieldmeta.Node // by canonical action
	order  []string                   // actions in actionsSupported order

	// refs: a top-level field that must hold the Id of an existing
	// record of another objectType.
	refs map[string]string
	// unique: top-level fields no two records may share.
	unique []string
	// autoNumber: a field Zuora fills in on Import when the row has none.
	autoNumber *autoNumber

	// open: no field metadata; every action, field and value is taken
	// (custom and CSV-only objects, see open_objects.go).
	open, custom, csvOnly bool

	// From the data dictionary (catalogue_data.go): the object's label
	// and other names create-job accepts, and per action each field's
	// dictionary label by path.
	label      string
	aliases    []string
	labels     map[string]map[string]string
	dictionary map[string]string // action → the reference page it follows

	// Business rules from best-practices-for-delete-jobs (see apply.go).
	importDefaults map[string]string
	deleteStatus   string // Delete keeps the record with this status
	deleteRequires *deleteRequires
	referrers      []referrer
	// creates: an order template's rows make records of this objectType.
	creates string
}

type autoNumber struct {
	field, format string
}

// keyFields are the top-level fields the emulator reads from every row of
// the object: its unique, reference and auto-numbered fields, and Id.
func (o *object) keyFields() []string {
	keys := append([]string{"Id"}, o.unique...)
	for name := range o.refs {
		keys = append(keys, name)
	}
	if o.autoNumber != nil && !slices.Contains(keys, o.autoNumber.field) {
		keys = append(keys, o.autoNumber.field)
	}
	return keys
}

// storedAs is the objectType whose records the object's rows are: its
// own, or for an orders template the subscriptions it creates.
func (o *object) storedAs() string {
	if o.creates != "" {
		return o.creates
	}
	return o.Type
}

func (o *object) supports(action string) bool {
	if o.open {
		return true
	}
	_, ok := o.fields[action]
	return ok
}

// actionsSupported lists actions as the objects endpoint does.
func (o *object) actionsSupported() []string {
	out := make([]string, len(o.order))
	for i, a := range o.order {
		out[i] = strings.ToLower(a)
	}
	return out
}

type catalogue struct {
	objects []*object // sorted by objectName, as Zuora lists them
}

func newCatalogue(objects ...*object) *catalogue {
	sort.Slice(objects, func(i, j int) bool { return objects[i].Name < objects[j].Name })
	return &catalogue{objects: objects}
}

// looseName compares object names the ways Zuora's pages spell them:
// "ProductRatePlan", "product-rate-plan", "productrateplan" (create-job's
// list) and "Product Rate Plan" (the dictionary) are one name.
func looseName(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', ' ':
			return -1
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(s))
}

// byName finds an object by objectName, ignoring case and hyphens. The
// metadata endpoints take the objectName only, as the guide does.
func (c *catalogue) byName(name string) *object {
	want := looseName(name)
	for _, o := range c.objects {
		if looseName(o.Name) == want {
			return o
		}
	}
	// The CSV objects list names an object by its label ("value"); a
	// client may derive the name from it ("Contacts" → contacts).
	for _, o := range c.objects {
		if o.label != "" && looseName(o.label) == want {
			return o
		}
	}
	return nil
}

// byNameOrType finds an object by objectType, objectName or alias:
// create-job documents objectType (its list spells them lower-case and
// hyphenated: account, product-rate-plan, unitofmeasure), but the guide's
// summary answers the objectName, so clients may send either.
func (c *catalogue) byNameOrType(s string) *object {
	want := looseName(s)
	for _, o := range c.objects {
		if looseName(o.Type) == want {
			return o
		}
	}
	if o := c.byName(s); o != nil {
		return o
	}
	for _, o := range c.objects {
		for _, a := range o.aliases {
			if looseName(a) == want {
				return o
			}
		}
	}
	return nil
}

// sharedCatalogue is built once: it is read-only, and its field nodes then
// key the process-wide validator cache, so every Server reuses one
// compilation per object and action.
var sharedCatalogue = builtinCatalogue()

// builtinCatalogue is the tenant's object list, from catalogue/*.json.
func builtinCatalogue() *catalogue {
	c, err := loadCatalogue()
	if err != nil {
		panic("emulator: built-in catalogue: " + err.Error()) // a test catches it
	}
	return c
}
