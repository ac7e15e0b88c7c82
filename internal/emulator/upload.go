package emulator

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"time"
)

// The emulator's S3: path-style buckets under one prefix of the same
// listener, so a test needs no DNS or second port.
const (
	s3Prefix       = "/s3/"
	uploadsBucket  = "bulk-data-uploads-emulator"
	resultsBucket  = "bulk-data-job-details-emulator"
	accessKeyID    = "ASIAEMULATORZUORA000"
	s3Region       = "us-west-2"
	amzDateFormat  = "20060102T150405Z"
	maxFormField   = 20 << 10 // S3 refuses larger fields before the file
	policyDateForm = "2006-01-02T15:04:05.000Z"
)

func isS3Path(p string) bool { return strings.HasPrefix(p, s3Prefix) }

type formField struct{ Name, Value string }

// orderedFields marshals as a JSON object in the order fields were issued.
type orderedFields []formField

func (f orderedFields) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, ff := range f {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(ff.Name)
		v, _ := json.Marshal(ff.Value)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// get finds a field by name; S3 matches form field names ignoring case.
func (f orderedFields) get(name string) (string, bool) {
	for _, ff := range f {
		if strings.EqualFold(ff.Name, name) {
			return ff.Value, true
		}
	}
	return "", false
}

// uploadGrant is the presigned POST handed out when a job is created.
type uploadGrant struct {
	uri      string
	fields   orderedFields
	expires  time.Time
	maxBytes int64
}

// storedUpload is an accepted file.
type storedUpload struct {
	path string
	meta Upload
}

// grantUpload builds a presigned POST like the guide's: a base64 policy
// whose conditions pin every field, signed with the server's key.
func (s *Server) grantUpload(base, key string, now time.Time) *uploadGrant {
	now = now.UTC()
	expires := now.Add(s.opts.UploadExpiry)
	date := now.Format(amzDateFormat)
	credential := credentialFor(now)
	session := sessionToken()
	conditions := []any{
		[]any{"content-length-range", 0, s.opts.MaxUploadBytes},
		map[string]string{"x-amz-algorithm": "AWS4-HMAC-SHA256"},
		map[string]string{"x-amz-credential": credential},
		map[string]string{"x-amz-date": date},
		map[string]string{"bucket": uploadsBucket},
		map[string]string{"key": key},
		map[string]string{"x-amz-security-token": session},
	}
	doc, _ := json.Marshal(struct {
		Expiration string `json:"expiration"`
		Conditions []any  `json:"conditions"`
	}{expires.Format(policyDateForm), conditions})
	policy := base64.StdEncoding.EncodeToString(doc)
	return &uploadGrant{
		uri: base + s3Prefix + uploadsBucket,
		fields: orderedFields{ // the guide's order
			{"bucket", uploadsBucket},
			{"Policy", policy},
			{"x-amz-date", date},
			{"x-amz-signature", s.sign(policy)},
			{"x-amz-security-token", session},
			{"x-amz-algorithm", "AWS4-HMAC-SHA256"},
			{"key", key},
			{"x-amz-credential", credential},
		},
		expires:  expires,
		maxBytes: s.opts.MaxUploadBytes,
	}
}

func credentialFor(t time.Time) string {
	return accessKeyID + "/" + t.UTC().Format("20060102") + "/" + s3Region + "/s3/aws4_request"
}

// sessionToken stands in for STS's long opaque token.
func sessionToken() string {
	b := make([]byte, 96)
	_, _ = rand.Read(b)
	return "IQoJb3JpZ2luX2Vj" + base64.StdEncoding.EncodeToString(b)
}

func (s *Server) sign(parts ...string) string {
	m := hmac.New(sha256.New, s.signKey)
	_, _ = m.Write([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(m.Sum(nil))
}

// handleUpload is the presigned POST. Like S3 it reads the form in order
// and takes the file part as the end of the form; unlike S3 it refuses
// anything after the file rather than silently ignoring it, because a
// client that sends fields there has a bug.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("bucket") != uploadsBucket {
		writeS3Error(w, s3Err(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist"))
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		writeS3Error(w, errMalformedPost)
		return
	}
	var form orderedFields
	var order []string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			writeS3Error(w, s3Err(http.StatusBadRequest, "InvalidArgument", "POST requires exactly one file upload per request."))
			return
		}
		if err != nil || part.FormName() == "" {
			writeS3Error(w, errMalformedPost)
			return
		}
		name := part.FormName()
		order = append(order, name)
		if strings.EqualFold(name, "file") {
			s.receiveFile(w, form, order, part, mr)
			return
		}
		if _, dup := form.get(name); dup {
			writeS3Error(w, s3Err(http.StatusBadRequest, "InvalidArgument", fmt.Sprintf("Field %s was specified more than once", name)))
			return
		}
		value, err := io.ReadAll(io.LimitReader(part, maxFormField+1))
		if err != nil {
			writeS3Error(w, errMalformedPost)
			return
		}
		if len(value) > maxFormField {
			writeS3Error(w, s3Err(http.StatusBadRequest, "MaxPostPreDataLengthExceeded", "Your POST request fields preceding the upload file were too large."))
			return
		}
		form = append(form, formField{name, string(value)})
	}
}

var errMalformedPost = s3Err(http.StatusBadRequest, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")

func (s *Server) receiveFile(w http.ResponseWriter, form orderedFields, order []string, file *multipart.Part, mr *multipart.Reader) {
	key, ok := form.get("key")
	if !ok {
		writeS3Error(w, s3Err(http.StatusBadRequest, "InvalidArgument", "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields."))
		return
	}
	s.mu.Lock()
	j := s.jobLocked(key)
	var grant *uploadGrant
	if j != nil {
		grant = j.grant
	}
	dir, dirErr := s.workDirLocked()
	s.mu.Unlock()
	if grant == nil { // unknown key, or a job that was given a PUT URL
		writeS3Error(w, s3Err(http.StatusForbidden, "AccessDenied", "Access Denied"))
		return
	}
	if e := s.checkForm(grant, form, time.Now()); e != nil {
		writeS3Error(w, e)
		return
	}
	if dirErr != nil {
		writeS3Error(w, s3Err(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again."))
		return
	}
	tmp, err := os.CreateTemp(dir, key+".source-*")
	if err != nil {
		writeS3Error(w, s3Err(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again."))
		return
	}
	meta, e := copyHashed(tmp, file, grant.maxBytes)
	if e == nil {
		if next, err := mr.NextPart(); err == nil {
			e = s3Err(http.StatusBadRequest, "InvalidArgument", fmt.Sprintf("The file must be the last field of the form; field %s came after it", next.FormName()))
		} else if err != io.EOF {
			e = errMalformedPost
		}
	}
	if e == nil {
		meta.FieldOrder = order
		e = s.storeUpload(j, tmp.Name(), meta)
	}
	if e != nil {
		_ = os.Remove(tmp.Name())
		writeS3Error(w, e)
		return
	}
	w.Header().Set("ETag", `"`+meta.md5+`"`)
	w.Header().Set("Location", grant.uri+"/"+key)
	w.WriteHeader(http.StatusNoContent)
}

type hashedFile struct {
	Upload
	md5 string
}

// copyHashed streams the file part to disk, hashing as it goes and
// stopping as soon as it passes the policy's maximum.
func copyHashed(dst *os.File, src io.Reader, limit int64) (hashedFile, *s3Error) {
	defer dst.Close()
	sha, sum5 := sha256.New(), md5.New()
	n, err := io.Copy(io.MultiWriter(dst, sha, sum5), io.LimitReader(src, limit+1))
	if n > limit {
		e := s3Err(http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
		e.ProposedSize, e.MaxSizeAllowed = n, limit
		return hashedFile{}, e
	}
	if err != nil {
		return hashedFile{}, s3Err(http.StatusBadRequest, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.")
	}
	return hashedFile{Upload: Upload{Size: n, SHA256: hex.EncodeToString(sha.Sum(nil))}, md5: hex.EncodeToString(sum5.Sum(nil))}, nil
}

// storeUpload keeps the file if the job still takes one; a second upload
// before submission replaces the first, as an S3 overwrite would.
func (s *Server) storeUpload(j *job, path string, f hashedFile) *s3Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j.status != statusCreated {
		return s3Err(http.StatusForbidden, "AccessDenied", "Access Denied: bulk job "+j.id+" is "+j.status+" and no longer accepts uploads")
	}
	if j.upload != nil {
		_ = os.Remove(j.upload.path)
	}
	j.upload = &storedUpload{path: path, meta: f.Upload}
	s.counts.Uploads++
	return nil
}
