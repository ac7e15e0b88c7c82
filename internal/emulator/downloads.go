package emulator

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"time"
)

type downloadsJSON struct {
	JobID           string `json:"jobId"`
	Status          string `json:"status"`
	SourceFile      string `json:"sourceFile"`
	ErrorRowsFile   string `json:"errorRowsFile"`
	SuccessRowsFile string `json:"successRowsFile"`
	Delimiter       string `json:"delimiter"`
}

// handleDownloads is GET …/{id}/downloads. The reference answers 404 for
// a job that is not (yet) completed, and so do we.
func (s *Server) handleDownloads(w http.ResponseWriter, r *http.Request) {
	j := s.lockJob(w, r)
	if j == nil {
		return
	}
	if j.status != statusCompleted {
		id, status := j.id, j.status
		s.mu.Unlock()
		writeReason(w, http.StatusNotFound, codeNotFound, "Bulk job '%s' is %s; download links are available once it is Completed", id, status)
		return
	}
	base, now := baseURL(r), time.Now()
	resp := downloadsJSON{
		JobID:           j.id,
		Status:          j.status,
		SourceFile:      s.presign(http.MethodGet, base, uploadsBucket, j.id, now, s.opts.LinkLifetime),
		ErrorRowsFile:   s.presign(http.MethodGet, base, resultsBucket, resultKey(j, "error_rows"), now, s.opts.LinkLifetime),
		SuccessRowsFile: s.presign(http.MethodGet, base, resultsBucket, resultKey(j, "success_rows"), now, s.opts.LinkLifetime),
		Delimiter:       string(j.csv.delimiter),
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

type mappingJSON struct {
	Field  string `json:"field"`
	Column string `json:"column"`
}

// handleMappings is GET …/{id}/mappings: which field each column of the
// upload loads into. A job without an upload has none yet.
func (s *Server) handleMappings(w http.ResponseWriter, r *http.Request) {
	j := s.lockJob(w, r)
	if j == nil {
		return
	}
	path, fileType, spec := "", j.fileType, j.csv
	if j.upload != nil {
		path = j.upload.path
	}
	s.mu.Unlock()

	out := []mappingJSON{}
	for _, col := range uploadedColumns(path, fileType, spec) {
		field := col
		if target, ok := spec.mappings[col]; ok {
			field = target
		}
		out = append(out, mappingJSON{Field: field, Column: col})
	}
	writeJSON(w, http.StatusOK, map[string]any{"mappings": out})
}

// uploadedColumns is the CSV header, or the members of the first JSON
// line in order. Errors just mean no columns: processing reports them.
func uploadedColumns(path, fileType string, spec csvSpec) []string {
	if fileType == "csv" && !spec.hasHeaders {
		return spec.headers
	}
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if fileType == "csv" {
		cr := csv.NewReader(br)
		cr.Comma = spec.delimiter
		header, _ := cr.Read()
		return header
	}
	for {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			return objectKeys(line)
		}
		if err != nil {
			return nil
		}
	}
}

// objectKeys lists a JSON object's top-level member names in order.
func objectKeys(doc []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(doc))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		if k, ok := t.(string); ok {
			keys = append(keys, k)
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}
