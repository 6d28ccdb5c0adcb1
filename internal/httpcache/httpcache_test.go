package httpcache

import (
	"testing"
	"time"
)

func TestCache(t *testing.T) {
	now := time.Now()
	c := New(3)
	a := c.Put("a-en", "a", []byte("A"), now.Add(time.Minute))
	c.Put("a-th", "a", []byte("ก"), now.Add(time.Minute))
	c.Put("b-en", "b", []byte("B"), now.Add(time.Second))
	if e, ok := c.Get("a-en", now); !ok || string(e.Body) != "A" || e.ETag != a.ETag || len(e.ETag) != 26 {
		t.Fatalf("Get: %+v %v", e, ok)
	}
	if _, ok := c.Get("b-en", now.Add(2*time.Second)); ok {
		t.Error("an entry past its deadline was returned")
	}
	c.Forget("a")
	if _, ok := c.Get("a-th", now); ok {
		t.Error("Forget(tag) left an entry of the tag")
	}
	if _, ok := c.Get("b-en", now); !ok {
		t.Error("Forget(tag) dropped another tag's entry")
	}
	c.Put("x", "", nil, now.Add(time.Minute))
	c.Put("y", "", nil, now.Add(time.Minute))
	c.Put("z", "", nil, now.Add(time.Minute)) // over the bound: starts over
	if len(c.entries) > 3 {
		t.Errorf("cache grew to %d entries, bound 3", len(c.entries))
	}
	c.Forget("")
	if len(c.entries) != 0 {
		t.Error("Forget(\"\") left entries")
	}
}
