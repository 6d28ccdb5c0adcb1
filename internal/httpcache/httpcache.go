// Package httpcache keeps encoded responses in memory with their ETags until
// what they show changes. Entries also carry a deadline, so time-dependent
// answers (an alert turning expired) and a missed invalidation from another
// node heal by themselves.
package httpcache

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Cache is a bounded map of responses, safe for concurrent use.
type Cache struct {
	mu      sync.RWMutex
	entries map[string]Entry
	max     int
}

// Entry is one cached response.
type Entry struct {
	Body  []byte
	ETag  string
	until time.Time
	tag   string
}

// New returns a cache of at most max entries.
func New(max int) *Cache {
	return &Cache{entries: map[string]Entry{}, max: max}
}

// Get returns the entry for key if it is still valid at now.
func (c *Cache) Get(key string, now time.Time) (Entry, bool) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if !ok || !now.Before(e.until) {
		return Entry{}, false
	}
	return e, true
}

// Put stores body under key until the deadline; tag groups entries for Forget.
func (c *Cache) Put(key, tag string, body []byte, until time.Time) Entry {
	sum := sha256.Sum256(body)
	e := Entry{Body: body, ETag: `"` + hex.EncodeToString(sum[:12]) + `"`, until: until, tag: tag}
	c.mu.Lock()
	if len(c.entries) >= c.max { // bounded: start over rather than grow
		c.entries = map[string]Entry{}
	}
	c.entries[key] = e
	c.mu.Unlock()
	return e
}

// Forget drops every entry with the tag; tag "" drops everything.
func (c *Cache) Forget(tag string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if tag == "" {
		c.entries = map[string]Entry{}
		return
	}
	for k, e := range c.entries {
		if e.tag == tag {
			delete(c.entries, k)
		}
	}
}

var (
	hETag         = []byte(fiber.HeaderETag)
	hCacheControl = []byte(fiber.HeaderCacheControl)
	hContentType  = []byte(fiber.HeaderContentType)
)

// Send answers with a cached entry: its ETag, 304 when the client has it.
// Header names are given in canonical form, so this hot path skips
// normalising them on every request.
func Send(c *fiber.Ctx, e Entry, cacheControl, contentType string) error {
	h := &c.Response().Header
	h.SetCanonical(hETag, []byte(e.ETag))
	h.SetCanonical(hCacheControl, []byte(cacheControl))
	if string(c.Request().Header.Peek(fiber.HeaderIfNoneMatch)) == e.ETag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	h.SetCanonical(hContentType, []byte(contentType))
	return c.Send(e.Body)
}
