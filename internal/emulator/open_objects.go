package emulator

import "strings"

// Objects the JSON-lines catalogue does not list can still be loaded:
// custom objects (isCustomObject, in a customObjectNamespace), and standard
// objects Zuora's Data Loader takes from CSV files only. The emulator has
// no field metadata for them, so it stores their rows as sent; what Zuora
// would check on such rows is beyond what the documents describe.

// csvOnlyObjects are loadable from CSV but absent from the JSON catalogue.
var csvOnlyObjects = []string{"TaxationItem", "JournalEntry"}

// openObject is a schemaless object: any field, any value.
func openObject(objectType string, custom, csvOnly bool) *object {
	return &object{Name: objectType, Type: objectType, open: true, custom: custom, csvOnly: csvOnly}
}

// outsideCatalogue finds an object create-job may name although the
// catalogue does not list it, or nil.
func outsideCatalogue(given string, custom bool) *object {
	given = strings.TrimSpace(given)
	if custom {
		return openObject(given, true, false)
	}
	for _, name := range csvOnlyObjects {
		if strings.EqualFold(name, given) {
			return openObject(name, false, true)
		}
	}
	return nil
}

// recordsKey is the record table a Records caller means: a catalogue
// object's objectType, or the name as given for any other object.
func (s *Server) recordsKey(objectType string) string {
	if o := s.catalogue.byNameOrType(objectType); o != nil {
		return o.storedAs()
	}
	if o := outsideCatalogue(objectType, false); o != nil {
		return o.Type
	}
	return objectType
}
