package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// benchListings stores n phone listings shaped like an import's and
// returns their hashes.
func benchListings(b *testing.B, s *Store, n int) []string {
	b.Helper()
	now := time.Now().UTC()
	hashes := make([]string, 0, n)
	for start := 0; start < n; start += 10000 {
		batch := make([]*lookup.Listing, 0, 10000)
		for i := start; i < min(start+10000, n); i++ {
			id := ident.ID{Kind: ident.Phone, Canonical: fmt.Sprintf("+668%08d", i)}
			h := id.Hash()
			batch = append(batch, &lookup.Listing{ID: lookup.IDOf(h), Hash: h, Kind: id.Kind, Canonical: id.Canonical,
				Status: lookup.StatusVerified, Typologies: []string{"phishing"}, Regions: []string{},
				Sources:   []lookup.Source{{Agency: "TH", Reference: fmt.Sprintf("BENCH-%d", i)}},
				FirstSeen: now, LastSeen: now, UpdatedAt: now})
			hashes = append(hashes, h)
		}
		if err := s.PutListings(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	return hashes
}

// BenchmarkListingByHash is the store's part of a server-side check: one
// point read by hash among 100,000 listings, and its parts.
func BenchmarkListingByHash(b *testing.B) {
	s := openTest(b)
	hashes := benchListings(b, s, 100000)
	ctx := context.Background()
	b.Run("listing", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			got, err := s.ListingsByHash(ctx, []string{hashes[i%len(hashes)]})
			if err != nil || len(got) != 1 {
				b.Fatal(got, err)
			}
		}
	})
	b.Run("row", func(b *testing.B) { // the query alone, without decoding
		for i := 0; b.Loop(); i++ {
			key, _ := hex.DecodeString(hashes[i%len(hashes)])
			var doc []byte
			if err := s.hot["listing-by-hash"].QueryRowContext(ctx, key).Scan(&doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("absent", func(b *testing.B) {
		sum := sha256.Sum256([]byte("phone:+000"))
		for b.Loop() {
			if got, err := s.ListingsByHash(ctx, []string{hex.EncodeToString(sum[:])}); err != nil || len(got) != 0 {
				b.Fatal(got, err)
			}
		}
	})
}

// BenchmarkPutListings is the store's part of an import: batches of 10,000
// new listings into a store that holds 100,000; ns/listing is the figure.
func BenchmarkPutListings(b *testing.B) {
	s := openTest(b)
	benchListings(b, s, 100000)
	b.ResetTimer()
	start := 0
	for b.Loop() {
		batch := make([]*lookup.Listing, 0, 10000)
		now := time.Now().UTC()
		for i := start; i < start+10000; i++ {
			id := ident.ID{Kind: ident.Phone, Canonical: fmt.Sprintf("+669%08d", i)}
			batch = append(batch, &lookup.Listing{ID: lookup.IDOf(id.Hash()), Hash: id.Hash(), Kind: id.Kind,
				Canonical: id.Canonical, Status: lookup.StatusVerified, Typologies: []string{"phishing"},
				Sources: []lookup.Source{{Agency: "TH"}}, FirstSeen: now, LastSeen: now, UpdatedAt: now})
		}
		start += 10000
		if err := s.PutListings(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(start), "ns/listing")
}
