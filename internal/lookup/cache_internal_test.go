package lookup

import (
	"fmt"
	"testing"
	"time"
)

// TestListingCacheGeneration: a read that began before a write cannot
// cache what it read, and the cache starts again empty when full.
func TestListingCacheGeneration(t *testing.T) {
	now := time.Now()
	c := newListingCache(time.Minute, 4, func() time.Time { return now })
	_, gen, ok := c.get([]string{"a"})
	if ok {
		t.Fatal("hit on an empty cache")
	}
	c.forget() // a write lands while "a" is being read
	c.put(gen, []string{"a"}, map[string]*Listing{"a": {Hash: "a"}})
	if _, _, ok := c.get([]string{"a"}); ok {
		t.Fatal("a read older than a write was cached")
	}
	_, gen, _ = c.get([]string{"a"})
	c.put(gen, []string{"a"}, map[string]*Listing{"a": {Hash: "a"}})
	if found, _, ok := c.get([]string{"a"}); !ok || found["a"] == nil {
		t.Fatalf("not cached: %v %v", found, ok)
	}
	for i := range 4 {
		_, gen, _ = c.get([]string{fmt.Sprint(i)})
		c.put(gen, []string{fmt.Sprint(i)}, nil)
	}
	if n := len(c.m); n > 4 {
		t.Errorf("%d entries, bound 4", n)
	}
	if _, _, ok := c.get([]string{"a"}); ok {
		t.Error("the full cache was not started again")
	}
}
