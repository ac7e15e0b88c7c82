package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Zuora's eight-digit codes end in a category: 11 authentication, 20
// invalid value, 21 unknown field, 22 missing field, 30 rule restriction,
// 40 not found, 45 unsupported, 60 internal, 61 temporary, 70 limit
// exceeded, 90 malformed request. Clients decide retries from it.
const (
	codeAuth            = 90000011
	codeInvalidValue    = 53000020
	codeUnknownField    = 53000021
	codeMissingField    = 53000022
	codeRuleRestriction = 53000030
	codeNotFound        = 53000040
	codeUnsupported     = 53000045
	codeInternal        = 90000060
	codeTemporary       = 90000061
	codeTooManyRequests = 90000070
	codeMalformed       = 53000090
)

type reason struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// failureBody is the {"success":false,"processId","reasons"} shape.
type failureBody struct {
	Success   bool     `json:"success"`
	ProcessID string   `json:"processId"`
	Reasons   []reason `json:"reasons"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeRawJSON(w, status, buf.Bytes())
}

func writeRawJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeReasons(w http.ResponseWriter, status int, reasons []reason) {
	writeJSON(w, status, failureBody{ProcessID: processID(), Reasons: reasons})
}

func writeReason(w http.ResponseWriter, status, code int, format string, args ...any) {
	writeReasons(w, status, []reason{{Code: code, Message: fmt.Sprintf(format, args...)}})
}

// processID looks like Zuora's: sixteen upper-case hex digits.
func processID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}

// baseURL is how the caller reached us, so links we hand out (upload and
// download URLs) work whatever address the listener has.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
