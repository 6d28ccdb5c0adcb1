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
	"github.com/antifraud-alliance/beacon/internal/lookup/jsonw"
	"github.com/antifraud-alliance/beacon/internal/parallel"
)

// Many hashes are read with one statement (the hot query below), which the
// lookup service relies on to read the checks that arrive together at once.
func init() { hotQueries = append(hotQueries, "listings-by-hashes") }

// ListingsByHash implements lookup.Store: one hash by its compiled query,
// more (a batch of checks, an import's batch) by one statement over a JSON
// array of them, so the cost of a statement is paid once per batch.
func (s *Store) ListingsByHash(ctx context.Context, hashes []string) (map[string]*lookup.Listing, error) {
	var (
		list []*lookup.Listing
		err  error
	)
	switch {
	case len(hashes) == 1:
		key, derr := hex.DecodeString(hashes[0])
		if derr != nil {
			return nil, fmt.Errorf("listings by hash: %q is not hex", hashes[0])
		}
		list, err = stmtListings(ctx, s.hot["listing-by-hash"], key)
	case len(hashes) > 1:
		arg, aerr := hexArray(hashes)
		if aerr != nil {
			return nil, aerr
		}
		list, err = stmtListings(ctx, s.hot["listings-by-hashes"], arg)
	}
	if err != nil {
		return nil, fmt.Errorf("listings by hash: %w", err)
	}
	return lookup.ByHash(list), nil
}

// hexArray writes hashes as a JSON array, checking that each is hex (which
// also means it needs no escaping).
func hexArray(hashes []string) (string, error) {
	b := make([]byte, 0, len(hashes)*67+2)
	b = append(b, '[')
	for i, h := range hashes {
		if len(h)%2 != 0 || strings.Trim(h, "0123456789abcdefABCDEF") != "" {
			return "", fmt.Errorf("listings by hash: %q is not hex", h)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), h...), '"')
	}
	return string(append(b, ']')), nil
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
		b, err := lookup.AppendListing(make([]byte, 0, 512), ls[i])
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

// upsertRows is how many listings one statement writes: running a statement
// has a fixed cost (binding, the database/sql round, starting and halting
// SQLite's program) that an import then pays once per chunk.
const upsertRows = 64

// upsertCols is how many values listing-upsert binds per listing.
const upsertCols = 7

// manyRows repeats the VALUES row of an INSERT … VALUES (…) ON CONFLICT
// statement n times, so one statement writes n rows.
func manyRows(one string, n int) string {
	head, rest, _ := strings.Cut(one, " VALUES ")
	row, tail, _ := strings.Cut(rest, "\nON CONFLICT")
	return head + " VALUES " + row + strings.Repeat(", "+row, n-1) + "\nON CONFLICT" + tail
}

// listingColumns appends the values of listing-upsert for one listing: the
// hash, the document, and the indexed values that the trend and official
// queries read without parsing the document.
func listingColumns(args []any, key []byte, doc string, l *lookup.Listing) []any {
	official, counted := 0, 0
	if l.Official {
		official = 1
	} else if l.Status != lookup.StatusDelisted {
		counted = 1
	}
	// The day as the document writes it, so that it matches firstSeen.
	day, _ := l.FirstSeen.AppendText(make([]byte, 0, 35))
	if len(day) > 10 {
		day = day[:10]
	}
	var regions any
	if l.Regions != nil {
		regions = string(jsonw.Strings(nil, l.Regions))
	}
	return append(args, key, doc, official, string(day), string(l.Kind), counted, regions)
}

func (s *Store) putEncoded(ctx context.Context, tx *sql.Tx, ls []*lookup.Listing, docs []string) error {
	keys := make([][]byte, len(ls))
	for i, l := range ls {
		var err error
		if keys[i], err = hex.DecodeString(l.Hash); err != nil {
			return fmt.Errorf("put listing %s: hash is not hex", l.ID)
		}
	}
	full := len(ls) / upsertRows * upsertRows
	if full > 0 {
		many, err := tx.PrepareContext(ctx, manyRows(s.q("listing-upsert"), upsertRows))
		if err != nil {
			return err
		}
		defer many.Close()
		args := make([]any, 0, upsertCols*upsertRows)
		for start := 0; start < full; start += upsertRows {
			args = args[:0]
			for i := start; i < start+upsertRows; i++ {
				args = listingColumns(args, keys[i], docs[i], ls[i])
			}
			if _, err := many.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("put listings %s…: %w", ls[start].ID, err)
			}
		}
	}
	if full < len(ls) {
		up, err := tx.PrepareContext(ctx, s.q("listing-upsert"))
		if err != nil {
			return err
		}
		defer up.Close()
		args := make([]any, 0, upsertCols)
		for i := full; i < len(ls); i++ {
			if _, err := up.ExecContext(ctx, listingColumns(args[:0], keys[i], docs[i], ls[i])...); err != nil {
				return fmt.Errorf("put listing %s: %w", ls[i].ID, err)
			}
		}
	}
	for i, l := range ls {
		if err := s.indexAlerts(ctx, tx, l, keys[i]); err != nil {
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
	list, err := queryListings(ctx, s.r, s.q("listing-by-id"), lo, hi)
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
	return stmtListings(ctx, s.hot["listings-by-prefix"], lo, hi)
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
	return queryListings(ctx, s.r, s.q("listings-official"))
}

// ListingsByAlert implements lookup.Store, skipping stale index rows.
func (s *Store) ListingsByAlert(ctx context.Context, slug string) ([]*lookup.Listing, error) {
	list, err := queryListings(ctx, s.r, s.q("listings-by-alert"), slug)
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

// queryListings is queryDocs for listings, which have a faster decoder.
func queryListings(ctx context.Context, db *sql.DB, q string, args ...any) ([]*lookup.Listing, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanListings(rows)
}

// stmtListings is queryListings for a compiled statement.
func stmtListings(ctx context.Context, st *sql.Stmt, args ...any) ([]*lookup.Listing, error) {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	return scanListings(rows)
}

func scanListings(rows *sql.Rows) ([]*lookup.Listing, error) {
	defer rows.Close()
	var out []*lookup.Listing
	for rows.Next() {
		var doc sql.RawBytes // decoded before Next reuses it
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		l, err := lookup.DecodeListing(doc)
		if err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
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
