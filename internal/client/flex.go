package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The guide and the API description disagree on JSON types, so these
// accept every documented form.

// flexString takes a string or a number (codes come both ways).
type flexString string

func (s *flexString) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case bytes.Equal(data, []byte("null")):
		*s = ""
	case len(data) > 0 && data[0] == '"':
		var v string
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		*s = flexString(v)
	default:
		*s = flexString(data)
	}
	return nil
}

// flexInt takes a number or a numeric string; null and "" are zero.
type flexInt int64

func (n *flexInt) UnmarshalJSON(data []byte) error {
	s, err := unquote(data)
	if err != nil || s == "" {
		*n = 0
		return err
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = flexInt(v)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt64 {
		return fmt.Errorf("not a whole number: %s", data)
	}
	*n = flexInt(f)
	return nil
}

// flexSeconds is a duration in seconds, whole or fractional ("3599.5"),
// as a number or a string; null and "" are zero.
type flexSeconds time.Duration

func (d *flexSeconds) UnmarshalJSON(data []byte) error {
	s, err := unquote(data)
	if err != nil || s == "" {
		*d = 0
		return err
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > math.MaxInt64/float64(time.Second) {
		return fmt.Errorf("not a number of seconds: %s", data)
	}
	*d = flexSeconds(f * float64(time.Second))
	return nil
}

// flexBool takes true/false or their string forms; null and "" are false.
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	s, err := unquote(data)
	if err != nil || s == "" {
		*b = false
		return err
	}
	v, err := strconv.ParseBool(strings.ToLower(s))
	if err != nil {
		return fmt.Errorf("not a boolean: %s", data)
	}
	*b = flexBool(v)
	return nil
}

// unquote gives the text of a scalar: a string's contents, a number's or
// literal's digits, "" for null.
func unquote(data []byte) (string, error) {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		return "", nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return "", err
		}
		return strings.TrimSpace(s), nil
	}
	if len(data) > 0 && (data[0] == '{' || data[0] == '[') {
		return "", fmt.Errorf("expected a scalar, got %.20s", data)
	}
	return string(data), nil
}
