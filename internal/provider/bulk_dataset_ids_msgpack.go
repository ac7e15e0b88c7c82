package provider

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// Terraform's msgpack, as far as the ids bypass (bulk_dataset_ids_server.go)
// needs it: an object is a map of attribute name to value (tftypes writes
// it so; the order does not matter to a reader), a null is nil, an unknown
// is an extension value, and a map(string) is a map of strings.

var errNoAttr = errors.New("no such attribute")

// attrSpan is where attribute name's value lies in obj.
func attrSpan(obj []byte, name string) (start, end int, err error) {
	r := bytes.NewReader(obj)
	dec := msgpack.NewDecoder(r) // reads r directly: offsets are r's
	n, err := dec.DecodeMapLen()
	if err != nil {
		return 0, 0, err
	}
	for range n {
		key, err := dec.DecodeString()
		if err != nil {
			return 0, 0, err
		}
		start = len(obj) - r.Len()
		if err := dec.Skip(); err != nil {
			return 0, 0, err
		}
		if key == name {
			return start, len(obj) - r.Len(), nil
		}
	}
	return 0, 0, fmt.Errorf("%w %q", errNoAttr, name)
}

// cutAttr is obj with attribute name made null, and the value it had.
func cutAttr(obj []byte, name string) (rest, value []byte, err error) {
	if isMsgpackNil(obj) {
		return nil, nil, errors.New("a null object")
	}
	start, end, err := attrSpan(obj, name)
	if err != nil {
		return nil, nil, err
	}
	return splice(obj, start, end, []byte{msgpcode.Nil}), obj[start:end], nil
}

// putAttr is obj with attribute name's value replaced by value.
func putAttr(obj []byte, name string, value []byte) ([]byte, error) {
	start, end, err := attrSpan(obj, name)
	if err != nil {
		return nil, err
	}
	return splice(obj, start, end, value), nil
}

func splice(obj []byte, start, end int, value []byte) []byte {
	out := make([]byte, 0, len(obj)-(end-start)+len(value))
	return append(append(append(out, obj[:start]...), value...), obj[end:]...)
}

func isMsgpackNil(v []byte) bool { return len(v) == 1 && v[0] == msgpcode.Nil }

// idsJSONToMsgpack is a map(string) from the state file (JSON: an object
// of strings or nulls, or null) as msgpack, transcoded in one pass over
// the object's members (topMembers, the dataset scanner's): a decode and
// encode through a Go map costs four times as much at 100,000 entries.
// Anything else is an error, and the caller lets the framework read the
// state instead.
func idsJSONToMsgpack(raw []byte) ([]byte, error) {
	if string(bytes.TrimSpace(raw)) == "null" {
		return []byte{msgpcode.Nil}, nil
	}
	members, err := topMembers(raw, nil)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(raw))
	out = binary.BigEndian.AppendUint32(append(out, msgpcode.Map32), uint32(len(members)))
	for _, m := range members {
		key, err := unquote(m.name)
		if err != nil {
			return nil, err
		}
		out = appendMsgpackString(out, key)
		if string(m.value) == "null" {
			out = append(out, msgpcode.Nil)
			continue
		}
		if len(m.value) < 2 || m.value[0] != '"' {
			return nil, fmt.Errorf("ids[%q] is not a string", key)
		}
		v, err := unquote(m.value[1 : len(m.value)-1])
		if err != nil {
			return nil, err
		}
		out = appendMsgpackString(out, v)
	}
	return out, nil
}

// unquote is the text of a JSON string's inside (between its quotes):
// itself when it has no escapes and is valid UTF-8, as Terraform writes
// keys and ids, else decoded as encoding/json does.
func unquote(inner []byte) ([]byte, error) {
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		for _, c := range inner {
			if c < 0x20 {
				return nil, errors.New("a control character in a JSON string")
			}
		}
		return inner, nil
	}
	quoted := make([]byte, 0, len(inner)+2)
	quoted = append(append(append(quoted, '"'), inner...), '"')
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

func appendMsgpackString(out, s []byte) []byte {
	switch n := len(s); {
	case n < 32:
		out = append(out, msgpcode.FixedStrLow|byte(n))
	case n < 1<<8:
		out = append(out, msgpcode.Str8, byte(n))
	case n < 1<<16:
		out = binary.BigEndian.AppendUint16(append(out, msgpcode.Str16), uint16(n))
	default:
		out = binary.BigEndian.AppendUint32(append(out, msgpcode.Str32), uint32(n))
	}
	return append(out, s...)
}

// idsRows are the rows of an ids value in msgpack: key and record id. A
// null or unknown value has none.
func idsRows(raw []byte) ([]keyedRow, error) {
	dec := msgpack.NewDecoder(bytes.NewReader(raw))
	code, err := dec.PeekCode()
	if err != nil {
		return nil, err
	}
	if code == msgpcode.Nil || msgpcode.IsExt(code) {
		return nil, nil
	}
	n, err := dec.DecodeMapLen()
	if err != nil {
		return nil, err
	}
	rows := make([]keyedRow, 0, n)
	for range n {
		key, err := dec.DecodeString()
		if err != nil {
			return nil, err
		}
		id, err := dec.DecodeString() // a null element decodes as ""
		if err != nil {
			return nil, fmt.Errorf("ids[%q]: %w", key, err)
		}
		rows = append(rows, keyedRow{key: key, loadedRow: loadedRow{ID: id}})
	}
	return rows, nil
}

// cutRowHashes is private state (the framework's JSON object of key to
// base64 value) without the row hashes' member (datasetRowsKey), and that
// member's value as written; private itself and nil when it has none, or
// is not an object.
func cutRowHashes(private []byte) (rest, member []byte) {
	const key = datasetRowsKey
	members, err := topMembers(private, nil)
	if err != nil {
		return private, nil
	}
	out := []byte{'{'}
	for _, m := range members {
		if string(m.name) == key {
			member = m.value
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(append(out, '"'), m.name...), '"', ':'), m.value...)
	}
	if member == nil {
		return private, nil
	}
	if len(out) == 1 {
		return nil, member // the framework reads no private state as empty
	}
	return append(out, '}'), member
}

// restoreRowHashes puts the row hashes' member back into private state
// unless the answer has one of its own.
func restoreRowHashes(private, member []byte) []byte {
	const key = datasetRowsKey
	if member == nil {
		return private
	}
	members, err := topMembers(private, nil)
	if err != nil && len(bytes.TrimSpace(private)) > 0 {
		return private // not an object: the framework's own error stands
	}
	for _, m := range members {
		if string(m.name) == key {
			return private
		}
	}
	out := []byte{'{'}
	for _, m := range members {
		out = append(append(append(append(out, '"'), m.name...), '"', ':'), m.value...)
		out = append(out, ',')
	}
	out = append(append(append(append(out, '"'), key...), '"', ':'), member...)
	return append(out, '}')
}
