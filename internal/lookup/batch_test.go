package lookup

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// gatedStore answers ListingsByHash with a listing per even-numbered hash,
// holding every call until released, and records the calls.
type gatedStore struct {
	Store
	release chan struct{}
	mu      sync.Mutex
	calls   [][]string
}

func (g *gatedStore) ListingsByHash(_ context.Context, hashes []string) (map[string]*Listing, error) {
	g.mu.Lock()
	g.calls = append(g.calls, hashes)
	g.mu.Unlock()
	<-g.release
	out := map[string]*Listing{}
	for _, h := range hashes {
		var n int
		if _, err := fmt.Sscanf(h, "h%d", &n); err == nil && n%2 == 0 {
			out[h] = &Listing{Hash: h}
		}
	}
	return out, nil
}

// TestReadsBatch: checks that arrive while all reads are under way are read
// together in the next one, and each gets the listings of its own hashes.
func TestReadsBatch(t *testing.T) {
	g := &gatedStore{release: make(chan struct{})}
	const checks, limit = 40, 3
	r := &reads{store: g, limit: limit}
	var wg sync.WaitGroup
	errs := make(chan error, checks)
	for i := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := fmt.Sprint("h", i)
			found, err := r.get(context.Background(), []string{h})
			if l := found[h]; err != nil || (l != nil) != (i%2 == 0) || (l != nil && l.Hash != h) {
				errs <- fmt.Errorf("check %d: %v %v", i, l, err)
			}
		}()
	}
	for { // wait until limit checks read and all others queue behind them
		r.mu.Lock()
		queued := len(r.queue)
		r.mu.Unlock()
		if queued == checks-limit {
			break
		}
		runtime.Gosched()
	}
	close(g.release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(g.calls) != limit+1 || len(g.calls[limit]) != checks-limit {
		t.Errorf("%d store reads, want %d alone and then the other %d checks together", len(g.calls), limit, checks-limit)
	}
}
