// Package ids makes the identifiers of stored records.
package ids

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// New returns a time-ordered random id: 12 hex digits of Unix milliseconds
// followed by 12 of randomness, so ids sort by creation time as strings.
func New(now time.Time) string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return fmt.Sprintf("%012x%s", now.UnixMilli(), hex.EncodeToString(b[:]))
}

// Valid reports whether s has the shape New produces; handlers use it to
// answer 404 early without asking the store about garbage.
func Valid(s string) bool {
	if len(s) != 24 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Floor returns the smallest id New can make at t or later: ids compare as
// strings in time order, so [Floor(a), Floor(b)) is every id made in [a, b).
func Floor(t time.Time) string {
	return fmt.Sprintf("%012x", t.UnixMilli())
}
