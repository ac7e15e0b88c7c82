package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// createJobRequest is BulkJobRequest. objectName is accepted as well as
// objectType; the read-only members are accepted and ignored.
type createJobRequest struct {
	Name                  *string          `json:"name"`
	Description           string           `json:"description"`
	ObjectType            string           `json:"objectType"`
	ObjectName            string           `json:"objectName"`
	JobType               string           `json:"jobType"`
	FileType              string           `json:"fileType"`
	Delimiter             *string          `json:"delimiter"`
	HasHeaders            *bool            `json:"hasHeaders"`
	Headers               []string         `json:"headers"`
	RowIDHeader           string           `json:"rowIdHeader"`
	Mappings              []mappingRequest `json:"mappings"`
	IsCustomObject        bool             `json:"isCustomObject"`
	CustomObjectNamespace string           `json:"customObjectNamespace"`
	DataSourceType        string           `json:"dataSourceType"`
	SystemType            string           `json:"systemType"`
}

type mappingRequest struct {
	Source    string `json:"source"`
	Target    string `json:"target"`
	Type      string `json:"type"`
	ArrayType string `json:"arrayType"`
}

type createResponse struct {
	ID            string         `json:"id"`
	UploadRequest *uploadRequest `json:"uploadRequest,omitempty"`
	UploadURL     string         `json:"uploadUrl,omitempty"`
	// UploadFileInfo is the shape the text of create-job's reference
	// page describes (the reference profile's answer).
	UploadFileInfo *uploadFileInfo `json:"uploadFileInfo,omitempty"`
	Status         string          `json:"status"`
	JobType        string          `json:"jobType"`
}

type uploadRequest struct {
	URI    string        `json:"uri"`
	Fields orderedFields `json:"fields"`
}

// handleCreateJob is POST /bulk-data/bulk-jobs.
func (s *Server) handleCreateJob(w http.ResponseWriter, r *http.Request) {
	req, reasons := decodeCreate(w, r)
	if reasons != nil {
		writeReasons(w, http.StatusBadRequest, reasons)
		return
	}
	j, reasons := s.newJob(req)
	if reasons != nil {
		writeReasons(w, http.StatusBadRequest, reasons)
		return
	}
	now := time.Now()
	j.id = newUUID()
	j.createdBy = userID(clientOf(r))
	j.createdAt, j.lastUpdateAt = now, now
	j.status = statusCreated
	resp := createResponse{ID: j.id, Status: statusCreated, JobType: j.jobType}
	if s.opts.PutUploads {
		resp.UploadURL = s.presign(http.MethodPut, baseURL(r), uploadsBucket, j.id, now, s.opts.UploadExpiry)
	} else {
		j.grant = s.grantUpload(baseURL(r), j.id, now)
		if s.isReference() {
			resp.UploadFileInfo = &uploadFileInfo{UploadURL: j.grant.uri, FormFields: j.grant.fields, JobID: j.id}
		} else {
			resp.UploadRequest = &uploadRequest{URI: j.grant.uri, Fields: j.grant.fields}
		}
	}

	s.mu.Lock()
	s.jobSeq++
	j.seq = s.jobSeq
	s.jobs[j.id] = j
	s.jobOrder = append(s.jobOrder, j)
	s.counts.JobsCreated++
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, resp)
}

func decodeCreate(w http.ResponseWriter, r *http.Request) (*createJobRequest, []reason) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		return nil, []reason{{codeMalformed, "The request body could not be read or exceeds 1 MiB"}}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var req createJobRequest
	if err := dec.Decode(&req); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return nil, []reason{{codeUnknownField, "Unknown field " + name + " in the request body"}}
		}
		return nil, []reason{{codeMalformed, "The request body must be a JSON object: " + err.Error()}}
	}
	if dec.More() {
		return nil, []reason{{codeMalformed, "Unexpected data after the JSON object"}}
	}
	return &req, nil
}

// newJob validates a create request and reports every problem at once, as
// Zuora's reasons list does.
func (s *Server) newJob(req *createJobRequest) (*job, []reason) {
	var reasons []reason
	bad := func(code int, format string, args ...any) {
		reasons = append(reasons, reason{code, fmt.Sprintf(format, args...)})
	}
	j := &job{namespace: "default", csv: csvSpec{delimiter: ',', hasHeaders: true}}

	switch {
	case req.Name == nil || strings.TrimSpace(*req.Name) == "":
		bad(codeMissingField, "name is required")
	case utf8.RuneCountInString(*req.Name) > 255:
		bad(codeInvalidValue, "name must be at most 255 characters")
	default:
		j.name = *req.Name
	}
	if utf8.RuneCountInString(req.Description) > 2000 {
		bad(codeInvalidValue, "description must be at most 2000 characters")
	}
	j.description = req.Description

	j.object = s.resolveObject(req, bad)

	j.jobType = actionImport
	if req.JobType != "" {
		if a, ok := canonicalAction(req.JobType); ok {
			j.jobType = a
		} else {
			bad(codeInvalidValue, "Invalid jobType '%s'; expected Import, Update, Delete or Cancel", req.JobType)
		}
	}
	if j.object != nil && !j.object.supports(j.jobType) {
		bad(codeUnsupported, "jobType '%s' is not supported for objectType '%s'; supported: %s",
			j.jobType, j.object.Type, strings.Join(j.object.actionsSupported(), ", "))
	}

	j.fileType = "csv"
	if req.FileType != "" {
		switch strings.ToLower(req.FileType) {
		case "csv", "jsonl":
			j.fileType = strings.ToLower(req.FileType)
		default:
			bad(codeInvalidValue, "Invalid fileType '%s'; expected csv or jsonl", req.FileType)
		}
	}
	if j.fileType == "csv" {
		s.csvOptions(req, j, bad)
	}
	if j.object != nil && j.object.csvOnly && j.fileType != "csv" {
		bad(codeUnsupported, "objectType '%s' is loaded from CSV files only", j.object.Type)
	}
	if req.CustomObjectNamespace != "" {
		j.namespace = req.CustomObjectNamespace
	}
	j.rowIDHeader = req.RowIDHeader
	if reasons != nil {
		return nil, reasons
	}
	return j, nil
}

func (s *Server) resolveObject(req *createJobRequest, bad func(int, string, ...any)) *object {
	given := req.ObjectType
	if given == "" {
		given = req.ObjectName
	}
	if given == "" {
		bad(codeMissingField, "objectType is required")
		return nil
	}
	o := s.catalogue.byNameOrType(given)
	if o == nil || req.IsCustomObject {
		o = outsideCatalogue(given, req.IsCustomObject)
	}
	if o == nil {
		bad(codeInvalidValue, "objectType '%s' is not supported; list objects with GET /data-loader/metadata/json/objects", given)
		return nil
	}
	if req.ObjectType != "" && req.ObjectName != "" && s.catalogue.byNameOrType(req.ObjectName) != o {
		bad(codeInvalidValue, "objectType '%s' and objectName '%s' name different objects", req.ObjectType, req.ObjectName)
	}
	return o
}

// csvOptions checks the CSV reading options: a one-character delimiter, a
// header either in the file or in the request, and mappings onto known
// fields.
func (s *Server) csvOptions(req *createJobRequest, j *job, bad func(int, string, ...any)) {
	if req.Delimiter != nil {
		if d, ok := parseDelimiter(*req.Delimiter); ok {
			j.csv.delimiter = d
		} else {
			bad(codeInvalidValue, "delimiter must be one of comma, tab, pipe, semicolon, colon, caret, tilde, dot/period")
		}
	}
	if req.HasHeaders != nil {
		j.csv.hasHeaders = *req.HasHeaders
	}
	if !j.csv.hasHeaders {
		if len(req.Headers) == 0 {
			bad(codeMissingField, "headers are required when hasHeaders is false")
		}
		j.csv.headers = append([]string(nil), req.Headers...)
	}
	if len(req.Mappings) == 0 || j.object == nil || j.object.open || !j.object.supports(j.jobType) {
		return
	}
	known := map[string]bool{}
	for _, f := range j.object.fields[j.jobType].Flatten() {
		known[f.Path] = true
		known[strings.ReplaceAll(f.Path, "[]", "")] = true
	}
	j.csv.mappings = map[string]string{}
	for i, m := range req.Mappings {
		switch {
		case m.Source == "" || m.Target == "":
			bad(codeMissingField, "mappings[%d]: source and target are required", i)
		case !known[m.Target]:
			bad(codeInvalidValue, "mappings[%d]: target '%s' is not a field of %s for %s", i, m.Target, j.object.Type, j.jobType)
		case !oneOf(m.Type, "", "array", "string", "number", "boolean") || !oneOf(m.ArrayType, "", "string", "number", "boolean"):
			bad(codeInvalidValue, "mappings[%d]: invalid type or arrayType", i)
		default:
			j.csv.mappings[m.Source] = m.Target
			if m.Type == "array" {
				j.csv.arrays = append(j.csv.arrays, m.Source)
			}
		}
	}
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}
