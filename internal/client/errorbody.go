package client

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"unicode/utf8"
)

// maxPlainReason keeps a proxy's error page from flooding a diagnostic.
const maxPlainReason = 512

type errorBody struct {
	success   *bool // nil when the body does not say
	processID string
	requestID string // S3's <RequestId>
	reasons   []Reason
}

// failed is true for the {"success":false} shape, which Zuora sends even
// under HTTP 200.
func (b errorBody) failed() bool { return b.success != nil && !*b.success }

// parseErrorBody understands every shape Zuora documents:
// {"reasons":[{"code","message"}]}, {"success":false,"processId",
// "reasons":[…]}, {"errors":[{"code","message"}]}, {"message":…}; OAuth's
// {"error","error_description"}; S3's XML <Error>; and plain text.
func parseErrorBody(body []byte) errorBody {
	body = bytes.TrimSpace(body)
	switch {
	case len(body) == 0:
		return errorBody{}
	case body[0] == '{':
		if parsed, ok := parseJSONError(body); ok {
			return parsed
		}
	case body[0] == '<':
		if parsed, ok := parseXMLError(body); ok {
			return parsed
		}
		return errorBody{} // HTML from a proxy says nothing the status does not
	}
	return errorBody{reasons: []Reason{{Message: plainReason(body)}}}
}

type jsonReason struct {
	Code    flexString `json:"code"`
	Message string     `json:"message"`
}

func parseJSONError(body []byte) (errorBody, bool) {
	var doc struct {
		Success          *bool        `json:"success"`
		ProcessID        string       `json:"processId"`
		Reasons          []jsonReason `json:"reasons"`
		Errors           []jsonReason `json:"errors"`
		Message          string       `json:"message"`
		Error            string       `json:"error"`
		ErrorDescription string       `json:"error_description"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return errorBody{}, false
	}
	out := errorBody{success: doc.Success, processID: doc.ProcessID}
	for _, r := range append(doc.Reasons, doc.Errors...) {
		out.reasons = append(out.reasons, Reason{Code: string(r.Code), Message: r.Message})
	}
	switch {
	case len(out.reasons) > 0:
	case doc.Message != "":
		out.reasons = []Reason{{Message: doc.Message}}
	case doc.Error != "":
		out.reasons = []Reason{{Code: doc.Error, Message: doc.ErrorDescription}}
	}
	return out, true
}

func parseXMLError(body []byte) (errorBody, bool) {
	var doc struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string   `xml:"Code"`
		Message   string   `xml:"Message"`
		RequestID string   `xml:"RequestId"`
	}
	if xml.Unmarshal(body, &doc) != nil || (doc.Code == "" && doc.Message == "") {
		return errorBody{}, false
	}
	return errorBody{requestID: doc.RequestID, reasons: []Reason{{Code: doc.Code, Message: doc.Message}}}, true
}

func plainReason(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) <= maxPlainReason {
		return s
	}
	cut := maxPlainReason
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
