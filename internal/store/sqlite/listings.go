package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// ListingsByHash implements lookup.Store. The IN list is built here (not in
// queries.sql) because its length varies; chunks stay under SQLite's limit
// on bound parameters.
func (s *Store) ListingsByHash(ctx context.Context, hashes []string) (map[string]*lookup.Listing, error) {
	out := make(map[string]*lookup.Listing, len(hashes))
	for start := 0; start < len(hashes); start += 500 {
		chunk := hashes[start:min(start+500, len(hashes))]
		args := make([]any, len(chunk))
		for i, h := range chunk {
			args[i] = h
		}
		q := "SELECT doc FROM listings WHERE hash IN (?" + strings.Repeat(",?", len(chunk)-1) + ")"
		list, err := queryDocs[lookup.Listing](ctx, s.r, q, args...)
		if err != nil {
			return nil, fmt.Errorf("listings by hash: %w", err)
		}
		for _, l := range list {
			out[l.Hash] = l
		}
	}
	return out, nil
}

// PutListings implements lookup.Store. Writing in hash order makes a batch
// touch each page of the index once rather than jumping between them.
func (s *Store) PutListings(ctx context.Context, ls []*lookup.Listing) error {
	sorted := slices.SortedFunc(slices.Values(ls), func(a, b *lookup.Listing) int { return strings.Compare(a.Hash, b.Hash) })
	return s.tx(ctx, func(tx *sql.Tx) error { return s.putListings(ctx, tx, sorted) })
}

func (s *Store) putListings(ctx context.Context, tx *sql.Tx, ls []*lookup.Listing) error {
	up, err := tx.PrepareContext(ctx, s.q("listing-upsert"))
	if err != nil {
		return err
	}
	defer up.Close()
	for _, l := range ls {
		doc, err := json.Marshal(l)
		if err != nil {
			return fmt.Errorf("encode listing: %w", err)
		}
		if _, err := up.ExecContext(ctx, l.Hash, string(doc)); err != nil {
			return fmt.Errorf("put listing %s: %w", l.ID, err)
		}
		if err := s.indexAlerts(ctx, tx, l); err != nil {
			return err
		}
	}
	return nil
}

// indexAlerts adds the listing's alert sources to listing_alerts. Most
// imported listings have none, so they cost nothing here; a source that goes
// away leaves a row that ListingsByAlert skips.
func (s *Store) indexAlerts(ctx context.Context, tx *sql.Tx, l *lookup.Listing) error {
	for _, src := range l.Sources {
		if src.Alert == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.q("listing-alerts-add"), src.Alert, l.Hash); err != nil {
			return fmt.Errorf("index listing %s: %w", l.ID, err)
		}
	}
	return nil
}

// Listing implements lookup.Store.
func (s *Store) Listing(ctx context.Context, id string) (*lookup.Listing, error) {
	list, err := queryDocs[lookup.Listing](ctx, s.r, s.q("listing-by-id"), id)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", id, err)
	}
	if len(list) == 0 {
		return nil, lookup.ErrNotFound
	}
	return list[0], nil
}

// ListingsByPrefix implements lookup.Store, as a range scan of the hash index.
func (s *Store) ListingsByPrefix(ctx context.Context, prefix string) ([]*lookup.Listing, error) {
	return queryDocs[lookup.Listing](ctx, s.r, s.q("listings-by-prefix"), prefix, prefixEnd(prefix))
}

// prefixEnd is the smallest string above every string starting with the hex prefix.
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != 'f' {
			if b[i] == '9' {
				b[i] = 'a'
			} else {
				b[i]++
			}
			return string(b[:i+1])
		}
	}
	return "g" // after every hex string
}

// ListingsByAlert implements lookup.Store, skipping stale index rows.
func (s *Store) ListingsByAlert(ctx context.Context, slug string) ([]*lookup.Listing, error) {
	list, err := queryDocs[lookup.Listing](ctx, s.r, s.q("listings-by-alert"), slug)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(list, func(l *lookup.Listing) bool { return !slices.Contains(l.Alerts(), slug) }), nil
}

// UpdateListing implements lookup.Store.
func (s *Store) UpdateListing(ctx context.Context, l *lookup.Listing, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM listings WHERE hash = ?", l.Hash).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return lookup.ErrNotFound
		}
		if err := s.putListings(ctx, tx, []*lookup.Listing{l}); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// RecordAudit implements lookup.Store.
func (s *Store) RecordAudit(ctx context.Context, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.appendAudit(ctx, tx, e) })
}

// queryDocs runs a query whose rows are one JSON document each.
func queryDocs[T any](ctx context.Context, db *sql.DB, q string, args ...any) ([]*T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		v := new(T)
		if err := json.Unmarshal(doc, v); err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
