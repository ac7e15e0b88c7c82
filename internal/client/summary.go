package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// wireSummary is a job summary as Zuora sends it, in either documented
// form: epoch or ISO timestamps, numbers or numeric strings.
type wireSummary struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Description   string   `json:"description"`
	Status        string   `json:"status"`
	ObjectType    string   `json:"objectType"`
	JobType       string   `json:"jobType"`
	FileType      string   `json:"fileType"`
	FailureReason string   `json:"failureReason"`
	CreatedBy     string   `json:"createdBy"`
	SubmittedBy   string   `json:"submittedBy"`
	RowCount      rowCount `json:"rowCount"`
	RowsSucceeded rowCount `json:"rowsSucceeded"`
	RowsFailed    rowCount `json:"rowsFailed"`
	// Spellings no Zuora page uses, accepted where the documented one is
	// missing (getbulkjobsummary.md and the OpenAPI file say rowCount,
	// rowsSucceeded and rowsFailed).
	TotalCount            rowCount `json:"totalCount"`
	SucceededCount        rowCount `json:"succeededCount"`
	FailedCount           rowCount `json:"failedCount"`
	CreatedAt             flexTime `json:"createdAt"`
	SubmittedAt           flexTime `json:"submittedAt"`
	LastUpdatedAt         flexTime `json:"lastUpdatedAt"`
	IsCustomObject        flexBool `json:"isCustomObject"`
	CustomObjectNamespace string   `json:"customObjectNamespace"`
	DataSourceType        string   `json:"dataSourceType"`
	SystemType            string   `json:"systemType"`
}

// UnmarshalJSON decodes a summary and refuses one whose row counts are not
// counts: zeros in their place would hide failed rows.
func (w *wireSummary) UnmarshalJSON(data []byte) error {
	type plain wireSummary
	if err := json.Unmarshal(data, (*plain)(w)); err != nil {
		return err
	}
	w.RowCount = w.RowCount.named("rowCount").or(w.TotalCount.named("totalCount"))
	w.RowsSucceeded = w.RowsSucceeded.named("rowsSucceeded").or(w.SucceededCount.named("succeededCount"))
	w.RowsFailed = w.RowsFailed.named("rowsFailed").or(w.FailedCount.named("failedCount"))
	for _, c := range []rowCount{w.RowCount, w.RowsSucceeded, w.RowsFailed} {
		if c.bad {
			job := ""
			if w.ID != "" {
				job = "bulk job " + w.ID + ": "
			}
			return fmt.Errorf("%sthe summary's %s is %s, which is not a row count (a whole number from 0 up); "+
				"the job's counts cannot be trusted, so they are not recorded", job, c.field, c.raw)
		}
	}
	return nil
}

// rowCount is one of a summary's counts: a whole number from 0 up, as a
// number or a numeric string; null, "" and absence are 0. Anything else is
// remembered as bad, with its JSON, for UnmarshalJSON to name.
type rowCount struct {
	n     int64
	set   bool
	bad   bool
	field string // the JSON member it came from
	raw   string // as sent, cut short
}

func (c *rowCount) UnmarshalJSON(data []byte) error {
	c.set = true
	c.raw = plainReason(data)
	var n flexInt
	if err := n.UnmarshalJSON(data); err != nil || n < 0 {
		// Not an error here: decoding goes on, and the summary's check
		// names the job and the field (a bad count must not hide the rest).
		c.bad = true
		return nil //nolint:nilerr // reported by the summary's check, with the field's name
	}
	c.n = int64(n)
	return nil
}

func (c rowCount) named(field string) rowCount {
	c.field = field
	return c
}

// or is c, or the undocumented spelling alt when c was not sent.
func (c rowCount) or(alt rowCount) rowCount {
	if !c.set && alt.set {
		return alt
	}
	return c
}

func (w wireSummary) summary() Summary {
	return Summary{
		ID: w.ID, Name: w.Name, Description: w.Description, Status: w.Status,
		ObjectType: w.ObjectType, JobType: w.JobType, FileType: w.FileType,
		FailureReason: w.FailureReason, CreatedBy: w.CreatedBy, SubmittedBy: w.SubmittedBy,
		RowCount: w.RowCount.n, RowsSucceeded: w.RowsSucceeded.n, RowsFailed: w.RowsFailed.n,
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
