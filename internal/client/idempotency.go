package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

type stableKeyCtx struct{}

type keyAttemptCtx struct{}

// WithKeyAttempt marks a deliberate new attempt of an operation whose
// earlier attempt Zuora refused: attempt n > 1 gets a key of its own,
// still derived from the stable one (WithIdempotencyKey). Zuora saves a
// keyed request's answer "regardless of whether it succeeded or failed"
// and returns it to every repeat (docs_guides_idempotent-requests.md), so
// a submission refused for the five-job limit and sent again with the
// same key would be refused again, from the store, for 24 hours.
func WithKeyAttempt(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, keyAttemptCtx{}, n)
}

// WithIdempotencyKey makes the state-changing calls made with ctx send an
// Idempotency-Key derived from key (and the operation) instead of a fresh
// random one. A caller that may repeat a whole sequence of calls in a later
// run, such as a destroy that was interrupted, passes the same key and
// Zuora answers the repeats with the original results.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, stableKeyCtx{}, key)
}

// idempotencyKeyFor is the key of one state-changing call: the caller's
// stable one when it set one, else a new random key. Zuora wants fewer
// than 255 characters (docs_guides_idempotent-requests.md); a longer
// stable key's base is replaced by its SHA-256, so the key stays stable
// and each operation keeps a key of its own.
const maxIdempotencyKey = 255 // a key must be shorter

func idempotencyKeyFor(ctx context.Context, op string) string {
	base, _ := ctx.Value(stableKeyCtx{}).(string)
	if base == "" {
		return newIdempotencyKey()
	}
	suffix := ""
	if n, _ := ctx.Value(keyAttemptCtx{}).(int); n > 1 {
		suffix = fmt.Sprintf(" attempt %d", n)
	}
	if key := base + " " + op + suffix; len(key) < maxIdempotencyKey {
		return key
	}
	sum := sha256.Sum256([]byte(base))
	key := "sha256:" + hex.EncodeToString(sum[:]) + " " + op + suffix
	return key[:min(len(key), maxIdempotencyKey-1)]
}
