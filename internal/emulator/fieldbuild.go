package emulator

import "github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"

// Small constructors so the catalogue reads like the document it serves.

func req(typ, regex string) *fieldmeta.Node {
	return &fieldmeta.Node{Kind: fieldmeta.KindLeaf, Type: typ, Regex: regex, Required: true}
}

func opt(typ, regex string) *fieldmeta.Node {
	return &fieldmeta.Node{Kind: fieldmeta.KindLeaf, Type: typ, Regex: regex}
}

func arrayOf(elem *fieldmeta.Node) *fieldmeta.Node {
	return &fieldmeta.Node{Kind: fieldmeta.KindArray, Elem: elem}
}

func field(name string, n *fieldmeta.Node) fieldmeta.Field {
	return fieldmeta.Field{Name: name, Node: n}
}

func objectOf(fields ...fieldmeta.Field) *fieldmeta.Node { return fieldmeta.NewObject(fields...) }

// idField is the record id Update, Delete and Cancel rows address.
func idField() fieldmeta.Field { return field("Id", req("string", reZuoraID)) }

// updateOf derives Update metadata from Import's: an Id is required and
// every other field becomes optional, since an update changes only what
// the row carries. omit drops fields that cannot change after creation.
func updateOf(imp *fieldmeta.Node, omit ...string) *fieldmeta.Node {
	skip := map[string]bool{}
	for _, name := range omit {
		skip[name] = true
	}
	fields := []fieldmeta.Field{idField()}
	for _, f := range imp.Fields {
		if !skip[f.Name] {
			fields = append(fields, field(f.Name, optionalCopy(f.Node)))
		}
	}
	return fieldmeta.NewObject(fields...)
}

// crud is an object with Import, an Update derived from it (fixed fields
// cannot change) and Delete by Id: the shape of most objects.
func crud(name, objectType string, imp *fieldmeta.Node, fixed ...string) *object {
	return &object{
		Name:  name,
		Type:  objectType,
		order: []string{actionImport, actionUpdate, actionDelete},
		fields: map[string]*fieldmeta.Node{
			actionImport: imp,
			actionUpdate: updateOf(imp, fixed...),
			actionDelete: deleteByID(),
		},
	}
}

// deleteByID is the Delete metadata of every object: just the Id.
func deleteByID() *fieldmeta.Node { return objectOf(idField()) }

func optionalCopy(n *fieldmeta.Node) *fieldmeta.Node {
	switch n.Kind {
	case fieldmeta.KindLeaf:
		return opt(n.Type, n.Regex)
	case fieldmeta.KindArray:
		return arrayOf(optionalCopy(n.Elem))
	default:
		fields := make([]fieldmeta.Field, len(n.Fields))
		for i, f := range n.Fields {
			fields[i] = field(f.Name, optionalCopy(f.Node))
		}
		return fieldmeta.NewObject(fields...)
	}
}

// Regexes shared across objects. Zuora's are Java-style; the guide's own
// are kept verbatim where it shows them.
const (
	reRequiredName255 = `(^(?!\s*$).{1,255})$` // the guide's name regex
	reRequiredName100 = `(^(?!\s*$).{1,100})$`
	reZuoraID         = `^[0-9a-fA-F]{32}$`
	reOptionalID      = `^(|[0-9a-fA-F]{32})$`
	reDate            = `^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`
	reOptionalDate    = `^(|\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))$`
	reBoolean         = `^(|([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))$` // the guide's autoPay regex
	reCurrency        = `^(AUD|USD|EUR|GBP|JPY|CAD)$`                  // the guide's
	reEmail           = `^(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,})$`
	reText50          = `^.{0,50}$`
	reText100         = `^.{0,100}$`
	reText255         = `^.{0,255}$`
	reText500         = `^.{0,500}$`
	reText2000        = `^.{0,2000}$`
)
