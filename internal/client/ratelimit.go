package client

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Zuora limits API calls per tenant, not per user, and the limits of an
// API Sandbox are small: 2,500 a minute, 5,000 an hour, 10,000 a day
// (docs_guides_rate-limits.md). Every answer says what is left:
// "ratelimit-limit: 2250000, 50000;w=60, 2250000;w=3600, 27000000;w=86400"
// (its first number is the limit of the window closest to exhaustion) and
// "ratelimit-remaining: 399" (what that window has left). The client
// reads both on every answer; when less than lowRateLimitShare is left,
// polling slows to its longest interval, leaving the rest to the tenant's
// other integrations.

// lowRateLimitShare: below a tenth of the window left, polling stretches.
const lowRateLimitShare = 0.10

// rateLimitState is the last rate-limit figures Zuora sent.
type rateLimitState struct {
	remaining atomic.Int64
	limit     atomic.Int64 // 0 until an answer carried both headers
	lowNoted  atomic.Bool  // the slow-down was logged
}

// noteRateLimit records the RateLimit-* headers of an answer, if any.
func (c *Client) noteRateLimit(h http.Header) {
	limit, okL := firstNumber(h.Get("RateLimit-Limit"))
	remaining, okR := firstNumber(h.Get("RateLimit-Remaining"))
	if !okL || !okR || limit <= 0 {
		return
	}
	c.rate.remaining.Store(remaining)
	c.rate.limit.Store(limit)
}

// firstNumber reads the leading integer of a header such as
// "2250000, 50000;w=60" or "399".
func firstNumber(v string) (int64, bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, ",;"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0
}

// RateLimit is what Zuora last said of the tenant's API rate limit: the
// calls remaining and the limit of the window closest to exhaustion. ok
// is false until an answer carried both RateLimit headers.
func (c *Client) RateLimit() (remaining, limit int64, ok bool) {
	limit = c.rate.limit.Load()
	return c.rate.remaining.Load(), limit, limit > 0
}

// RateLimitLow reports whether less than a tenth of the tenant's rate
// limit is left.
func (c *Client) RateLimitLow() bool {
	remaining, limit, ok := c.RateLimit()
	return ok && float64(remaining) < lowRateLimitShare*float64(limit)
}

// politeWait stretches a poll interval to PollMax while the rate limit
// is low, and says so at INFO the first time.
func (c *Client) politeWait(ctx context.Context, wait time.Duration) time.Duration {
	if !c.RateLimitLow() || wait >= c.cfg.PollMax {
		return wait
	}
	if c.rate.lowNoted.CompareAndSwap(false, true) {
		remaining, limit, _ := c.RateLimit()
		tflog.Info(ctx, fmt.Sprintf("Zuora's API rate limit is low (%d of %d calls left, shared by the whole tenant): polling every %s (poll_interval_max) until it recovers",
			remaining, limit, c.cfg.PollMax))
	}
	return c.cfg.PollMax
}
