package emulator

import (
	"net/http"
	"strings"
)

type objectEntry struct {
	ObjectName       string   `json:"objectName"`
	ObjectType       string   `json:"objectType"`
	ActionsSupported []string `json:"actionsSupported"`
}

// handleObjects is GET /data-loader/metadata/json/objects.
func (s *Server) handleObjects(w http.ResponseWriter, r *http.Request) {
	entries := make([]objectEntry, len(s.catalogue.objects))
	for i, o := range s.catalogue.objects {
		entries[i] = objectEntry{ObjectName: o.Name, ObjectType: o.Type, ActionsSupported: o.actionsSupported()}
	}
	writeJSON(w, http.StatusOK, map[string]any{"metadata": entries})
}

// handleFields is GET /data-loader/metadata/{json,csv}/objects/{objectName}/fields?action=…
// It takes the objectName only, as the guide does; the objectType is for
// creating jobs. The CSV document has the JSON one's shape
// (data-ingestion-using-bulk-jobs-api, step 3): a CSV column names a field
// by its path, dotted for nested members.
func (s *Server) handleFields(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("objectName")
	o := s.catalogue.byName(name)
	if o == nil {
		writeReason(w, http.StatusNotFound, codeNotFound, "Object '%s' not found; list objects with GET %s", name, strings.TrimSuffix(r.URL.Path, "/"+name+"/fields"))
		return
	}
	raw := r.URL.Query().Get("action")
	if raw == "" {
		writeReason(w, http.StatusBadRequest, codeMissingField, "The query parameter 'action' is required (Import, Update, Delete or Cancel)")
		return
	}
	action, ok := canonicalAction(raw)
	if !ok {
		writeReason(w, http.StatusBadRequest, codeInvalidValue, "Invalid action '%s'; expected Import, Update, Delete or Cancel", raw)
		return
	}
	if !o.supports(action) {
		writeReason(w, http.StatusBadRequest, codeUnsupported, "Action '%s' is not supported for object '%s'; supported: %s",
			action, o.Name, strings.Join(o.actionsSupported(), ", "))
		return
	}
	doc, _ := o.fields[action].MarshalJSON()
	writeRawJSON(w, http.StatusOK, doc)
}
