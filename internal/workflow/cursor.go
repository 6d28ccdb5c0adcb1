package workflow

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PublicKey is the position of a document in the public order: most
// recently first-published first, ties by id.
type PublicKey struct {
	PublishedAt time.Time
	ID          string
}

// Before reports whether k sorts before o in the public order (newer first).
func (k PublicKey) Before(o PublicKey) bool {
	if !k.PublishedAt.Equal(o.PublishedAt) {
		return k.PublishedAt.After(o.PublishedAt)
	}
	return k.ID > o.ID
}

// EncodeCursor makes the opaque cursor of a public page that ends at k.
func EncodeCursor(k PublicKey) string {
	raw := strconv.FormatInt(k.PublishedAt.UnixNano(), 10) + "." + k.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeCursor reads a cursor EncodeCursor made; "" is the start (nil).
func DecodeCursor(s string) (*PublicKey, error) {
	if s == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	ns, id, ok := strings.Cut(string(raw), ".")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil || id == "" {
		return nil, fmt.Errorf("malformed cursor")
	}
	return &PublicKey{PublishedAt: time.Unix(0, n).UTC(), ID: id}, nil
}

// ClampLimit bounds a page size: 20 when unset, at most 100.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return 20
	case n > 100:
		return 100
	}
	return n
}
