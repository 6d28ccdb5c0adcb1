package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// BenchmarkTrendAggregates is `make bench`'s trend benchmark: the aggregates
// of one quarter in a store holding a year of daily lookup counts, 100,000
// accepted citizen reports and 10,000 published alerts (and 100,000 listings
// first seen over the year). Target: under a second per quarter.
func BenchmarkTrendAggregates(b *testing.B) {
	s := openTest(b)
	year := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	fillYear(b, s, year)
	quarter := &trends.Content{From: "2026-07-01", To: "2026-09-30"}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		d, err := trends.Compute(ctx, s, quarter)
		if err != nil {
			b.Fatal(err)
		}
		if t := d.Totals(); t.Reports < 20000 || t.Alerts < 2000 || t.Lookups == 0 || t.Listings < 20000 {
			b.Fatalf("a quarter of a year's data gave only %+v", t)
		}
	}
}

// fillYear writes a year of data from start, as the stores' own writes
// would, but in a few large transactions so that the setup takes seconds.
func fillYear(b testing.TB, s *Store, start time.Time) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	// Records are written as they happen, in time order: n instants spread at
	// random over the year, sorted.
	times := func(n int) []time.Time {
		out := make([]time.Time, n)
		for i := range out {
			out[i] = start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		}
		slices.SortFunc(out, time.Time.Compare)
		return out
	}
	reportTimes, alertTimes, listingTimes := times(100_000), times(10_000), times(100_000)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for i, created := range reportTimes {
			r := &lookup.Report{ID: ids.New(created), Kind: "phone", Canonical: "+66812345678", Hash: fmt.Sprintf("%064x", i),
				Typology: alerts.Typologies[rng.IntN(len(alerts.Typologies))], Country: []string{"TH", "MY", "VN", "PH", "ID", "KH"}[rng.IntN(6)],
				Description: "benchmark report", Status: lookup.ReportAccepted, CreatedAt: created}
			doc, _ := json.Marshal(r)
			if _, err := tx.ExecContext(ctx, s.q("report-insert"), r.ID, string(r.Status), string(doc)); err != nil {
				return err
			}
		}
		for i, published := range alertTimes {
			a := &alerts.Alert{ID: ids.New(published), Slug: fmt.Sprintf("bench-%d", i), Version: 1, Revision: 3, Status: workflow.StatusPublished,
				Content: alerts.Content{Severity: alerts.Severities[rng.IntN(4)], Typologies: []string{alerts.Typologies[rng.IntN(len(alerts.Typologies))]},
					Regions: []string{"TH"}, Channels: []string{"sms"}, Translations: map[string]alerts.Translation{"en": {Title: "t", Summary: "s", Body: "b"}}},
				PublishedAt: &published, CreatedAt: published, UpdatedAt: published}
			doc, _ := json.Marshal(a)
			if _, err := tx.ExecContext(ctx, s.q("alert-insert"), a.ID, a.Slug, a.Status, a.Revision, published.UnixNano(), string(doc)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var ls []*lookup.Listing
	for i, seen := range listingTimes {
		hash := fmt.Sprintf("%064x", uint64(i)*0x9E3779B97F4A7C15)
		ls = append(ls, &lookup.Listing{ID: lookup.IDOf(hash), Hash: hash, Kind: "phone", Canonical: fmt.Sprint("+66", 800000000+i),
			Status: lookup.StatusVerified, Typologies: []string{"phishing"}, Regions: []string{"TH"}, FirstSeen: seen, LastSeen: seen, UpdatedAt: seen})
		if len(ls) == 5000 {
			if err := s.PutListings(ctx, ls); err != nil {
				b.Fatal(err)
			}
			ls = ls[:0]
		}
	}
	var counts []lookup.Count
	for d := range 365 {
		for _, kind := range []string{"phone", "url", "email", "bank", "wallet"} {
			for _, v := range trends.Verdicts {
				counts = append(counts, lookup.Count{Day: start.AddDate(0, 0, d).Format(time.DateOnly), Kind: kind, Verdict: v, N: 1 + rng.Int64N(500)})
			}
		}
	}
	if err := s.AddLookupCounts(ctx, counts); err != nil {
		b.Fatal(err)
	}
}
