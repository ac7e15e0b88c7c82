package emulator

import (
	"net/http"
	"strings"
)

// csvObjectEntry is one object of GET /data-loader/metadata/csv/objects.
// data-ingestion-using-bulk-jobs-api shows this list in two shapes on one
// page: {value, label, objectType, canImport, canUpdate, canDelete,
// cancellable, …Permissions, …DataDictionaryUrl} (step 1) and
// {objectName, actionsSupported} (step 2). The emulator answers the union,
// so a client reading either shape finds what it looks for; the client's
// tests hold each shape on its own.
type csvObjectEntry struct {
	Value                   string   `json:"value"`
	Label                   string   `json:"label"`
	ObjectType              string   `json:"objectType"`
	CanImport               bool     `json:"canImport"`
	CanUpdate               bool     `json:"canUpdate"`
	CanDelete               bool     `json:"canDelete"`
	Cancellable             bool     `json:"cancellable"`
	ImportDataDictionaryURL string   `json:"importDataDictionaryUrl,omitempty"`
	UpdateDataDictionaryURL string   `json:"updateDataDictionaryUrl,omitempty"`
	ObjectName              string   `json:"objectName"`
	ActionsSupported        []string `json:"actionsSupported"`
}

// handleCSVObjects is GET /data-loader/metadata/csv/objects.
func (s *Server) handleCSVObjects(w http.ResponseWriter, r *http.Request) {
	entries := make([]csvObjectEntry, 0, len(s.catalogue.objects))
	for _, o := range s.catalogue.objects {
		label := firstNonEmpty(o.label, o.Name)
		entries = append(entries, csvObjectEntry{
			Value: label, Label: label, ObjectType: o.Type,
			CanImport: o.supports(actionImport), CanUpdate: o.supports(actionUpdate),
			CanDelete: o.supports(actionDelete), Cancellable: o.supports(actionCancel),
			ImportDataDictionaryURL: dictionaryURL(o.dictionary[actionImport]),
			UpdateDataDictionaryURL: dictionaryURL(o.dictionary[actionUpdate]),
			ObjectName:              o.Name, ActionsSupported: o.actionsSupported(),
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"metadata": entries})
}

// dictionaryURL is the docs.zuora.com address of a reference page saved
// as data-management_data-loader_…_import_accounts-and-contacts.md.
func dictionaryURL(page string) string {
	if page == "" {
		return ""
	}
	return "https://docs.zuora.com/en/zuora-platform/" + strings.ReplaceAll(strings.TrimSuffix(page, ".md"), "_", "/")
}
