package client

import "slices"

// Values is the text of every scalar member of the row, nested members
// and list elements included, except the reason and line Zuora added to
// it: the row's own cells. A caller that must not show a row's values
// (rows of a write-only argument) masks these where Zuora's reason
// quotes one.
func (r ResultRow) Values() []string {
	var out []string
	for k, v := range r.fields {
		if k == r.ReasonKey || k == r.LineKey {
			continue
		}
		out = appendScalars(out, v)
	}
	return out
}

func appendScalars(out []string, v any) []string {
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			out = appendScalars(out, e)
		}
	case []any:
		for _, e := range v {
			out = appendScalars(out, e)
		}
	default:
		if s, ok := scalarText(v); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Fields are the names of the row's top-level members, sorted.
func (r ResultRow) Fields() []string {
	out := make([]string, 0, len(r.fields))
	for k := range r.fields {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
