package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
	"github.com/antifraud-alliance/beacon/internal/trends"
)

// migrationListings are listings whose indexed values differ: official or
// not, delisted or not, with and without regions, first seen on two days.
func migrationListings() []*lookup.Listing {
	day1 := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	day2 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	mk := func(i int, kind string, status lookup.Status, official bool, regions []string, seen time.Time) *lookup.Listing {
		hash := fmt.Sprintf("%064x", i+1)
		return &lookup.Listing{ID: lookup.IDOf(hash), Hash: hash, Kind: ident.Kind(kind), Canonical: fmt.Sprintf("+6681000%04d", i),
			Status: status, Official: official, Regions: regions, Typologies: []string{"phishing"},
			Sources: []lookup.Source{{Agency: "TH"}}, FirstSeen: seen, LastSeen: seen, UpdatedAt: seen}
	}
	return []*lookup.Listing{
		mk(0, "phone", lookup.StatusVerified, false, []string{"TH"}, day1),
		mk(1, "phone", lookup.StatusVerified, false, []string{"TH", "VN"}, day1),
		mk(2, "url", lookup.StatusReported, false, nil, day2),
		mk(3, "phone", lookup.StatusDelisted, false, []string{"TH"}, day2),
		mk(4, "phone", lookup.StatusVerified, true, []string{"TH"}, day2),
	}
}

// TestListingColumnsMigration: a database written before migration 0005
// (indexed values computed from the document) keeps its listings, and its
// official contacts and trend counts are the same after it, with the plain
// columns equal to what the store now writes.
func TestListingColumnsMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	// Take the database back to 0004: listings as 0002 and 0004 made it.
	db := olderDatabase(t, path,
		"DROP TABLE listings",
		"CREATE TABLE listings (hash BLOB NOT NULL UNIQUE, doc TEXT NOT NULL) STRICT",
		"CREATE INDEX listings_official ON listings (json_extract(doc, '$.official')) WHERE json_extract(doc, '$.official') = 1",
		"ALTER TABLE listings ADD COLUMN trend_day TEXT GENERATED ALWAYS AS (substr(json_extract(doc, '$.firstSeen'), 1, 10)) VIRTUAL",
		"ALTER TABLE listings ADD COLUMN trend_kind TEXT GENERATED ALWAYS AS (json_extract(doc, '$.kind')) VIRTUAL",
		"ALTER TABLE listings ADD COLUMN trend_counted INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.official') = 0 AND json_extract(doc, '$.status') <> 'delisted') VIRTUAL",
		"ALTER TABLE listings ADD COLUMN trend_regions TEXT GENERATED ALWAYS AS (json_extract(doc, '$.regions')) VIRTUAL",
		"CREATE INDEX listings_trend ON listings (trend_day, trend_counted, trend_kind, trend_regions)",
		"DELETE FROM schema_migrations WHERE version >= 5")
	ls := migrationListings()
	for _, l := range ls {
		doc, err := lookup.AppendListing(nil, l)
		if err != nil {
			t.Fatal(err)
		}
		key, _ := hex.DecodeString(l.Hash)
		if _, err := db.Exec("INSERT INTO listings (hash, doc) VALUES (?, ?)", key, string(doc)); err != nil {
			t.Fatal(err)
		}
	}
	span := trends.Span{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)}
	queries, err := loadQueries()
	if err != nil {
		t.Fatal(err)
	}
	before, err := (&Store{r: db, queries: queries}).ListingCounts(ctx, span)
	if err != nil {
		t.Fatal(err)
	}
	s := migrated(t, db, path)
	after, err := s.ListingCounts(ctx, span)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before, after) || len(after) == 0 {
		t.Errorf("trend counts before %v, after %v", before, after)
	}
	official, err := s.OfficialListings(ctx)
	if err != nil || len(official) != 1 || official[0].Hash != ls[4].Hash {
		t.Errorf("official listings after the migration: %v %v", official, err)
	}
	assertColumns(t, s, ls)
	// Writing the same listings again through the store changes no column.
	if err := s.PutListings(ctx, ls); err != nil {
		t.Fatal(err)
	}
	assertColumns(t, s, ls)
	if again, err := s.ListingCounts(ctx, span); err != nil || !slices.Equal(again, after) {
		t.Errorf("trend counts after rewriting: %v %v", again, err)
	}
}

// assertColumns compares each row's plain columns with listingColumns.
func assertColumns(t *testing.T, s *Store, ls []*lookup.Listing) {
	t.Helper()
	for _, l := range ls {
		key, _ := hex.DecodeString(l.Hash)
		var official, counted int
		var day, kind string
		var regions sql.NullString
		err := s.r.QueryRow("SELECT official, trend_day, trend_kind, trend_counted, trend_regions FROM listings WHERE hash = ?", key).
			Scan(&official, &day, &kind, &counted, &regions)
		if err != nil {
			t.Fatalf("%s: %v", l.ID, err)
		}
		want := listingColumns(nil, key, "", l)[2:] // after the hash and the document
		var storedRegions any
		if regions.Valid {
			storedRegions = regions.String
		}
		got := []any{official, day, kind, counted, storedRegions}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s (%s, official %v, regions %v): columns %v, the store writes %v", l.ID, l.Status, l.Official, l.Regions, got, want)
		}
	}
}
