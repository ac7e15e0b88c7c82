package provider

import (
	"testing"
	"time"
)

func TestTimestampIsRFC3339UTC(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 1, 29, 4, 2, 14, 500, time.FixedZone("CET", 3600))
	if got := timestamp(at).ValueString(); got != "2025-01-29T03:02:14Z" {
		t.Errorf("timestamp = %q", got)
	}
	if !timestamp(time.Time{}).IsNull() {
		t.Error("the zero time must be null")
	}
}
