package client

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// orderedFields decodes uploadRequest.fields keeping Zuora's member order:
// S3 checks the form against the policy, and the guide says to send every
// field exactly as given, so a map (which forgets order) will not do.
type orderedFields []FormField

func (f *orderedFields) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		*f = nil
		return nil
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return fmt.Errorf("uploadRequest.fields: expected an object, got %v", tok)
	}
	var out orderedFields
	for dec.More() {
		nameTok, err := dec.Token()
		if err != nil {
			return err
		}
		name, ok := nameTok.(string)
		if !ok {
			return fmt.Errorf("uploadRequest.fields: unexpected %v", nameTok)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		value, err := unquote(raw)
		if err != nil {
			return fmt.Errorf("uploadRequest.fields.%s: %w", name, err)
		}
		out = append(out, FormField{Name: name, Value: value})
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	*f = out
	return nil
}
