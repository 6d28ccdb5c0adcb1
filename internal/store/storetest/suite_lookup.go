package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/store"
)

func listing(_ int, hash string) *lookup.Listing {
	return &lookup.Listing{ID: lookup.IDOf(hash), Hash: hash, Kind: "phone", Canonical: "+66200000000",
		Status: lookup.StatusVerified, Typologies: []string{"phishing"}, Regions: []string{"TH"},
		Sources: []lookup.Source{{Agency: "TH", Reference: "R-1"}}, FirstSeen: base, LastSeen: base, UpdatedAt: base}
}

// hashOf makes a distinct hash under prefix; like a real SHA-256, its first
// 24 characters (the listing id) differ between listings.
func hashOf(prefix string, i int) string {
	return prefix + fmt.Sprintf("%04x", i) + strings.Repeat("0", 64-len(prefix)-4)
}

func testListings(t *testing.T, s store.Backend) {
	ctx := context.Background()
	a, b := listing(1, hashOf("aaaaa", 1)), listing(2, hashOf("bbbbb", 2))
	if err := s.PutListings(ctx, []*lookup.Listing{a, b}); err != nil {
		t.Fatalf("PutListings: %v", err)
	}
	got, err := s.ListingsByHash(ctx, []string{a.Hash, b.Hash, hashOf("ccccc", 3)})
	if err != nil || len(got) != 2 || mustJSON(t, got[a.Hash]) != mustJSON(t, a) {
		t.Fatalf("ListingsByHash: %v %v", got, err)
	}
	a.Reports, a.Status = 4, lookup.StatusReported
	if err := s.PutListings(ctx, []*lookup.Listing{a}); err != nil { // replace by hash
		t.Fatal(err)
	}
	byID, err := s.Listing(ctx, a.ID)
	if err != nil || byID.Reports != 4 || byID.Status != lookup.StatusReported {
		t.Errorf("Listing after replace: %+v %v", byID, err)
	}
	if _, err := s.Listing(ctx, "000000000000000000000009"); !errors.Is(err, lookup.ErrNotFound) {
		t.Errorf("unknown listing: %v", err)
	}
	a.Status = lookup.StatusDelisted
	if err := s.UpdateListing(ctx, a, entry("listing.delist", "listing:"+a.ID)); err != nil {
		t.Fatal(err)
	}
	ghost := listing(9, hashOf("ddddd", 9))
	if err := s.UpdateListing(ctx, ghost, entry("listing.delist", "listing:x")); !errors.Is(err, lookup.ErrNotFound) {
		t.Errorf("UpdateListing of an unknown listing: %v", err)
	}
	if got, _ := s.ListingsByHash(ctx, []string{ghost.Hash}); len(got) != 0 {
		t.Error("a failed UpdateListing created the listing")
	}
	if err := s.RecordAudit(ctx, entry("listings.import", "listings")); err != nil {
		t.Fatal(err)
	}
	if n := auditCount(t, s); n != 2 {
		t.Errorf("audit has %d entries, want 2 (delist, import)", n)
	}
	many := make([]string, 1200)
	for i := range many {
		many[i] = hashOf("eeeee", i)
	}
	if got, err := s.ListingsByHash(ctx, many); err != nil || len(got) != 0 {
		t.Errorf("a long hash list: %d, %v", len(got), err)
	}
}

func testListingsByPrefix(t *testing.T, s store.Backend) {
	ctx := context.Background()
	var ls []*lookup.Listing
	for i, p := range []string{"3fa9c", "3fa9c", "3fa9d", "3fa9b", "fffff", "3fa90", "3fa9c"} {
		ls = append(ls, listing(i, hashOf(p, i)))
	}
	if err := s.PutListings(ctx, ls); err != nil {
		t.Fatal(err)
	}
	for prefix, want := range map[string]int{"3fa9c": 3, "3fa9d": 1, "fffff": 1, "3fa99": 0, "00000": 0} {
		got, err := s.ListingsByPrefix(ctx, prefix)
		if err != nil || len(got) != want {
			t.Errorf("ListingsByPrefix(%s): %d, %v; want %d", prefix, len(got), err, want)
		}
		for _, l := range got {
			if !strings.HasPrefix(l.Hash, prefix) {
				t.Errorf("ListingsByPrefix(%s) returned %s", prefix, l.Hash)
			}
		}
	}
}

func testListingsByAlert(t *testing.T, s store.Backend) {
	ctx := context.Background()
	a, b := listing(1, hashOf("11111", 1)), listing(2, hashOf("22222", 2))
	a.Sources = append(a.Sources, lookup.Source{Agency: "TH", Alert: "fake-police"})
	b.Sources = []lookup.Source{{Agency: "MY", Alert: "fake-police"}, {Agency: "MY", Alert: "parcel"}}
	if err := s.PutListings(ctx, []*lookup.Listing{a, b}); err != nil {
		t.Fatal(err)
	}
	ids := func(slug string) string {
		got, err := s.ListingsByAlert(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range got {
			out = append(out, l.ID)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	if got := ids("fake-police"); got != a.ID+","+b.ID {
		t.Errorf("ListingsByAlert(fake-police) = %s", got)
	}
	b.Sources = b.Sources[1:]
	if err := s.PutListings(ctx, []*lookup.Listing{b}); err != nil {
		t.Fatal(err)
	}
	if got := ids("fake-police"); got != a.ID {
		t.Errorf("after b lost the source: %s, want %s", got, a.ID)
	}
	if got := ids("parcel"); got != b.ID {
		t.Errorf("ListingsByAlert(parcel) = %s", got)
	}
	a.Official, a.Label = true, "Police hotline"
	if err := s.PutListings(ctx, []*lookup.Listing{a}); err != nil {
		t.Fatal(err)
	}
	off, err := s.OfficialListings(ctx)
	if err != nil || len(off) != 1 || off[0].Label != "Police hotline" {
		t.Errorf("OfficialListings: %v %v", off, err)
	}
	a.Official = false
	if err := s.PutListings(ctx, []*lookup.Listing{a}); err != nil {
		t.Fatal(err)
	}
	if off, _ := s.OfficialListings(ctx); len(off) != 0 {
		t.Errorf("a listing no longer official is still listed: %v", off)
	}
}

func testReports(t *testing.T, s store.Backend) {
	ctx := context.Background()
	var made []*lookup.Report
	for i := range 5 {
		r := &lookup.Report{ID: fmt.Sprintf("%024d", i+1), Kind: "phone", Canonical: "+66812345678", Hash: hashOf("77777", 1),
			Typology: "investment-scam", Country: "TH", Description: "They asked me to invest", Status: lookup.ReportPending, CreatedAt: base}
		if err := s.CreateReport(ctx, r); err != nil {
			t.Fatal(err)
		}
		made = append(made, r)
	}
	page, err := s.ListReports(ctx, lookup.ReportPending, "", 3)
	if err != nil || len(page) != 3 || page[0].ID != made[4].ID {
		t.Fatalf("ListReports: %d %v", len(page), err)
	}
	rest, _ := s.ListReports(ctx, lookup.ReportPending, page[2].ID, 3)
	if len(rest) != 2 || rest[1].ID != made[0].ID {
		t.Errorf("second page: %d", len(rest))
	}
	r := *made[0]
	r.Status = lookup.ReportAccepted
	l := listing(1, r.Hash)
	l.Reports = 1
	if err := s.DecideReport(ctx, &r, l, entry("report.accept", "report:"+r.ID)); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideReport(ctx, &r, l, entry("report.accept", "report:"+r.ID)); !errors.Is(err, lookup.ErrConflict) {
		t.Errorf("deciding twice: %v, want ErrConflict", err)
	}
	got, err := s.Report(ctx, r.ID)
	if err != nil || got.Status != lookup.ReportAccepted {
		t.Errorf("report after accept: %+v %v", got, err)
	}
	if ls, _ := s.ListingsByHash(ctx, []string{r.Hash}); ls[r.Hash] == nil || ls[r.Hash].Reports != 1 {
		t.Error("accepting did not store the listing")
	}
	if n := auditCount(t, s); n != 1 {
		t.Errorf("audit has %d entries, want 1", n)
	}
	if pending, _ := s.ListReports(ctx, lookup.ReportPending, "", 10); len(pending) != 4 {
		t.Errorf("%d pending after one accept, want 4", len(pending))
	}
	if _, err := s.Report(ctx, "000000000000000000000099"); !errors.Is(err, lookup.ErrNotFound) {
		t.Errorf("unknown report: %v", err)
	}
}

func testCountsAndSecrets(t *testing.T, s store.Backend) {
	ctx := context.Background()
	for range 2 {
		err := s.AddLookupCounts(ctx, []lookup.Count{{Day: "2026-11-01", Kind: "phone", Verdict: "high_risk", N: 3},
			{Day: "2026-11-02", Kind: "url", Verdict: "no_record", N: 1}, {Day: "2026-12-01", Kind: "url", Verdict: "no_record", N: 7}})
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.LookupCounts(ctx, "2026-11-01", "2026-11-30")
	if err != nil || fmt.Sprint(got) != "[{2026-11-01 phone high_risk 6} {2026-11-02 url no_record 2}]" {
		t.Errorf("LookupCounts: %v %v", got, err)
	}
	var wg sync.WaitGroup
	vals := make([]string, 4)
	for i := range vals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := s.Secret(ctx, "k", func() ([]byte, error) { return []byte(fmt.Sprint("value-", i)), nil })
			if err != nil {
				t.Error(err)
			}
			vals[i] = string(v)
		}()
	}
	wg.Wait()
	for _, v := range vals {
		if v != vals[0] || v == "" {
			t.Fatalf("Secret gave different values to concurrent callers: %v", vals)
		}
	}
}
