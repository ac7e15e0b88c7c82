package emulator

import (
	"net/http"
	"os"
	"time"
)

// handlePut takes a file PUT to a job's uploadUrl (Options.PutUploads).
func (s *Server) handlePut(w http.ResponseWriter, r *http.Request) {
	bucket, key := r.PathValue("bucket"), r.PathValue("key")
	if bucket != uploadsBucket {
		writeS3Error(w, s3Err(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist"))
		return
	}
	if e := s.checkPresigned(r, bucket, key, time.Now()); e != nil {
		writeS3Error(w, e)
		return
	}
	if r.ContentLength < 0 { // S3 refuses chunked uploads
		writeS3Error(w, s3Err(http.StatusLengthRequired, "MissingContentLength", "You must provide the Content-Length HTTP header."))
		return
	}
	s.mu.Lock()
	j := s.jobLocked(key)
	dir, err := s.workDirLocked()
	s.mu.Unlock()
	if j == nil {
		writeS3Error(w, s3Err(http.StatusForbidden, "AccessDenied", "Access Denied"))
		return
	}
	var tmp *os.File
	if err == nil {
		tmp, err = os.CreateTemp(dir, key+".source-*")
	}
	if err != nil {
		writeS3Error(w, s3Err(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again."))
		return
	}
	meta, e := copyHashed(tmp, r.Body, s.opts.MaxUploadBytes)
	if e == nil {
		e = s.storeUpload(j, tmp.Name(), meta)
	}
	if e != nil {
		_ = os.Remove(tmp.Name())
		writeS3Error(w, e)
		return
	}
	w.Header().Set("ETag", `"`+meta.md5+`"`)
	w.WriteHeader(http.StatusOK)
}
