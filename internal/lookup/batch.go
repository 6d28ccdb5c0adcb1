package lookup

import (
	"context"
	"sync"
)

// reads gathers the store reads of checks that arrive together into one
// ListingsByHash call. On SQLite a statement costs about as much to start
// and finish (a read transaction, locks, the database/sql round) as to find
// a listing, so under load this roughly halves the cost of a check. Nothing
// is kept: a batch holds the hashes of checks in flight and is dropped once
// read, and every check is read from the store after it arrived.
//
// Up to limit batches are read at a time, so that reads waiting for the
// disk overlap. A check that finds them all under way queues; when a read is
// done, its reader hands the queue to the first check in it, which reads it
// as the next batch. So an idle server reads each check at once, and a busy
// one reads what gathered meanwhile.
type reads struct {
	store Store
	limit int // batches read at a time
	mu    sync.Mutex
	busy  int     // batches being read
	queue []*read // checks waiting for the next batch
}

// read is one check's part of a batch.
type read struct {
	hashes []string
	found  map[string]*Listing // the whole batch's listings: look up only hashes
	err    error
	turn   chan []*read // nil when found is set; else the batch to read
}

const maxBatch = 64 // checks per batch; a URL check has up to three hashes

func (r *reads) get(ctx context.Context, hashes []string) (map[string]*Listing, error) {
	me := &read{hashes: hashes, turn: make(chan []*read, 1)}
	r.mu.Lock()
	if r.busy < r.limit {
		r.busy++
		r.mu.Unlock()
		r.readBatch(ctx, []*read{me})
		return me.found, me.err
	}
	r.queue = append(r.queue, me)
	r.mu.Unlock()
	// Waiting ignores ctx: a check may be handed a batch to read, and the
	// wait is one store read long.
	if batch := <-me.turn; batch != nil {
		r.readBatch(ctx, batch)
	}
	return me.found, me.err
}

// readBatch reads batch (whose first check is the caller's), hands the
// queue on, then tells the batch's other checks their answer.
func (r *reads) readBatch(ctx context.Context, batch []*read) {
	var all []string
	for _, x := range batch {
		all = append(all, x.hashes...)
	}
	// Other checks depend on this read: the caller leaving must not fail it.
	found, err := r.store.ListingsByHash(context.WithoutCancel(ctx), all)
	r.mu.Lock()
	n := min(len(r.queue), maxBatch)
	next := r.queue[:n:n]
	r.queue = append([]*read(nil), r.queue[n:]...)
	if n == 0 {
		r.busy--
	}
	r.mu.Unlock()
	if n > 0 {
		next[0].turn <- next
	}
	for i, x := range batch {
		x.found, x.err = found, err
		if i > 0 {
			x.turn <- nil
		}
	}
}
