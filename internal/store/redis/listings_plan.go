package redis

import (
	"context"
	"fmt"
	"maps"
	"slices"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// listingPlan is a write of listings, worked out from what was stored when
// it was read under WATCH; queueListings queues it inside the MULTI.
type listingPlan struct {
	ls        []*lookup.Listing
	docs      [][]byte
	claims    []bool              // whether ls[i] is the first of its hash and sets its id key
	stored    map[string][]string // hash → alerts of the stored listing, for the hashes stored
	storedIDs map[string]bool     // which of the ids of ls are stored
}

// listingKeys are the keys a write of ls WATCHes and reads: the documents,
// then the id keys.
func (s *Store) listingKeys(ls []*lookup.Listing) []string {
	keys := make([]string, 0, 2*len(ls))
	for _, l := range ls {
		keys = append(keys, s.listingKey(l.Hash))
	}
	for _, l := range ls {
		keys = append(keys, s.listingIDKey(l.ID))
	}
	return keys
}

// planListings reads the stored documents and ids of ls in one MGET and
// checks the ids, applying ls in order as SQLite's upserts would.
func (s *Store) planListings(ctx context.Context, tx *goredis.Tx, ls []*lookup.Listing) (*listingPlan, error) {
	p := &listingPlan{ls: ls, docs: make([][]byte, len(ls)), claims: make([]bool, len(ls)),
		stored: map[string][]string{}, storedIDs: map[string]bool{}}
	if len(ls) == 0 {
		return p, nil
	}
	got, err := tx.MGet(ctx, s.listingKeys(ls)...).Result()
	if err != nil {
		return nil, err
	}
	owner := map[string]string{} // id → hash, stored or claimed earlier in ls
	for i, l := range ls {
		if h, ok := got[len(ls)+i].(string); ok {
			owner[l.ID], p.storedIDs[l.ID] = h, true
		}
		doc, ok := got[i].(string)
		if _, seen := p.stored[l.Hash]; !ok || seen {
			continue
		}
		old, err := decodeListing([]byte(doc))
		if err != nil {
			return nil, err
		}
		p.stored[l.Hash] = alertsOf(old)
	}
	exists := map[string]bool{}
	for h := range p.stored {
		exists[h] = true
	}
	for i, l := range ls {
		if !exists[l.Hash] {
			if h, ok := owner[l.ID]; ok && h != l.Hash {
				return nil, fmt.Errorf("listing %s (hash %s): %w", l.ID, l.Hash, errListingID)
			}
			owner[l.ID], exists[l.Hash], p.claims[i] = l.Hash, true, true
		}
		if p.docs[i], err = lookup.AppendListing(nil, l); err != nil {
			return nil, fmt.Errorf("encode listing %s: %w", l.ID, err)
		}
	}
	return p, nil
}

// queueListings queues the plan's documents, id keys and indexes on pipe.
func (s *Store) queueListings(ctx context.Context, pipe goredis.Pipeliner, p *listingPlan) {
	had := maps.Clone(p.stored) // hash → alerts as of the commands queued so far
	for i, l := range p.ls {
		pipe.Set(ctx, s.listingKey(l.Hash), p.docs[i], 0)
		if p.claims[i] {
			pipe.Set(ctx, s.listingIDKey(l.ID), l.Hash, 0)
		}
		pipe.SAdd(ctx, s.listingPrefixKey(l.Hash), l.Hash)
		now := alertsOf(l)
		for _, a := range had[l.Hash] {
			if !slices.Contains(now, a) {
				pipe.SRem(ctx, s.listingAlertKey(a), l.Hash)
			}
		}
		for _, a := range now {
			pipe.SAdd(ctx, s.listingAlertKey(a), l.Hash)
		}
		if l.Official {
			pipe.SAdd(ctx, s.p+"listing-official", l.Hash)
		} else {
			pipe.SRem(ctx, s.p+"listing-official", l.Hash)
		}
		had[l.Hash] = now
	}
}

// alertsOf returns the slugs of the alerts among l's sources.
func alertsOf(l *lookup.Listing) []string {
	var out []string
	for _, src := range l.Sources {
		if src.Alert != "" && !slices.Contains(out, src.Alert) {
			out = append(out, src.Alert)
		}
	}
	return out
}
