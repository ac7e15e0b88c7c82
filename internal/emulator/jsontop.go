package emulator

import (
	"bytes"
	"encoding/json"
	"unsafe"
)

// view is b as a string without a copy; b must never change.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// topLevel reads the text of the wanted top-level members of a row that
// json.Valid accepted and that is an object, without decoding the rest.
// A wanted member the row lacks reads "". As when decoding into a map, a
// member given twice reads as its last value. hasID reports an Id member.
//
// The texts share b's memory, which must not change afterwards (rows are
// read into blocks that are only appended to), and keys has room for two
// more members, so a record needs one allocation for both (see decode).
func topLevel(b []byte, wanted []string) (keys []keyValue, hasID bool) {
	keys = make([]keyValue, len(wanted), len(wanted)+2)
	for i, w := range wanted {
		keys[i].name = w
	}
	i := skipWS(b, 0) + 1 // past '{'
	for {
		i = skipWS(b, i)
		if b[i] == '}' {
			return keys, hasID
		}
		end := stringEnd(b, i)
		name := b[i:end]
		i = skipWS(b, end) + 1 // past ':'
		i = skipWS(b, i)
		vEnd := valueEnd(b, i)
		if bytes.IndexByte(name, '\\') >= 0 {
			name = []byte(memberName(name))
		} else {
			name = name[1 : len(name)-1]
		}
		// string(name) in a comparison does not allocate.
		if string(name) == "Id" {
			hasID = true
		}
		for k := range keys {
			if string(name) == keys[k].name {
				keys[k].value = valueText(b[i:vEnd])
			}
		}
		i = skipWS(b, vEnd)
		if b[i] == ',' {
			i++
		}
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// stringEnd is the index just past the string that starts at b[i].
func stringEnd(b []byte, i int) int {
	for i++; b[i] != '"'; i++ {
		if b[i] == '\\' {
			i++
		}
	}
	return i + 1
}

// valueEnd is the index just past the value that starts at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for ; i < len(b); i++ {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
	}
	return i
}

// memberName is a quoted member name, unescaped.
func memberName(q []byte) string {
	if bytes.IndexByte(q, '\\') < 0 {
		return view(q[1 : len(q)-1])
	}
	var s string
	_ = json.Unmarshal(q, &s)
	return s
}

// valueText is text() of the value a map decode would give for v.
func valueText(v []byte) string {
	switch v[0] {
	case '"':
		return memberName(v)
	case 'n':
		return ""
	case 't', 'f', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return view(v) // a bool prints as its literal; a json.Number is its literal
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	var x any
	_ = dec.Decode(&x)
	return text(x)
}
