package client

// createJobAnswer is create-job's answer in every documented shape:
// uploadRequest {uri, fields} (the JSON-lines guide,
// process-bulk-job-with-jsonl.txt, and the reference's response sample),
// uploadFileInfo {uploadUrl, formFields, jobId} (the text of
// v1-api-reference_api_operation_createbulkjob.md and
// v1-api-reference_api_operation_submitbulkjob.md), and a bare uploadUrl.
type createJobAnswer struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	JobType       string `json:"jobType"`
	UploadURL     string `json:"uploadUrl"`
	UploadRequest *struct {
		URI    string        `json:"uri"`
		Fields orderedFields `json:"fields"`
	} `json:"uploadRequest"`
	UploadFileInfo *struct {
		UploadURL  string        `json:"uploadUrl"`
		FormFields orderedFields `json:"formFields"`
		JobID      string        `json:"jobId"`
	} `json:"uploadFileInfo"`
}

func (a createJobAnswer) jobID() string {
	if a.ID == "" && a.UploadFileInfo != nil {
		return a.UploadFileInfo.JobID
	}
	return a.ID
}

// target picks where the file goes. Form fields mean a presigned POST
// (send every field as given, the file last), to whichever URL came with
// them or, failing that, any URL given; a bare URL with nothing else is a
// presigned PUT.
func (a createJobAnswer) target() UploadTarget {
	var url string
	var fields []FormField
	if r := a.UploadRequest; r != nil {
		url, fields = r.URI, r.Fields
	}
	if i := a.UploadFileInfo; i != nil {
		if url == "" || len(fields) == 0 && len(i.FormFields) > 0 {
			url = orString(i.UploadURL, url)
		}
		if len(fields) == 0 {
			fields = i.FormFields
		}
	}
	url = orString(url, a.UploadURL)
	if len(fields) > 0 || a.UploadRequest != nil && a.UploadRequest.URI != "" {
		return UploadTarget{URI: url, Fields: fields}
	}
	return UploadTarget{PutURL: url}
}
