package api

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// respCache keeps encoded public responses until the alert changes. Entries
// also carry a deadline, so an alert turns "expired" on time with no write,
// and a missed invalidation from another node heals itself.
type respCache struct {
	mu      sync.RWMutex
	entries map[string]cached
	max     int
}

type cached struct {
	body  []byte
	etag  string
	until time.Time
	slug  string
}

func newRespCache(max int) *respCache {
	return &respCache{entries: map[string]cached{}, max: max}
}

func (rc *respCache) get(key string, now time.Time) (cached, bool) {
	rc.mu.RLock()
	e, ok := rc.entries[key]
	rc.mu.RUnlock()
	if !ok || !now.Before(e.until) {
		return cached{}, false
	}
	return e, true
}

func (rc *respCache) put(key, slug string, body []byte, until time.Time) cached {
	sum := sha256.Sum256(body)
	e := cached{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, until: until, slug: slug}
	rc.mu.Lock()
	if len(rc.entries) >= rc.max { // crude but bounded: start over rather than grow
		rc.entries = map[string]cached{}
	}
	rc.entries[key] = e
	rc.mu.Unlock()
	return e
}

// forget drops every entry of one alert (all languages); slug "" drops all.
func (rc *respCache) forget(slug string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if slug == "" {
		rc.entries = map[string]cached{}
		return
	}
	for k, e := range rc.entries {
		if e.slug == slug {
			delete(rc.entries, k)
		}
	}
}
