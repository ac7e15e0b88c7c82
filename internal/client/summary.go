package client

import (
	"bytes"
	"encoding/json"
	"time"
)

// wireSummary is a job summary as Zuora sends it, in either documented
// form: epoch or ISO timestamps, numbers or numeric strings.
type wireSummary struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	Description           string   `json:"description"`
	Status                string   `json:"status"`
	ObjectType            string   `json:"objectType"`
	JobType               string   `json:"jobType"`
	FileType              string   `json:"fileType"`
	FailureReason         string   `json:"failureReason"`
	CreatedBy             string   `json:"createdBy"`
	SubmittedBy           string   `json:"submittedBy"`
	RowCount              flexInt  `json:"rowCount"`
	RowsSucceeded         flexInt  `json:"rowsSucceeded"`
	RowsFailed            flexInt  `json:"rowsFailed"`
	CreatedAt             flexTime `json:"createdAt"`
	SubmittedAt           flexTime `json:"submittedAt"`
	LastUpdatedAt         flexTime `json:"lastUpdatedAt"`
	IsCustomObject        flexBool `json:"isCustomObject"`
	CustomObjectNamespace string   `json:"customObjectNamespace"`
	DataSourceType        string   `json:"dataSourceType"`
	SystemType            string   `json:"systemType"`
}

func (w wireSummary) summary() Summary {
	return Summary{
		ID: w.ID, Name: w.Name, Description: w.Description, Status: w.Status,
		ObjectType: w.ObjectType, JobType: w.JobType, FileType: w.FileType,
		FailureReason: w.FailureReason, CreatedBy: w.CreatedBy, SubmittedBy: w.SubmittedBy,
		RowCount: int64(w.RowCount), RowsSucceeded: int64(w.RowsSucceeded), RowsFailed: int64(w.RowsFailed),
		CreatedAt: time.Time(w.CreatedAt), SubmittedAt: time.Time(w.SubmittedAt), LastUpdatedAt: time.Time(w.LastUpdatedAt),
		IsCustomObject: bool(w.IsCustomObject), CustomObjectNamespace: w.CustomObjectNamespace,
		DataSourceType: w.DataSourceType, SystemType: w.SystemType,
	}.normalized()
}

// jsonBody encodes a request body without HTML escaping, so what is logged
// and sent reads as written.
func jsonBody(v interface{}) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
