package lookup_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

// countingStore counts the store reads of checks.
type countingStore struct {
	store.Backend
	reads atomic.Int64
}

func (c *countingStore) ListingsByHash(ctx context.Context, hashes []string) (map[string]*lookup.Listing, error) {
	c.reads.Add(1)
	return c.Backend.ListingsByHash(ctx, hashes)
}

// TestListingCache: a repeated check reads the store once per expiry, for a
// listed and an unlisted number alike, and a change made through the
// service shows at the next check.
func TestListingCache(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	st := &countingStore{Backend: storetest.SQLite(t)}
	s := lookup.NewService(st, lookup.Config{CacheFor: time.Minute, Now: func() time.Time { return clock }})
	if _, err := s.Import(ctx, admin, "TH", lookup.FormatNDJSON, strings.NewReader(`{"kind": "phone", "value": "+66 2 123 4567"}`)); err != nil {
		t.Fatal(err)
	}
	check := func(value string, want lookup.Verdict, wantReads int64) {
		t.Helper()
		res, err := s.Lookup(ctx, "phone", value, "")
		if err != nil || res.Verdict != want {
			t.Fatalf("Lookup(%s): %v %v, want %s", value, res, err, want)
		}
		if got := st.reads.Load(); got != wantReads {
			t.Fatalf("Lookup(%s): %d store reads so far, want %d", value, got, wantReads)
		}
	}
	base := st.reads.Load() // the import's own reads
	check("+6621234567", lookup.VerdictHighRisk, base+1)
	check("+66 2 123 4567", lookup.VerdictHighRisk, base+1) // the same canonical number: cached
	check("+6629999999", lookup.VerdictNoRecord, base+2)
	check("+6629999999", lookup.VerdictNoRecord, base+2) // absent, cached too
	clock = clock.Add(time.Minute + time.Second)
	check("+6621234567", lookup.VerdictHighRisk, base+3) // expired
	res, _ := s.Lookup(ctx, "phone", "+6621234567", "")
	if _, err := s.Delist(ctx, admin, res.Listing.ID, "A real business"); err != nil {
		t.Fatal(err)
	}
	base = st.reads.Load()
	check("+6621234567", lookup.VerdictNoRecord, base+1) // the write dropped the cache
	s.Forget()
	check("+6621234567", lookup.VerdictNoRecord, base+2)

	// The checks are counted by the day they were made on, across midnight.
	clock = time.Date(2026, 11, 23, 0, 0, 1, 0, time.UTC)
	check("+6621234567", lookup.VerdictNoRecord, base+3)
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]int64{"2026-11-22": 8, "2026-11-23": 1} {
		counts, err := st.LookupCounts(ctx, day, day)
		var n int64
		for _, c := range counts {
			n += c.N
		}
		if err != nil || n != want {
			t.Errorf("%s: %d checks counted (%v), want %d", day, n, err, want)
		}
	}
}
