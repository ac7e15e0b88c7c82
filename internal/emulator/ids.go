package emulator

import (
	"crypto/rand"
	"crypto/sha1"
	"fmt"
)

// The module's go.sum does not carry a UUID library, and these two
// functions are all the emulator needs.

// newUUID is a random (version 4) UUID, the form of job ids and request ids.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return formatUUID(b, 4)
}

// nameUUID is a stable (version 5 style) UUID derived from name.
func nameUUID(name string) string {
	sum := sha1.Sum([]byte(name))
	var b [16]byte
	copy(b[:], sum[:16])
	return formatUUID(b, 5)
}

func formatUUID(b [16]byte, version byte) string {
	b[6] = b[6]&0x0f | version<<4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
