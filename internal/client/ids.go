package client

import (
	"crypto/rand"
	"encoding/hex"
)

// newTrackID names one call in Zuora's logs. Zuora allows up to 64 US-ASCII
// characters without : ; " or ', so hex with a readable prefix is safe.
func newTrackID() string { return "tf-zuora-" + randomHex(16) }

// newIdempotencyKey is sent on every attempt of one state-changing call, so
// Zuora answers a replay with the original result instead of acting twice.
// Zuora allows up to 255 characters.
func newIdempotencyKey() string { return "tf-zuora-" + randomHex(24) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}
