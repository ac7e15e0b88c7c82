package provider

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// Terraform's msgpack, as far as the ids bypass (bulk_dataset_ids_server.go)
// needs it: an object is a map of attribute name to value (tftypes writes
// it so; the order does not matter to a reader), a null is nil, an unknown
// is an extension value, and a map(string) is a map of strings.

var errNoAttr = errors.New("no such attribute")

// attrSpan is where attribute name's value lies in obj.
func attrSpan(obj []byte, name string) (start, end int, err error) {
	n, i, err := msgpackMapHeader(obj, 0)
	if err != nil {
		return 0, 0, err
	}
	for range n {
		key, next, err := msgpackString(obj, i)
		if err != nil {
			return 0, 0, err
		}
		end, err := msgpackSkip(obj, next)
		if err != nil {
			return 0, 0, err
		}
		if string(key) == name {
			return next, end, nil
		}
		i = end
	}
	return 0, 0, fmt.Errorf("%w %q", errNoAttr, name)
}

var errMsgpackShort = errors.New("msgpack value cut short")

// msgpackMapHeader is the entry count of the map at b[i], and where its
// first key starts.
func msgpackMapHeader(b []byte, i int) (n, next int, err error) {
	if i >= len(b) {
		return 0, 0, errMsgpackShort
	}
	switch c := b[i]; {
	case c >= msgpcode.FixedMapLow && c <= msgpcode.FixedMapHigh:
		n, next = int(c&0x0f), i+1
	case c == msgpcode.Map16 && i+3 <= len(b):
		n, next = int(binary.BigEndian.Uint16(b[i+1:])), i+3
	case c == msgpcode.Map32 && i+5 <= len(b):
		n, next = int(binary.BigEndian.Uint32(b[i+1:])), i+5 // negative past 2^31 on 32-bit
	default:
		return 0, 0, fmt.Errorf("msgpack: not a map at byte %d", i)
	}
	if n < 0 || n > (len(b)-next)/2 { // each entry takes two bytes at least
		return 0, 0, errMsgpackShort
	}
	return n, next, nil
}

// msgpackString is the string at b[i], and where the next value starts.
func msgpackString(b []byte, i int) (s []byte, next int, err error) {
	if i >= len(b) {
		return nil, 0, errMsgpackShort
	}
	var n int
	switch c := b[i]; {
	case c >= msgpcode.FixedStrLow && c <= msgpcode.FixedStrHigh:
		n, i = int(c&0x1f), i+1
	case c == msgpcode.Str8 && i+2 <= len(b):
		n, i = int(b[i+1]), i+2
	case c == msgpcode.Str16 && i+3 <= len(b):
		n, i = int(binary.BigEndian.Uint16(b[i+1:])), i+3
	case c == msgpcode.Str32 && i+5 <= len(b):
		n, i = int(binary.BigEndian.Uint32(b[i+1:])), i+5
	default:
		return nil, 0, fmt.Errorf("msgpack: not a string at byte %d", i)
	}
	if n < 0 || n > len(b)-i { // negative: a 32-bit length past 2^31 on 32-bit
		return nil, 0, errMsgpackShort
	}
	return b[i : i+n], i + n, nil
}

// msgpackSkip is where the value at b[i] ends. It reads headers only,
// without decoding a value: the ids map's 100,000 entries are skipped in
// every call that cuts them out.
func msgpackSkip(b []byte, i int) (int, error) {
	for values := 1; values > 0; values-- {
		if i >= len(b) {
			return 0, errMsgpackShort
		}
		c := b[i]
		size, items := 1, 0 // the header's bytes (and the payload's), and the values inside
		switch {
		case c <= msgpcode.PosFixedNumHigh || c >= msgpcode.NegFixedNumLow, c == msgpcode.Nil, c == msgpcode.False, c == msgpcode.True:
		case c >= msgpcode.FixedMapLow && c <= msgpcode.FixedMapHigh:
			items = 2 * int(c&0x0f)
		case c >= msgpcode.FixedArrayLow && c <= msgpcode.FixedArrayHigh:
			items = int(c & 0x0f)
		case c >= msgpcode.FixedStrLow && c <= msgpcode.FixedStrHigh:
			size += int(c & 0x1f)
		default:
			var err error
			if size, items, err = msgpackSized(b, i); err != nil {
				return 0, err
			}
		}
		// Every value still to read takes a byte at least: so counts stay
		// below len(b), and cannot overflow on 32-bit either.
		if size < 0 || items < 0 || size > len(b)-i || items > len(b)-i-size-(values-1) {
			return 0, errMsgpackShort
		}
		i += size
		values += items
	}
	return i, nil
}

// msgpackSized is the size and the values inside of a value whose first
// byte has no length in it: numbers, and lengths of 8, 16 or 32 bits.
func msgpackSized(b []byte, i int) (size, items int, err error) {
	c := b[i]
	switch c {
	case msgpcode.Uint8, msgpcode.Int8:
		return 2, 0, nil
	case msgpcode.Uint16, msgpcode.Int16:
		return 3, 0, nil
	case msgpcode.Uint32, msgpcode.Int32, msgpcode.Float:
		return 5, 0, nil
	case msgpcode.Uint64, msgpcode.Int64, msgpcode.Double:
		return 9, 0, nil
	case msgpcode.FixExt1, msgpcode.FixExt2, msgpcode.FixExt4, msgpcode.FixExt8, msgpcode.FixExt16:
		return 2 + 1<<(c-msgpcode.FixExt1), 0, nil
	}
	l, ok := msgpackLengths[c]
	if !ok {
		return 0, 0, fmt.Errorf("msgpack: unknown code 0x%02x at byte %d", c, i)
	}
	if i+1+l.bytes > len(b) {
		return 0, 0, errMsgpackShort
	}
	n := int(b[i+1])
	switch l.bytes {
	case 2:
		n = int(binary.BigEndian.Uint16(b[i+1:]))
	case 4:
		n = int(binary.BigEndian.Uint32(b[i+1:]))
	}
	if n < 0 {
		return 0, 0, errMsgpackShort
	}
	size = 1 + l.bytes + l.typeByte
	switch l.holds {
	case msgpackPayload:
		size += n
	case msgpackElements:
		items = n
	case msgpackPairs:
		items = 2 * n
	}
	return size, items, nil
}

// msgpackLengths are the codes whose length follows them: how many bytes
// it takes, whether a type byte follows (an extension's), and what it
// counts.
var msgpackLengths = map[byte]struct{ bytes, typeByte, holds int }{
	msgpcode.Str8: {1, 0, msgpackPayload}, msgpcode.Str16: {2, 0, msgpackPayload}, msgpcode.Str32: {4, 0, msgpackPayload},
	msgpcode.Bin8: {1, 0, msgpackPayload}, msgpcode.Bin16: {2, 0, msgpackPayload}, msgpcode.Bin32: {4, 0, msgpackPayload},
	msgpcode.Ext8: {1, 1, msgpackPayload}, msgpcode.Ext16: {2, 1, msgpackPayload}, msgpcode.Ext32: {4, 1, msgpackPayload},
	msgpcode.Array16: {2, 0, msgpackElements}, msgpcode.Array32: {4, 0, msgpackElements},
	msgpcode.Map16: {2, 0, msgpackPairs}, msgpcode.Map32: {4, 0, msgpackPairs},
}

const (
	msgpackPayload  = iota // bytes of a string, binary or extension
	msgpackElements        // values of an array
	msgpackPairs           // keys and values of a map
)

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
// the object's members: a decode and encode through a Go map costs four
// times as much at 100,000 entries, and Terraform asks for it in every
// plan. A large object is transcoded in two halves at once (idsHalves).
// Anything else is an error, and the caller lets the framework read the
// state instead.
func idsJSONToMsgpack(raw []byte) ([]byte, error) {
	body := bytes.TrimSpace(raw)
	if string(body) == "null" {
		return []byte{msgpcode.Nil}, nil
	}
	if len(body) < 2 || body[0] != '{' || body[len(body)-1] != '}' {
		return nil, errNotObject
	}
	halves := idsHalves(body[1 : len(body)-1])
	outs := make([][]byte, len(halves))
	counts := make([]uint32, len(halves))
	errs := make([]error, len(halves))
	var wg sync.WaitGroup
	for h, half := range halves {
		wg.Go(func() {
			var out []byte
			if h == 0 { // room for every half (msgpack is shorter than JSON): the others are appended to it
				out = append(make([]byte, 0, len(raw)+5), msgpcode.Map32, 0, 0, 0, 0) // the count is written at the end
			} else {
				out = make([]byte, 0, len(half))
			}
			outs[h], counts[h], errs[h] = appendIDsMembers(out, half)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := outs[0]
	for h := 1; h < len(outs); h++ {
		out = append(out, outs[h]...)
		counts[0] += counts[h]
	}
	binary.BigEndian.PutUint32(out[1:], counts[0])
	return out, nil
}

// idsHalves splits the members of a large ids object (its text between
// the braces) into two runs of whole members, at the line break nearest
// the middle: Terraform writes state indented, a member a line, and a
// JSON string cannot hold a line break, so one outside a string is
// between members. A break that does not follow a ',' (the JSON is not
// as Terraform writes it) leaves the members whole; so does a small
// object.
func idsHalves(members []byte) [][]byte {
	if len(members) < 1<<20 {
		return [][]byte{members}
	}
	k := bytes.IndexByte(members[len(members)/2:], '\n')
	if k < 0 {
		return [][]byte{members}
	}
	k += len(members) / 2
	left := bytes.TrimRight(members[:k], " \t\r\n")
	if len(left) == 0 || left[len(left)-1] != ',' {
		return [][]byte{members}
	}
	return [][]byte{left[:len(left)-1], members[k:]}
}

// appendIDsMembers appends the members of an ids object as msgpack (each
// name a string, each value a string or nil), from the object's text
// between its braces, and counts them. A ',' after the last is an error.
func appendIDsMembers(out, raw []byte) ([]byte, uint32, error) {
	i := 0
	str := func() ([]byte, error) {
		if i >= len(raw) || raw[i] != '"' {
			return nil, errors.New("expected a string")
		}
		end := stringEnd(raw, i)
		if end < 0 {
			return nil, errors.New("unterminated string")
		}
		s, err := unquote(raw[i+1 : end-1])
		i = end
		return s, err
	}
	n := uint32(0)
	if i = skipSpace(raw, 0); i == len(raw) {
		return out, 0, nil
	}
	for {
		key, err := str()
		if err != nil {
			return nil, 0, err
		}
		out = appendMsgpackString(out, key)
		if i = skipSpace(raw, i); i >= len(raw) || raw[i] != ':' {
			return nil, 0, errors.New("expected ':' after a member name")
		}
		if i = skipSpace(raw, i+1); bytes.HasPrefix(raw[i:], []byte("null")) {
			out, i = append(out, msgpcode.Nil), i+4
		} else if v, err := str(); err != nil {
			return nil, 0, fmt.Errorf("ids[%q]: %w", key, err)
		} else {
			out = appendMsgpackString(out, v)
		}
		n++
		if i = skipSpace(raw, i); i == len(raw) {
			return out, n, nil
		}
		if raw[i] != ',' {
			return nil, 0, errors.New("expected ',' or '}' after a value")
		}
		i = skipSpace(raw, i+1)
	}
}

// unquote is the text of a JSON string's inside (between its quotes):
// itself when it is plain (no escapes, controls or bytes past ASCII), as
// Terraform writes keys and ids, or valid UTF-8 without escapes, else
// decoded as encoding/json does.
func unquote(inner []byte) ([]byte, error) {
	plain := true
	for _, c := range inner {
		if c < 0x20 || c == '\\' || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		return inner, nil
	}
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
	if len(raw) == 0 {
		return nil, errMsgpackShort
	}
	if raw[0] == msgpcode.Nil || msgpcode.IsExt(raw[0]) {
		return nil, nil
	}
	// Keys and ids are strings over one copy of the value, which nothing
	// writes: 200,000 strings of their own would cost more than the rest
	// of reading them.
	own := bytes.Clone(raw)
	str := func(b []byte) string {
		if len(b) == 0 {
			return ""
		}
		return unsafe.String(&b[0], len(b))
	}
	n, i, err := msgpackMapHeader(own, 0)
	if err != nil {
		return nil, err
	}
	rows := make([]keyedRow, 0, min(n, len(own)))
	for range n {
		key, next, err := msgpackString(own, i)
		if err != nil {
			return nil, err
		}
		var id []byte
		if next < len(own) && own[next] == msgpcode.Nil {
			i = next + 1 // a null id reads as ""
		} else if id, i, err = msgpackString(own, next); err != nil {
			return nil, fmt.Errorf("ids[%q]: %w", key, err)
		}
		rows = append(rows, keyedRow{key: str(key), loadedRow: loadedRow{ID: str(id)}})
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
