package sqlite

import (
	"context"
	"strings"
	"testing"
)

// TestListingsByHashesPlan: a batch of hashes is read by one search of the
// hash index per hash, never by a scan of the listings.
func TestListingsByHashesPlan(t *testing.T) {
	s := openTest(t)
	text := queryPlan(t, s, "listings-by-hashes", `["00","01"]`)
	if !strings.Contains(text, "SEARCH l USING INDEX") || strings.Contains(text, "SCAN l") {
		t.Errorf("plan %q, want a search of the hash index", text)
	}
}

// TestListingsByHashRefusesNonHex: hashes are checked before they are
// written into the JSON array the batch query reads.
func TestListingsByHashRefusesNonHex(t *testing.T) {
	s := openTest(t)
	for _, hashes := range [][]string{{"zz"}, {"00", `0"`}, {"00", "0"}, {"00", "0g"}} {
		if _, err := s.ListingsByHash(context.Background(), hashes); err == nil {
			t.Errorf("%q: no error", hashes)
		}
	}
	if got, err := s.ListingsByHash(context.Background(), []string{"00", "AB"}); err != nil || len(got) != 0 {
		t.Errorf("absent hashes: %v %v", got, err)
	}
}
