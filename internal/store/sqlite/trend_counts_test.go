package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "beacon.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestTrendCountsUseIndexes: each aggregate reads a range of the index made
// for it, never the whole table, so its cost follows the period's rows (and
// the values it groups by come from the index, not from parsing documents).
func TestTrendCountsUseIndexes(t *testing.T) {
	s := openTest(t)
	for _, tc := range []struct {
		query     string
		args      []any
		index     string
		forbidden string
	}{
		{"trend-count-alerts", []any{int64(1), int64(2)}, "SEARCH a USING INDEX alerts_public", "SCAN a"},
		{"trend-count-listings", []any{"2026-07-01", "2026-10-01"}, "SEARCH l USING COVERING INDEX listings_trend", "SCAN l"},
		{"trend-count-reports", []any{"000000000000", "ffffffffffff"}, "SEARCH reports USING INDEX reports_trend", "SCAN reports"},
	} {
		text := queryPlan(t, s, tc.query, tc.args...)
		if !strings.Contains(text, tc.index) || strings.Contains(text, tc.forbidden+" ") || strings.HasSuffix(text, tc.forbidden) {
			t.Errorf("%s: plan %q, want a search of %s", tc.query, text, tc.index)
		}
	}
}

// TestDocTableQueriesExist is TestQueriesExist for the queries the document
// tables name.
func TestDocTableQueriesExist(t *testing.T) {
	qs, err := loadQueries()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range []docTable{alertTable, trendTable} {
		for _, name := range []string{tb.insert, tb.update, tb.exists, tb.byID, tb.bySlug, tb.list, tb.publicFirst, tb.publicAfter} {
			if _, ok := qs[name]; !ok {
				t.Errorf("%s table: queries.sql has no query %q", tb.what, name)
			}
		}
	}
}
