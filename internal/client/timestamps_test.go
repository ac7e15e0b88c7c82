package client

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimestampForms(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 1, 29, 3, 2, 14, 0, time.UTC)
	for in, want := range map[string]time.Time{
		`1738119734`:                  at,
		`1738119734000`:               at,
		`1738119734.5`:                at.Add(500 * time.Millisecond),
		`"1738119734"`:                at,
		`"1738119734000"`:             at,
		`"2025-01-29T03:02:14Z"`:      at,
		`"2025-01-29T03:02:14.123Z"`:  at.Add(123 * time.Millisecond),
		`"2025-01-29T05:02:14+02:00"`: at,
		`"2025-01-29T03:02:14+0000"`:  at,
		`"2025-01-29T03:02:14"`:       at,
		`"2025-01-29 03:02:14"`:       at,
		`"2025-01-29 03:02:14.5"`:     at.Add(500 * time.Millisecond),
		`"2025-01-29 03:02:14Z"`:      at,
		`null`:                        {},
		`""`:                          {},
		`0`:                           {},
	} {
		var got flexTime
		if err := json.Unmarshal([]byte(in), &got); err != nil || !time.Time(got).Equal(want) {
			t.Errorf("%s: got %v, %v; want %v", in, time.Time(got), err, want)
		}
	}
	for _, bad := range []string{`"yesterday"`, `"NaN"`, `{}`} {
		var got flexTime
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s accepted as %v", bad, time.Time(got))
		}
	}
}

func TestCountForms(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{`20`: 20, `"20"`: 20, `20.0`: 20, `null`: 0, `""`: 0, `" 7 "`: 7} {
		var got flexInt
		if err := json.Unmarshal([]byte(in), &got); err != nil || int64(got) != want {
			t.Errorf("%s: got %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{`"many"`, `2.5`, `[1]`} {
		var got flexInt
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
