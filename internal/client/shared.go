package client

import (
	"context"
	"time"

	"golang.org/x/sync/singleflight"
)

// sharedCallTimeout bounds a call that several callers wait on.
const sharedCallTimeout = 5 * time.Minute

// shared runs fn once for all concurrent callers of the same key. fn runs
// detached from the first caller's cancellation (keeping its values, such
// as the logger), so one caller giving up does not fail the others; each
// caller still stops waiting when its own ctx ends.
func shared[T any](ctx context.Context, group *singleflight.Group, key string, fn func(context.Context) (T, error)) (T, error) {
	ch := group.DoChan(key, func() (interface{}, error) {
		detached, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedCallTimeout)
		defer cancel()
		return fn(detached)
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			var zero T
			return zero, res.Err
		}
		v, _ := res.Val.(T) // fn returned a T
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
