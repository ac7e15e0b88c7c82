package rowcheck

import (
	"bytes"
	"strconv"
)

// A file of the other type than file_type says fails on every line ("expected
// a JSON object" a thousand times). Scan looks at the start of the file
// first, and when it plainly holds the other type, reports that once,
// naming file_type, and reads the rest as what it looks like with only the
// PCI guard and row counts, so the one problem is not buried (issue 16).

// sniffBytes is how much of the file the sniff looks at: enough to get
// past a byte order mark and blank lines to the first line's start.
const sniffBytes = 4096

// File types a file can look like; LooksLike in Report.
const (
	LooksLikeCSV       = "csv"
	LooksLikeJSONLines = "jsonl"
	LooksLikeJSONArray = "json" // one JSON document, not one object a line
)

// sniffFileType says what head, the start of a file, looks like: JSON
// lines (the first line starts with '{'), a JSON array ('['), CSV (the
// first line is no JSON and holds a delimiter), or "" when it cannot tell.
// delims are the CSV delimiters to look for.
func sniffFileType(head []byte, delims string) (kind string, delim rune) {
	head = bytes.TrimPrefix(head, utf8BOM)
	i := skipSpace(head, 0)
	if i == len(head) {
		return "", 0
	}
	switch head[i] {
	case '{':
		return LooksLikeJSONLines, 0
	case '[':
		return LooksLikeJSONArray, 0
	}
	line := head[i:]
	if end := bytes.IndexByte(line, '\n'); end >= 0 {
		line = line[:end]
	}
	for _, d := range delims {
		if bytes.ContainsRune(line, d) {
			return LooksLikeCSV, d
		}
	}
	return "", 0
}

// wrongFileType is what the file looks like when that is not what the
// options say; "" when it matches or nobody can tell.
func wrongFileType(csv bool, delimiter rune, head []byte) (kind string, delim rune) {
	if csv {
		kind, _ = sniffFileType(head, string(delimiter))
		if kind == LooksLikeCSV {
			return "", 0
		}
		return kind, 0
	}
	kind, delim = sniffFileType(head, ",;\t|")
	if kind == LooksLikeJSONLines {
		return "", 0
	}
	return kind, delim
}

// fileTypeMessage is the one problem for a file of the wrong type. It
// quotes nothing from the file.
func fileTypeMessage(looksLike string, delim rune) string {
	switch looksLike {
	case LooksLikeCSV:
		return "the file looks like CSV (its first line is not a JSON object and has " + delimiterName(delim) +
			"), but file_type says JSON lines. Set file_type = \"csv\" (with has_headers and delimiter as the file needs), " +
			"or convert the file to one JSON object per line. Its rows were not checked against the field metadata"
	case LooksLikeJSONLines:
		return "the file looks like JSON lines (its first line starts with '{'), but file_type is \"csv\". " +
			"Set file_type = \"jsonl\", or convert the file to CSV. Its rows were not checked against the field metadata"
	}
	return "the file looks like one JSON array (it starts with '['), not JSON lines: file_type = \"jsonl\" needs one JSON object per line " +
		"(provider::zuora::jsonl writes that from a list). Its rows were not checked against the field metadata"
}

func delimiterName(d rune) string {
	switch d {
	case ',':
		return "commas"
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	case '|':
		return "vertical bars"
	}
	return strconv.QuoteRune(d)
}
