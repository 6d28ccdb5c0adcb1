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
	rows, err := s.r.Query("EXPLAIN QUERY PLAN "+s.q("listings-by-hashes"), `["00","01"]`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	text := strings.Join(plan, "; ")
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
