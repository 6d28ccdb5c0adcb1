// Lookup storage (lookup.Store): listings, citizens' reports, the daily counts
// of checks and shared secrets. Keys, under the prefix P:
//
//	P listing:{hash}         string  JSON of lookup.Listing, keyed by hash because checks look up by hash
//	P listing-id:{id}        string  the hash of the listing with that id
//	P listing-prefix:{pre}   set     the hashes that start with pre, their first lookup.PrefixLen
//	                                 hex characters: ListingsByPrefix is SMEMBERS + MGET
//	P listing-alert:{slug}   set     the hashes of the listings with a source whose Alert is slug
//	P report:{id}            string  JSON of lookup.Report
//	P reports:{status}       zset    the ids of the reports in status, score 0: ZREVRANGEBYLEX
//	                                 pages newest first, as ids sort by creation time
//	P lookup-counts:{day}    hash    field "kind|verdict": how many such checks that day
//	P secret:{name}          string  the secret's bytes, set once with SETNX
//
// Listings and reports are never deleted, so an index member always has its
// document (both are written in the same MULTI).
//
// Every listing write (PutListings, UpdateListing, DecideReport) WATCHes the
// documents and id keys it writes, reads them with one MGET, and queues
// documents, indexes (and report and audit entry) in one MULTI/EXEC, whatever
// the number of listings. The alert index is kept in step with the stored
// documents: the old document says which alert sets to leave.
//
// A listing's id is fixed by the first write of its hash, as in the SQLite
// backend (where id and hash are both unique and the upsert by hash leaves
// the id column alone): replacing a listing by hash never moves listing-id,
// and a new hash under an id another hash already has is refused, with
// nothing of the batch written.
package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// errListingID is returned for a new listing whose id another listing has.
var errListingID = errors.New("another listing already has this id")

func (s *Store) listingKey(hash string) string   { return s.p + "listing:" + hash }
func (s *Store) listingIDKey(id string) string   { return s.p + "listing-id:" + id }
func (s *Store) listingAlertKey(a string) string { return s.p + "listing-alert:" + a }
func (s *Store) listingPrefixKey(hash string) string {
	return s.p + "listing-prefix:" + hash[:min(len(hash), lookup.PrefixLen)]
}

// ListingsByHash implements lookup.Store.
func (s *Store) ListingsByHash(ctx context.Context, hashes []string) (map[string]*lookup.Listing, error) {
	list, err := s.listingsAt(ctx, hashes, false)
	if err != nil {
		return nil, fmt.Errorf("listings by hash: %w", err)
	}
	return lookup.ByHash(list), nil
}

// PutListings implements lookup.Store: one WATCH, one MGET and one MULTI/EXEC
// for the whole batch.
func (s *Store) PutListings(ctx context.Context, ls []*lookup.Listing) error {
	if len(ls) == 0 {
		return nil
	}
	err := s.atomically(ctx, errContended, func(tx *goredis.Tx) error {
		p, err := s.planListings(ctx, tx, ls)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			s.queueListings(ctx, pipe, p)
			return nil
		})
		return err
	}, s.listingKeys(ls)...)
	if err != nil {
		return fmt.Errorf("put %d listings: %w", len(ls), err)
	}
	return nil
}

// Listing implements lookup.Store. Listings are never deleted and their id
// key never changes, so the two reads need no transaction.
func (s *Store) Listing(ctx context.Context, id string) (*lookup.Listing, error) {
	hash, err := s.c.Get(ctx, s.listingIDKey(id)).Result()
	if isNil(err) {
		return nil, lookup.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", id, err)
	}
	raw, err := s.c.Get(ctx, s.listingKey(hash)).Bytes()
	if isNil(err) {
		return nil, fmt.Errorf("listing %s: its hash %s has no document", id, hash)
	}
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", id, err)
	}
	return decodeListing(raw)
}

// ListingsByPrefix implements lookup.Store, ordered by hash. The index holds
// prefixes of lookup.PrefixLen characters: longer ones are filtered from it,
// shorter ones are refused (checks always send lookup.PrefixLen).
func (s *Store) ListingsByPrefix(ctx context.Context, prefix string) ([]*lookup.Listing, error) {
	if len(prefix) < lookup.PrefixLen {
		return nil, fmt.Errorf("listings by prefix %q: the Redis store needs at least %d characters", prefix, lookup.PrefixLen)
	}
	hashes, err := s.c.SMembers(ctx, s.listingPrefixKey(prefix)).Result()
	if err != nil {
		return nil, fmt.Errorf("listings by prefix %s: %w", prefix, err)
	}
	hashes = slices.DeleteFunc(hashes, func(h string) bool { return !strings.HasPrefix(h, prefix) })
	slices.Sort(hashes)
	list, err := s.listingsAt(ctx, hashes, true)
	if err != nil {
		return nil, fmt.Errorf("listings by prefix %s: %w", prefix, err)
	}
	return list, nil
}

// ListingsByAlert implements lookup.Store, ordered by hash. A listing that
// lost the alert between the two reads is left out.
// OfficialListings implements lookup.Store from the set of official hashes.
func (s *Store) OfficialListings(ctx context.Context) ([]*lookup.Listing, error) {
	hashes, err := s.c.SMembers(ctx, s.p+"listing-official").Result()
	if err != nil {
		return nil, fmt.Errorf("official listings: %w", err)
	}
	slices.Sort(hashes)
	list, err := s.listingsAt(ctx, hashes, true)
	if err != nil {
		return nil, fmt.Errorf("official listings: %w", err)
	}
	return slices.DeleteFunc(list, func(l *lookup.Listing) bool { return !l.Official }), nil
}

func (s *Store) ListingsByAlert(ctx context.Context, slug string) ([]*lookup.Listing, error) {
	hashes, err := s.c.SMembers(ctx, s.listingAlertKey(slug)).Result()
	if err != nil {
		return nil, fmt.Errorf("listings by alert %s: %w", slug, err)
	}
	slices.Sort(hashes)
	list, err := s.listingsAt(ctx, hashes, true)
	if err != nil {
		return nil, fmt.Errorf("listings by alert %s: %w", slug, err)
	}
	return slices.DeleteFunc(list, func(l *lookup.Listing) bool { return !slices.Contains(alertsOf(l), slug) }), nil
}

// UpdateListing implements lookup.Store: ErrNotFound, and nothing written,
// when no listing has l.ID.
func (s *Store) UpdateListing(ctx context.Context, l *lookup.Listing, e audit.Entry) error {
	ls := []*lookup.Listing{l}
	err := s.atomically(ctx, errContended, func(tx *goredis.Tx) error {
		p, err := s.planListings(ctx, tx, ls)
		if err != nil {
			return err
		}
		if !p.storedIDs[l.ID] {
			return lookup.ErrNotFound
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			s.queueListings(ctx, pipe, p)
			s.appendAudit(ctx, pipe, e)
			return nil
		})
		return err
	}, s.listingKeys(ls)...)
	if err != nil && !errors.Is(err, lookup.ErrNotFound) {
		return fmt.Errorf("update listing %s: %w", l.ID, err)
	}
	return err
}

// RecordAudit implements lookup.Store.
func (s *Store) RecordAudit(ctx context.Context, e audit.Entry) error {
	if _, err := s.c.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
		s.appendAudit(ctx, pipe, e)
		return nil
	}); err != nil {
		return fmt.Errorf("record audit: %w", err)
	}
	return nil
}

// listingsAt reads the listings stored under hashes with one MGET, in order,
// skipping the hashes that have none; indexed says the hashes come from an
// index, so a missing document is an error.
func (s *Store) listingsAt(ctx context.Context, hashes []string, indexed bool) ([]*lookup.Listing, error) {
	if len(hashes) == 0 {
		return nil, nil
	}
	keys := make([]string, len(hashes))
	for i, h := range hashes {
		keys[i] = s.listingKey(h)
	}
	docs, err := s.c.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, err
	}
	out := make([]*lookup.Listing, 0, len(docs))
	for i, v := range docs {
		doc, ok := v.(string)
		if !ok {
			if indexed {
				return nil, fmt.Errorf("hash %s is indexed but not stored", hashes[i])
			}
			continue
		}
		l, err := decodeListing([]byte(doc))
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// decodeListing is decode for listings, which have a faster decoder.
func decodeListing(raw []byte) (*lookup.Listing, error) {
	l, err := lookup.DecodeListing(raw)
	if err != nil {
		return nil, fmt.Errorf("decode listing: %w", err)
	}
	return l, nil
}

// decode decodes a JSON document; what names it in errors.
func decode[T any](raw []byte, what string) (*T, error) {
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, fmt.Errorf("decode %s: %w", what, err)
	}
	return v, nil
}
