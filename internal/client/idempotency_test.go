package client

import (
	"context"
	"strings"
	"testing"
)

func TestIdempotencyKeyFor(t *testing.T) {
	ctx := context.Background()
	if a, b := idempotencyKeyFor(ctx, "create bulk job"), idempotencyKeyFor(ctx, "create bulk job"); a == b {
		t.Errorf("random keys repeat: %q", a)
	}
	stable := WithIdempotencyKey(ctx, "teardown job-1 attempt 0")
	if a, b := idempotencyKeyFor(stable, "create bulk job"), idempotencyKeyFor(stable, "create bulk job"); a != b || a != "teardown job-1 attempt 0 create bulk job" {
		t.Errorf("stable keys = %q, %q", a, b)
	}
	if idempotencyKeyFor(stable, "create bulk job") == idempotencyKeyFor(stable, "submit bulk job") {
		t.Error("two operations share a key")
	}
	long := WithIdempotencyKey(ctx, strings.Repeat("k", 300))
	if k := idempotencyKeyFor(long, "op"); len(k) >= 255 || k != idempotencyKeyFor(long, "op") {
		t.Errorf("long key = %d characters (Zuora wants fewer than 255), or not stable", len(k))
	}
	if idempotencyKeyFor(long, "create bulk job") == idempotencyKeyFor(long, "submit bulk job") {
		t.Error("two operations of a long key share a key")
	}
	if k := idempotencyKeyFor(WithIdempotencyKey(ctx, strings.Repeat("k", 254-len(" op"))), "op"); len(k) >= 255 {
		t.Errorf("a key of %d characters was sent", len(k))
	}
}
