package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// recordTable holds one objectType's records in insertion order.
type recordTable struct {
	ids     []string
	byID    map[string]map[string]any
	autoSeq int
}

// tableLocked returns the table for a canonical objectType. Caller holds s.mu.
func (s *Server) tableLocked(objectType string) *recordTable {
	t := s.records[objectType]
	if t == nil {
		t = &recordTable{byID: map[string]map[string]any{}}
		s.records[objectType] = t
	}
	return t
}

func (t *recordTable) insert(id string, rec map[string]any) {
	t.ids = append(t.ids, id)
	t.byID[id] = rec
}

func (t *recordTable) remove(id string) {
	delete(t.byID, id)
	for i, v := range t.ids {
		if v == id {
			t.ids = append(t.ids[:i], t.ids[i+1:]...)
			return
		}
	}
}

// holder returns the id of another record whose field equals value.
func (t *recordTable) holder(field, value, except string) string {
	for _, id := range t.ids {
		if id != except && text(t.byID[id][field]) == value {
			return id
		}
	}
	return ""
}

// nextNumber fills an auto-numbered field with the next free value.
func (t *recordTable) nextNumber(field, format string) string {
	for {
		t.autoSeq++
		v := fmt.Sprintf(format, t.autoSeq)
		if t.holder(field, v, "") == "" {
			return v
		}
	}
}

// newRecordID looks like Zuora's 32-hex-digit ids ("8a8a…").
func newRecordID() string {
	b := make([]byte, 14)
	_, _ = rand.Read(b)
	return "8a8a" + hex.EncodeToString(b)
}

// text is a field's value as a row would write it; "" when absent.
func text(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// Records returns the records stored for an objectType by Import jobs
// (and changed by Update and Delete jobs), each as its JSON fields plus
// "Id". objectType may also be the objectName, in any case. Numbers are
// json.Number, so they read back exactly as sent. The maps are copies.
func (s *Server) Records(objectType string) []map[string]any {
	key := s.recordsKey(objectType)
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.records[key]
	if t == nil {
		return nil
	}
	out := make([]map[string]any, len(t.ids))
	for i, id := range t.ids {
		out[i] = copyRecord(t.byID[id])
	}
	return out
}

func copyRecord(rec map[string]any) map[string]any {
	m := make(map[string]any, len(rec))
	for k, v := range rec {
		m[k] = deepCopy(v)
	}
	return m
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return copyRecord(v)
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = deepCopy(e)
		}
		return l
	default:
		return v
	}
}

// merge applies an Update row: nested objects merge member by member,
// everything else replaces. The Id addresses the record and never changes.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if k == "Id" {
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			if have, ok := dst[k].(map[string]any); ok {
				merge(have, sub)
				continue
			}
		}
		dst[k] = v
	}
}
