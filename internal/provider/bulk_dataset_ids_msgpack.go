package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

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
// of strings, or null) as msgpack.
func idsJSONToMsgpack(raw json.RawMessage) ([]byte, error) {
	var ids map[string]*string
	if err := json.Unmarshal(raw, &ids); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := msgpack.NewEncoder(&b)
	if ids == nil {
		return []byte{msgpcode.Nil}, nil
	}
	if err := enc.EncodeMapLen(len(ids)); err != nil {
		return nil, err
	}
	for k, v := range ids {
		if err := enc.EncodeString(k); err != nil {
			return nil, err
		}
		var err error
		if v == nil {
			err = enc.EncodeNil()
		} else {
			err = enc.EncodeString(*v)
		}
		if err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
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
