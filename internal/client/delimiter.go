package client

import (
	"fmt"
	"strings"
)

// Create-job takes the CSV delimiter by name: "Delimiter used in the
// source file. Default is comma. Supported values: comma, tab, pipe,
// semicolon, colon, caret, tilde, dot/period"
// (v1-api-reference_api_operation_createbulkjob.md). The Data Loader
// guides list the characters (import-csv-files-with-delimiters-using-data-loader.md:
// "Comma (,) Tab (\t) Pipe (|) Semicolon (;) Dot (.) Tilde (~) Colon (:)").
// Users may write either; the request always carries the name.

// delimiters pairs each name create-job documents with its character.
// "dot/period" names one delimiter; the name sent is "dot", the guide's.
var delimiters = []struct {
	name    string
	char    rune
	aliases []string
}{
	{"comma", ',', nil},
	{"tab", '\t', []string{`\t`}},
	{"pipe", '|', nil},
	{"semicolon", ';', nil},
	{"colon", ':', nil},
	{"caret", '^', nil},
	{"tilde", '~', nil},
	{"dot", '.', []string{"period", "dot/period"}},
}

// DefaultDelimiter is create-job's documented default.
const DefaultDelimiter = "comma"

// NormalizeDelimiter turns what a user wrote (a documented name in any
// case, or the character itself; "" for the default) into the name
// create-job takes, or explains what is accepted.
func NormalizeDelimiter(s string) (string, error) {
	if s == "" {
		return DefaultDelimiter, nil
	}
	word := strings.ToLower(strings.TrimSpace(s))
	for _, d := range delimiters {
		if s == string(d.char) || word == d.name {
			return d.name, nil
		}
		for _, a := range d.aliases {
			if word == a {
				return d.name, nil
			}
		}
	}
	return "", fmt.Errorf("delimiter %q is not one Zuora's Data Loader supports: use one of %s, or its character (, \\t | ; : ^ ~ .)",
		s, strings.Join(DelimiterNames(), ", "))
}

// DelimiterNames lists the names create-job documents.
func DelimiterNames() []string {
	names := make([]string, len(delimiters))
	for i, d := range delimiters {
		names[i] = d.name
	}
	return names
}

// DelimiterRune is the character of a delimiter given by name or
// character; ',' for "" and 0 for one Zuora does not support.
func DelimiterRune(s string) rune {
	name, err := NormalizeDelimiter(s)
	if err != nil {
		return 0
	}
	for _, d := range delimiters {
		if d.name == name {
			return d.char
		}
	}
	return 0
}

// csvOptions fills what create-job documents for a CSV job: the
// delimiter by name, and hasHeaders always, since its documented default
// is false while Data Loader's known behaviour is that "the first row of
// the CSV file must contain column headers". A caller that gives no
// choice gets true, unless it lists headers, which are "required if the
// source file does not have a header row".
func csvOptions(body *createJobBody) error {
	if ft := strings.ToLower(body.FileType); ft != "" && ft != "csv" {
		return nil
	}
	name, err := NormalizeDelimiter(body.Delimiter)
	if err != nil {
		return err
	}
	body.Delimiter = name
	if body.HasHeaders == nil {
		hasHeaders := len(body.Headers) == 0
		body.HasHeaders = &hasHeaders
	}
	return nil
}
