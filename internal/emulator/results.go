package emulator

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
)

// resultPaths are a job's result files once processing has started.
type resultPaths struct{ success, errors string }

// resultWriter appends to the success and error files as rows are
// processed. JSON-lines results echo the row with added members; CSV
// results echo the record with an added column.
type resultWriter struct {
	csv            bool
	files          []*os.File
	success, error *bufio.Writer
	successCSV     *csv.Writer
	errorCSV       *csv.Writer
}

func newResultWriter(dir string, j *job, columns []string) (*resultWriter, resultPaths, error) {
	paths := resultPaths{
		success: filepath.Join(dir, resultKey(j, "success_rows")),
		errors:  filepath.Join(dir, resultKey(j, "error_rows")),
	}
	w := &resultWriter{csv: j.fileType == "csv"}
	for _, p := range []string{paths.success, paths.errors} {
		f, err := os.Create(p)
		if err != nil {
			w.close()
			return nil, resultPaths{}, err
		}
		w.files = append(w.files, f)
	}
	w.success, w.error = bufio.NewWriter(w.files[0]), bufio.NewWriter(w.files[1])
	if w.csv {
		w.successCSV, w.errorCSV = csv.NewWriter(w.success), csv.NewWriter(w.error)
		w.successCSV.Comma, w.errorCSV.Comma = j.csv.delimiter, j.csv.delimiter
		_ = w.successCSV.Write(append(append([]string(nil), columns...), "Id"))
		_ = w.errorCSV.Write(append(append([]string(nil), columns...), "Error"))
	}
	return w, paths, nil
}

// succeeded records a processed row and the id of the record it touched.
// hasID says whether the row (a JSON object, since it loaded) already has
// an Id member, which is then not added twice.
func (w *resultWriter) succeeded(r row, id string, hasID bool) {
	if w.csv {
		_ = w.successCSV.Write(append(append([]string(nil), r.record...), id))
		return
	}
	body := bytes.TrimSpace(r.raw)
	if hasID {
		_, _ = w.success.Write(body)
		_ = w.success.WriteByte('\n')
		return
	}
	// The row was decoded already, so it is an object: no need to parse
	// it again as withMembers would.
	inner := bytes.TrimSpace(body[1 : len(body)-1])
	_ = w.success.WriteByte('{')
	_, _ = w.success.Write(inner)
	if len(inner) > 0 {
		_ = w.success.WriteByte(',')
	}
	_, _ = w.success.WriteString(`"Id":`)
	if plainID(id) {
		_ = w.success.WriteByte('"')
		_, _ = w.success.WriteString(id)
		_ = w.success.WriteByte('"')
	} else {
		_, _ = w.success.Write(jsonText(id))
	}
	_, _ = w.success.WriteString("}\n")
}

// plainID reports an id that needs no JSON escaping, as every id the
// emulator makes does; encoding one per row would allocate an encoder.
func plainID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && c != '-' {
			return false
		}
	}
	return true
}

func (w *resultWriter) failed(r row, reason string) {
	if w.csv {
		_ = w.errorCSV.Write(append(append([]string(nil), r.record...), reason))
		return
	}
	_, _ = w.error.Write(withMembers(r.raw, member{"_line", r.line}, member{"_error", reason}))
	_ = w.error.WriteByte('\n')
}

func (w *resultWriter) flush() {
	if w.csv {
		w.successCSV.Flush()
		w.errorCSV.Flush()
	}
	_ = w.success.Flush()
	_ = w.error.Flush()
}

func (w *resultWriter) close() {
	if w.success != nil {
		w.flush()
	}
	for _, f := range w.files {
		_ = f.Close()
	}
}

// member is a name and a string or int value to add to a JSON row.
type member struct {
	name  string
	value any
}

// withMembers appends members to a JSON object row, keeping the
// row's own bytes so the result file shows exactly what was sent. A
// member the row already has is not added twice. A row that is not a
// JSON object is wrapped as {"_row": "<text>", …}.
func withMembers(raw []byte, members ...member) []byte {
	body := bytes.TrimSpace(raw)
	var out bytes.Buffer
	var have map[string]json.RawMessage
	isObject := len(body) >= 2 && body[0] == '{' && json.Unmarshal(body, &have) == nil
	sep := true
	if isObject {
		inner := bytes.TrimSpace(body[1 : len(body)-1])
		out.WriteByte('{')
		out.Write(inner)
		sep = len(inner) > 0
	} else {
		out.WriteString(`{"_row":`)
		out.Write(jsonText(string(raw)))
	}
	for _, m := range members {
		if _, dup := have[m.name]; dup {
			continue
		}
		if sep {
			out.WriteByte(',')
		}
		out.Write(jsonText(m.name))
		out.WriteByte(':')
		switch v := m.value.(type) {
		case int:
			out.WriteString(strconv.Itoa(v))
		case string:
			out.Write(jsonText(v))
		}
		sep = true
	}
	out.WriteByte('}')
	return out.Bytes()
}

// jsonText encodes a string without HTML escaping.
func jsonText(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimRight(buf.Bytes(), "\n")
}
