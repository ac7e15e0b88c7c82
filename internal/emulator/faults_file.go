package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ParseFaults reads a JSON list of faults in the shape of Fault, for the
// emulator's -faults flag:
//
//	[{"method": "POST", "path_suffix": "/submissions", "status": 503, "times": 2},
//	 {"path_suffix": "/summary", "latency": "2s"}]
//
// Keys are Fault's field names in any casing, with or without underscores
// (PathSuffix, pathSuffix, path_suffix). latency is a Go duration string
// ("1.5s", "300ms") or a number of milliseconds; retry_after a string or a
// number of seconds. Unknown keys are refused, so a typo does not silently
// inject nothing.
func ParseFaults(data []byte) ([]Fault, error) {
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("faults: expected a JSON list of objects: %w", err)
	}
	out := make([]Fault, 0, len(list))
	for i, m := range list {
		f, err := parseFault(m)
		if err != nil {
			return nil, fmt.Errorf("fault %d: %w", i+1, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// faultKeys maps a normalised key to the setter of its Fault field.
var faultKeys = map[string]func(*Fault, json.RawMessage) error{
	"method":        func(f *Fault, v json.RawMessage) error { return json.Unmarshal(v, &f.Method) },
	"pathsuffix":    func(f *Fault, v json.RawMessage) error { return json.Unmarshal(v, &f.PathSuffix) },
	"status":        func(f *Fault, v json.RawMessage) error { return json.Unmarshal(v, &f.Status) },
	"times":         func(f *Fault, v json.RawMessage) error { return json.Unmarshal(v, &f.Times) },
	"afterhandling": func(f *Fault, v json.RawMessage) error { return json.Unmarshal(v, &f.AfterHandling) },
	"reset":         func(f *Fault, v json.RawMessage) error { return json.Unmarshal(v, &f.Reset) },
	"retryafter": func(f *Fault, v json.RawMessage) (err error) {
		f.RetryAfter, err = stringOrNumber(v)
		return err
	},
	"latency": func(f *Fault, v json.RawMessage) (err error) {
		f.Latency, err = durationOrMillis(v)
		return err
	},
}

func parseFault(m map[string]json.RawMessage) (Fault, error) {
	var f Fault
	for key, v := range m {
		set, ok := faultKeys[strings.ToLower(strings.ReplaceAll(key, "_", ""))]
		if !ok {
			known := make([]string, 0, len(faultKeys))
			for k := range faultKeys {
				known = append(known, k)
			}
			sort.Strings(known)
			return f, fmt.Errorf("unknown key %q; known: %s", key, strings.Join(known, ", "))
		}
		if err := set(&f, v); err != nil {
			return f, fmt.Errorf("%s: %w", key, err)
		}
	}
	switch {
	case f.Status != 0 && (f.Status < 100 || f.Status > 599):
		return f, fmt.Errorf("status %d is not an HTTP status", f.Status)
	case f.Status == 0 && f.Latency == 0 && !f.Reset:
		return f, fmt.Errorf("neither status, latency nor reset: the fault would do nothing")
	case f.Times < 0:
		return f, fmt.Errorf("times must not be negative")
	case f.Latency < 0:
		return f, fmt.Errorf("latency must not be negative")
	}
	return f, nil
}

func durationOrMillis(v json.RawMessage) (time.Duration, error) {
	if bytes.HasPrefix(bytes.TrimSpace(v), []byte(`"`)) {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return 0, err
		}
		return time.ParseDuration(s)
	}
	var ms float64
	if err := json.Unmarshal(v, &ms); err != nil {
		return 0, fmt.Errorf("expected a duration string such as \"2s\" or a number of milliseconds")
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

func stringOrNumber(v json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err != nil {
		return "", fmt.Errorf("expected a string or a number of seconds")
	}
	if _, err := strconv.ParseFloat(n.String(), 64); err != nil {
		return "", err
	}
	return n.String(), nil
}
