package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// s3Error is S3's XML error document.
type s3Error struct {
	XMLName        xml.Name `xml:"Error"`
	Code           string
	Message        string
	ProposedSize   int64  `xml:",omitempty"`
	MaxSizeAllowed int64  `xml:",omitempty"`
	RequestID      string `xml:"RequestId"`
	HostID         string `xml:"HostId"`
	status         int
}

func s3Err(status int, code, msg string) *s3Error {
	return &s3Error{Code: code, Message: msg, status: status}
}

func writeS3Error(w http.ResponseWriter, e *s3Error) {
	c := *e
	c.RequestID = w.Header().Get("Zuora-Request-Id")
	host := make([]byte, 48)
	_, _ = rand.Read(host)
	c.HostID = base64.StdEncoding.EncodeToString(host)
	body, _ := xml.Marshal(c)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(c.status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(body)
}

// checkForm holds a POST form to its grant the way S3 holds it to the
// signed policy: the policy and signature unchanged, not expired, every
// pinned field present with its exact value, and nothing extra.
func (s *Server) checkForm(g *uploadGrant, form orderedFields, now time.Time) *s3Error {
	policy, ok := form.get("Policy")
	if !ok {
		return s3Err(http.StatusBadRequest, "InvalidArgument", "Bucket POST must contain a field named 'Policy'.  If it is specified, please check the order of the fields.")
	}
	doc, err := base64.StdEncoding.DecodeString(policy)
	if err != nil || !json.Valid(doc) {
		return s3Err(http.StatusBadRequest, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
	}
	issued, _ := g.fields.get("Policy")
	sig, _ := form.get("x-amz-signature")
	wantSig, _ := g.fields.get("x-amz-signature")
	if policy != issued || sig != wantSig {
		return s3Err(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
	}
	if now.After(g.expires) {
		return s3Err(http.StatusForbidden, "AccessDenied", "Invalid according to Policy: Policy expired.")
	}
	for _, f := range g.fields {
		if v, ok := form.get(f.Name); !ok || v != f.Value {
			return s3Err(http.StatusForbidden, "AccessDenied",
				fmt.Sprintf(`Invalid according to Policy: Policy Condition failed: ["eq", "$%s", %q]`, f.Name, f.Value))
		}
	}
	var extra []string
	for _, f := range form {
		if _, ok := g.fields.get(f.Name); !ok && !strings.HasPrefix(strings.ToLower(f.Name), "x-ignore-") {
			extra = append(extra, f.Name)
		}
	}
	if extra != nil {
		return s3Err(http.StatusForbidden, "AccessDenied", "Invalid according to Policy: Extra input fields: "+strings.Join(extra, ", "))
	}
	return nil
}

// presign builds a query-authenticated link like the guide's download
// links, pointing back at this server. The signature covers the method,
// so a download link cannot be used to upload.
func (s *Server) presign(method, base, bucket, key string, now time.Time, expiry time.Duration) string {
	now = now.UTC()
	date := now.Format(amzDateFormat)
	expires := strconv.Itoa(max(1, int(expiry.Seconds())))
	q := strings.Join([]string{
		"X-Amz-Security-Token=" + url.QueryEscape(sessionToken()),
		"X-Amz-Algorithm=AWS4-HMAC-SHA256",
		"X-Amz-Date=" + date,
		"X-Amz-SignedHeaders=host",
		"X-Amz-Expires=" + expires,
		"X-Amz-Credential=" + url.QueryEscape(credentialFor(now)),
		"X-Amz-Signature=" + s.sign(method, bucket, key, date, expires),
	}, "&")
	return base + s3Prefix + bucket + "/" + key + "?" + q
}

// handleObjectGet serves presigned GETs of sources and result files.
func (s *Server) handleObjectGet(w http.ResponseWriter, r *http.Request) {
	bucket, key := r.PathValue("bucket"), r.PathValue("key")
	if e := s.checkPresigned(r, bucket, key, time.Now()); e != nil {
		writeS3Error(w, e)
		return
	}
	path, contentType := s.objectPath(bucket, key)
	f, err := os.Open(path)
	if path == "" || err != nil {
		writeS3Error(w, s3Err(http.StatusNotFound, "NoSuchKey", "The specified key does not exist."))
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		writeS3Error(w, s3Err(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again."))
		return
	}
	w.Header().Set("Content-Type", contentType)
	http.ServeContent(w, r, key, fi.ModTime(), f)
}

// checkPresigned holds a request to its query-string signature, as S3
// does, refusing a second credential in an Authorization header.
func (s *Server) checkPresigned(r *http.Request, bucket, key string, now time.Time) *s3Error {
	if r.Header.Get("Authorization") != "" {
		return s3Err(http.StatusBadRequest, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
	}
	q := r.URL.Query()
	for _, p := range []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"} {
		if q.Get(p) == "" {
			return s3Err(http.StatusForbidden, "AccessDenied", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
		}
	}
	date, expires := q.Get("X-Amz-Date"), q.Get("X-Amz-Expires")
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	if q.Get("X-Amz-Signature") != s.sign(method, bucket, key, date, expires) {
		return s3Err(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
	}
	signed, err1 := time.Parse(amzDateFormat, date)
	secs, err2 := strconv.Atoi(expires)
	if err1 != nil || err2 != nil || now.After(signed.Add(time.Duration(secs)*time.Second)) {
		return s3Err(http.StatusForbidden, "AccessDenied", "Request has expired")
	}
	return nil
}

// objectPath maps a bucket and key to a stored file: the source under the
// job id, results as "<id>.success_rows.<ext>" and "<id>.error_rows.<ext>".
func (s *Server) objectPath(bucket, key string) (path, contentType string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, rest, _ := strings.Cut(key, ".")
	j := s.jobLocked(id)
	if j == nil {
		return "", ""
	}
	contentType = "application/x-ndjson"
	if j.fileType == "csv" {
		contentType = "text/csv"
	}
	switch {
	case bucket == uploadsBucket && rest == "" && j.upload != nil:
		return j.upload.path, contentType
	case bucket == resultsBucket && key == resultKey(j, "success_rows"):
		return j.results.success, contentType
	case bucket == resultsBucket && key == resultKey(j, "error_rows"):
		return j.results.errors, contentType
	}
	return "", ""
}

func resultKey(j *job, kind string) string { return j.id + "." + kind + "." + j.fileType }
