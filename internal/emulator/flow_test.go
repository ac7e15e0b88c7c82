package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The guide's seven steps end to end over plain HTTP.
func TestJSONLinesImportEndToEnd(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	content := accountRow("Acme", `,"accountNumber":"ACME-1"`) + "\n" +
		`{"name":"Broken",` + "\n" + // malformed JSON
		accountRow("Globex", "") + "\n" +
		accountRow("Acme Again", `,"accountNumber":"ACME-1"`) + "\n" // duplicate accountNumber

	c := h.create(map[string]any{"name": "Import Accounts", "objectType": "Account", "jobType": "Import", "fileType": "jsonl"})
	h.upload(c, content)
	view, _ := h.emu.Job(c.ID)
	sum := sha256.Sum256([]byte(content))
	if view.Upload == nil || view.Upload.Size != int64(len(content)) || view.Upload.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("upload %+v", view.Upload)
	}
	if got := strings.Join(view.Upload.FieldOrder, " "); got != strings.Join(c.fieldOrder, " ")+" file" {
		t.Errorf("field order %s", got)
	}

	var mappings struct {
		Mappings []mappingJSON `json:"mappings"`
	}
	h.callOK("GET", "/bulk-data/bulk-jobs/"+c.ID+"/mappings", nil, &mappings)
	if len(mappings.Mappings) != 6 || mappings.Mappings[0] != (mappingJSON{"name", "name"}) || mappings.Mappings[3].Field != "accountNumber" {
		t.Errorf("mappings %+v", mappings.Mappings)
	}

	resp, _ := h.call("GET", "/bulk-data/bulk-jobs/"+c.ID+"/downloads", nil)
	if resp.StatusCode != 404 {
		t.Errorf("downloads before completion: %d", resp.StatusCode)
	}
	h.submit(c.ID)
	s := h.wait(c.ID, statusCompleted)
	if s.RowCount != 4 || s.RowsSucceeded != 2 || s.RowsFailed != 2 || s.SubmittedAt == nil || s.SubmittedBy != s.CreatedBy {
		t.Errorf("summary %+v", s)
	}
	if s.DataSourceType != "UserUpload" || s.SystemType != "Billing" || s.FileType != "jsonl" || s.ObjectType != "Account" || s.CustomObjectNamespace != "default" {
		t.Errorf("summary constants %+v", s)
	}

	var dl downloadsJSON
	h.callOK("GET", "/bulk-data/bulk-jobs/"+c.ID+"/downloads", nil, &dl)
	if dl.JobID != c.ID || dl.Status != "Completed" || dl.Delimiter != "," || !strings.HasPrefix(dl.ErrorRowsFile, h.base+"/s3/") ||
		!strings.Contains(dl.SuccessRowsFile, "X-Amz-Signature=") || !strings.Contains(dl.ErrorRowsFile, ".error_rows.jsonl?") {
		t.Fatalf("downloads %+v", dl)
	}

	resp, source := h.get(dl.SourceFile)
	if resp.StatusCode != 200 || string(source) != content {
		t.Errorf("source file: %d %q", resp.StatusCode, source)
	}
	_, okBody := h.get(dl.SuccessRowsFile)
	okRows := lines(okBody)
	if len(okRows) != 2 || !strings.HasPrefix(okRows[0], `{"name":"Acme"`) {
		t.Fatalf("success rows %q", okBody)
	}
	var first map[string]any
	mustJSON(t, []byte(okRows[0]), &first)
	_, errBody := h.get(dl.ErrorRowsFile)
	errRows := lines(errBody)
	if len(errRows) != 2 || !strings.Contains(errRows[0], `"_line":2`) || !strings.Contains(errRows[0], "Malformed JSON") ||
		!strings.Contains(errRows[1], `"_line":4`) || !strings.Contains(errRows[1], "already used") {
		t.Errorf("error rows %q", errBody)
	}

	records := h.emu.Records("accounts-and-contacts")
	if len(records) != 2 || records[0]["Id"] != first["Id"] || records[0]["name"] != "Acme" {
		t.Fatalf("records %v", records)
	}
	if records[1]["accountNumber"] != "A00000001" {
		t.Errorf("auto accountNumber %v", records[1]["accountNumber"])
	}
	if contact, _ := records[0]["billToContact"].(map[string]any); contact["lastName"] != "Lovelace" {
		t.Errorf("nested contact %v", contact)
	}
	if n, ok := records[0]["billCycleDay"].(json.Number); !ok || n != "1" {
		t.Errorf("billCycleDay %#v", records[0]["billCycleDay"])
	}
}

func TestCSVImportWithMappings(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	c := h.create(map[string]any{
		"name": "csv", "objectType": "AccountingCode", "jobType": "Import", "fileType": "csv", "delimiter": ";",
		"mappings": []map[string]string{{"source": "Code Name", "target": "name"}},
	})
	h.upload(c, "Code Name;type;notes\nCash;Cash;main\nRevenue;Sales Revenue;\nBad;Not A Type;x\n")
	h.submit(c.ID)
	s := h.wait(c.ID, statusCompleted)
	if s.RowCount != 3 || s.RowsSucceeded != 2 || s.RowsFailed != 1 || s.FileType != "csv" {
		t.Errorf("summary %+v", s)
	}
	var mappings struct {
		Mappings []mappingJSON `json:"mappings"`
	}
	h.callOK("GET", "/bulk-data/bulk-jobs/"+c.ID+"/mappings", nil, &mappings)
	if mappings.Mappings[0] != (mappingJSON{Field: "name", Column: "Code Name"}) || mappings.Mappings[1] != (mappingJSON{"type", "type"}) {
		t.Errorf("mappings %+v", mappings.Mappings)
	}
	records := h.emu.Records("accountingcode")
	if len(records) != 2 || records[0]["name"] != "Cash" || records[1]["type"] != "Sales Revenue" {
		t.Fatalf("records %v", records)
	}
	if _, has := records[1]["notes"]; has {
		t.Error("an empty CSV cell was stored as a value")
	}
	var dl downloadsJSON
	h.callOK("GET", "/bulk-data/bulk-jobs/"+c.ID+"/downloads", nil, &dl)
	if dl.Delimiter != ";" || !strings.Contains(dl.ErrorRowsFile, ".error_rows.csv?") {
		t.Errorf("downloads %+v", dl)
	}
	_, errBody := h.get(dl.ErrorRowsFile)
	if rows := lines(errBody); len(rows) != 2 || rows[0] != "Code Name;type;notes;Error" || !strings.HasPrefix(rows[1], "Bad;Not A Type;x;") {
		t.Errorf("error file %q", errBody)
	}
	_, okBody := h.get(dl.SuccessRowsFile)
	if rows := lines(okBody); len(rows) != 3 || rows[1] != "Cash;Cash;main;"+text(records[0]["Id"]) {
		t.Errorf("success file %q", okBody)
	}
}

func TestDownloadLinksAreCheckedLikeS3(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	c := h.create(jsonlJob("AccountingPeriod", "Import"))
	h.upload(c, `{"name":"FY25 Q1","startDate":"2025-01-01","endDate":"2025-03-31","fiscalYear":2025}`+"\n")
	h.submit(c.ID)
	h.wait(c.ID, statusCompleted)
	var dl downloadsJSON
	h.callOK("GET", "/bulk-data/bulk-jobs/"+c.ID+"/downloads", nil, &dl)

	req, _ := http.NewRequest("GET", dl.SuccessRowsFile, nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); resp.StatusCode != 400 || !strings.Contains(string(body), "<Code>InvalidArgument</Code>") {
		t.Errorf("with Authorization: %d %s", resp.StatusCode, body)
	}
	tampered := strings.Replace(dl.SuccessRowsFile, "success_rows", "error_rows", 1)
	if resp, body := h.get(tampered); resp.StatusCode != 403 || !strings.Contains(string(body), "SignatureDoesNotMatch") {
		t.Errorf("tampered: %d %s", resp.StatusCode, body)
	}
	unsigned, _, _ := strings.Cut(dl.SuccessRowsFile, "?")
	if resp, body := h.get(unsigned); resp.StatusCode != 403 || !strings.Contains(string(body), "AccessDenied") {
		t.Errorf("unsigned: %d %s", resp.StatusCode, body)
	}
	req, _ = http.NewRequest("GET", dl.SuccessRowsFile, nil)
	req.Header.Set("Range", "bytes=0-9")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); resp.StatusCode != 206 || len(body) != 10 {
		t.Errorf("range: %d %q", resp.StatusCode, body)
	}
}
