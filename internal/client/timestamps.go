package client

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// epochMillisAbove separates epoch seconds from milliseconds: 1e11 seconds
// is the year 5138, 1e11 milliseconds is 1973.
const epochMillisAbove = 1e11

// flexTime takes epoch seconds or milliseconds (the API description) or an
// ISO-8601 string (the guide), as a number or a string. null and "" are
// the zero time. Strings without a zone are UTC.
type flexTime time.Time

var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

func (t *flexTime) UnmarshalJSON(data []byte) error {
	s, err := unquote(data)
	if err != nil {
		return err
	}
	parsed, err := parseTimestamp(s)
	*t = flexTime(parsed)
	return err
}

func parseTimestamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return fromEpoch(f), nil
	}
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognized timestamp %q", s)
}

func fromEpoch(f float64) time.Time {
	if f == 0 {
		return time.Time{}
	}
	if math.Abs(f) > epochMillisAbove {
		return time.UnixMilli(int64(f)).UTC()
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC()
}
