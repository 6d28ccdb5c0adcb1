package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/parallel"
)

// ListingsByHash implements lookup.Store. The IN list is built here (not in
// queries.sql) because its length varies; chunks stay under SQLite's limit
// on bound parameters.
func (s *Store) ListingsByHash(ctx context.Context, hashes []string) (map[string]*lookup.Listing, error) {
	out := make(map[string]*lookup.Listing, len(hashes))
	if len(hashes) <= 3 { // a check: the hash and its domains, by the compiled query
		for _, h := range hashes {
			key, err := hex.DecodeString(h)
			if err != nil {
				return nil, fmt.Errorf("listings by hash: %q is not hex", h)
			}
			list, err := stmtDocs[lookup.Listing](ctx, s.hot["listing-by-hash"], key)
			if err != nil {
				return nil, fmt.Errorf("listings by hash: %w", err)
			}
			for _, l := range list {
				out[l.Hash] = l
			}
		}
		return out, nil
	}
	for start := 0; start < len(hashes); start += 500 {
		chunk := hashes[start:min(start+500, len(hashes))]
		args := make([]any, len(chunk))
		for i, h := range chunk {
			b, err := hex.DecodeString(h)
			if err != nil {
				return nil, fmt.Errorf("listings by hash: %q is not hex", h)
			}
			args[i] = b
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
	docs, err := encodeAll(sorted)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.putEncoded(ctx, tx, sorted, docs) })
}

// encodeAll encodes the documents on every core before the write
// transaction starts, so the single writer only writes.
func encodeAll(ls []*lookup.Listing) ([]string, error) {
	docs := make([]string, len(ls))
	errs := make([]error, len(ls))
	parallel.For(len(ls), func(i int) {
		b, err := json.Marshal(ls[i])
		docs[i], errs[i] = string(b), err
	})
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("encode listings: %w", err)
	}
	return docs, nil
}

func (s *Store) putListings(ctx context.Context, tx *sql.Tx, ls []*lookup.Listing) error {
	docs, err := encodeAll(ls)
	if err != nil {
		return err
	}
	return s.putEncoded(ctx, tx, ls, docs)
}

func (s *Store) putEncoded(ctx context.Context, tx *sql.Tx, ls []*lookup.Listing, docs []string) error {
	up, err := tx.PrepareContext(ctx, s.q("listing-upsert"))
	if err != nil {
		return err
	}
	defer up.Close()
	for i, l := range ls {
		doc := docs[i]
		key, err := hex.DecodeString(l.Hash)
		if err != nil {
			return fmt.Errorf("put listing %s: hash is not hex", l.ID)
		}
		if _, err := up.ExecContext(ctx, key, doc); err != nil {
			return fmt.Errorf("put listing %s: %w", l.ID, err)
		}
		if err := s.indexAlerts(ctx, tx, l, key); err != nil {
			return err
		}
	}
	return nil
}

// indexAlerts adds the listing's alert sources to listing_alerts. Most
// imported listings have none, so they cost nothing here; a source that goes
// away leaves a row that ListingsByAlert skips.
func (s *Store) indexAlerts(ctx context.Context, tx *sql.Tx, l *lookup.Listing, key []byte) error {
	for _, src := range l.Sources {
		if src.Alert == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.q("listing-alerts-add"), src.Alert, key); err != nil {
			return fmt.Errorf("index listing %s: %w", l.ID, err)
		}
	}
	return nil
}

// Listing implements lookup.Store.
func (s *Store) Listing(ctx context.Context, id string) (*lookup.Listing, error) {
	lo, hi, ok := hexRange(id)
	if !ok {
		return nil, lookup.ErrNotFound
	}
	list, err := queryDocs[lookup.Listing](ctx, s.r, s.q("listing-by-id"), lo, hi)
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
	lo, hi, ok := hexRange(prefix)
	if !ok {
		return nil, fmt.Errorf("listings by prefix: %q is not hex", prefix)
	}
	return stmtDocs[lookup.Listing](ctx, s.hot["listings-by-prefix"], lo, hi)
}

// hexRange gives the byte bounds [lo, hi) of every hash whose hex form
// starts with prefix (which may have an odd number of digits).
func hexRange(prefix string) (lo, hi []byte, ok bool) {
	n := len(prefix)
	if n == 0 || n > 32 {
		return nil, nil, false
	}
	v := new(big.Int)
	if _, ok := v.SetString(prefix, 16); !ok || strings.ToLower(prefix) != prefix {
		return nil, nil, false
	}
	bound := func(x *big.Int) []byte {
		h := fmt.Sprintf("%0*x", n, x)
		if len(h)%2 == 1 {
			h += "0"
		}
		b, _ := hex.DecodeString(h)
		return b
	}
	lo = bound(v)
	next := new(big.Int).Add(v, big.NewInt(1))
	if next.BitLen() > 4*n { // all f: everything after lo
		return lo, bytes.Repeat([]byte{0xff}, 33), true
	}
	return lo, bound(next), true
}

// OfficialListings implements lookup.Store through the partial index.
func (s *Store) OfficialListings(ctx context.Context) ([]*lookup.Listing, error) {
	return queryDocs[lookup.Listing](ctx, s.r, s.q("listings-official"))
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
		key, _ := hex.DecodeString(l.Hash)
		if err := tx.QueryRowContext(ctx, s.q("listing-exists"), key).Scan(&one); errors.Is(err, sql.ErrNoRows) {
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
	return scanDocs[T](rows)
}

// stmtDocs is queryDocs for a compiled statement.
func stmtDocs[T any](ctx context.Context, st *sql.Stmt, args ...any) ([]*T, error) {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	return scanDocs[T](rows)
}

func scanDocs[T any](rows *sql.Rows) ([]*T, error) {
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
