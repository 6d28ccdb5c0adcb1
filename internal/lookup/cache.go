package lookup

import (
	"context"
	"sync"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
)

// listingCache keeps what recent checks read, by hash, absent listings
// included, for a short while. When a scam message goes out to thousands,
// the same number is checked again and again within minutes; those checks
// then cost no store read. It holds hashes only, in memory, never an
// identifier, and it is bounded: when full it starts again empty.
//
// Every write of listings through the service forgets everything (so this
// node answers its own changes at once); another node's change shows once
// an entry expires, as with the cached range answers. The generation stops
// a read that overlapped a write from caching what it read before the write.
type listingCache struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu  sync.RWMutex
	gen uint64
	m   map[string]cachedListing
}

type cachedListing struct {
	l     *Listing // nil: no listing has this hash
	until time.Time
}

func newListingCache(ttl time.Duration, max int, now func() time.Time) *listingCache {
	return &listingCache{ttl: ttl, max: max, now: now, m: map[string]cachedListing{}}
}

// get returns the listings of hashes when every hash is cached, and the
// generation to pass to put otherwise. Callers must not modify the listings.
func (c *listingCache) get(hashes []string) (found map[string]*Listing, gen uint64, ok bool) {
	if c == nil {
		return nil, 0, false
	}
	now := c.now()
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, h := range hashes {
		e, hit := c.m[h]
		if !hit || now.After(e.until) {
			return nil, c.gen, false
		}
		if e.l != nil {
			if found == nil {
				found = make(map[string]*Listing, len(hashes))
			}
			found[h] = e.l
		}
	}
	return found, c.gen, true
}

// put caches what a read of hashes found, unless a write came after gen.
func (c *listingCache) put(gen uint64, hashes []string, found map[string]*Listing) {
	if c == nil {
		return
	}
	until := c.now().Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.m)+len(hashes) > c.max {
		c.m = make(map[string]cachedListing, len(c.m))
	}
	for _, h := range hashes {
		c.m[h] = cachedListing{l: found[h], until: until}
	}
}

// forget drops everything; called after every write of listings.
func (c *listingCache) forget() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.gen++
	clear(c.m)
	c.mu.Unlock()
}

// forgetting is the service's store: its writes of listings drop the cache
// once they return, whether they succeeded or not.
type forgetting struct {
	Store
	c *listingCache
}

func (f forgetting) PutListings(ctx context.Context, ls []*Listing) error {
	defer f.c.forget()
	return f.Store.PutListings(ctx, ls)
}

func (f forgetting) UpdateListing(ctx context.Context, l *Listing, e audit.Entry) error {
	defer f.c.forget()
	return f.Store.UpdateListing(ctx, l, e)
}

func (f forgetting) DecideReport(ctx context.Context, r *Report, l *Listing, e audit.Entry) error {
	defer f.c.forget()
	return f.Store.DecideReport(ctx, r, l, e)
}
