package redis_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/redis"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

var day = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func newListing(id int, hash string, alerts ...string) *lookup.Listing {
	l := &lookup.Listing{ID: lookup.IDOf(hash), Hash: hash, Kind: "phone", Canonical: fmt.Sprint("+66", id),
		Status: lookup.StatusVerified, Sources: []lookup.Source{{Agency: "TH"}}, FirstSeen: day, LastSeen: day, UpdatedAt: day}
	for _, a := range alerts {
		l.Sources = append(l.Sources, lookup.Source{Agency: "TH", Alert: a})
	}
	return l
}

// hash makes a hash whose first 24 characters (the listing id) differ per i.
func hash(i int) string { return fmt.Sprintf("%024x", i) + strings.Repeat("0", 40) }

// TestListingEdgesLikeSQLite runs the corners the conformance suite leaves
// out on both backends and wants the same outcome from each.
func TestListingEdgesLikeSQLite(t *testing.T) {
	run := func(s store.Backend) []string {
		ctx := context.Background()
		var out []string
		note := func(step string, err error) { out = append(out, fmt.Sprintf("%s: %v", step, err != nil)) }
		show := func(step string, ls []*lookup.Listing, err error) {
			var ids []string
			for _, l := range ls {
				ids = append(ids, l.ID[len(l.ID)-1:]+"@"+l.Hash[len(l.Hash)-1:])
			}
			out = append(out, fmt.Sprintf("%s: %v %v", step, ids, err))
		}
		note("put 1", s.PutListings(ctx, []*lookup.Listing{newListing(1, hash(1))}))
		note("replace 1", s.PutListings(ctx, []*lookup.Listing{newListing(2, hash(1))}))
		l1, err := s.Listing(ctx, lookup.IDOf(hash(1)))
		show("listing 1", one(l1), err)
		note("same hash twice in a batch", s.PutListings(ctx, []*lookup.Listing{newListing(5, hash(5), "a"), newListing(6, hash(5), "b")}))
		for _, a := range []string{"a", "b"} {
			ls, err := s.ListingsByAlert(ctx, a)
			show("alert "+a, ls, err)
		}
		l, err := s.Listing(ctx, lookup.IDOf(hash(5)))
		show("listing 5", one(l), err)
		err = s.UpdateListing(ctx, newListing(7, hash(7)), entry("listing.delist"))
		out = append(out, fmt.Sprint("update an unknown listing: ", errors.Is(err, lookup.ErrNotFound)))
		err = s.DecideReport(ctx, &lookup.Report{ID: "nope", Status: lookup.ReportAccepted}, nil, entry("report.accept"))
		out = append(out, fmt.Sprint("decide a missing report: ", errors.Is(err, lookup.ErrConflict)))
		return out
	}
	want, got := run(storetest.SQLite(t)), run(storetest.Redis(t))
	t.Logf("outcomes:\n%s", strings.Join(got, "\n"))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("redis:\n%s\n\nsqlite:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func one(l *lookup.Listing) []*lookup.Listing {
	if l == nil {
		return nil
	}
	return []*lookup.Listing{l}
}

func entry(action string) audit.Entry {
	return audit.Entry{At: day, Actor: "tok1", Action: action, Subject: "x"}
}

// roundTrips counts the commands and pipelines a client sends.
type roundTrips struct{ n atomic.Int64 }

func (r *roundTrips) DialHook(next goredis.DialHook) goredis.DialHook { return next }
func (r *roundTrips) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error { r.n.Add(1); return next(ctx, cmd) }
}
func (r *roundTrips) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error { r.n.Add(1); return next(ctx, cmds) }
}

// TestPutListingsBatch: a batch of an import's size costs a handful of round
// trips, and its alert index follows the documents.
func TestPutListingsBatch(t *testing.T) {
	ctx := context.Background()
	s := storetest.Redis(t).(*redis.Store)
	rt := &roundTrips{}
	s.Client().AddHook(rt)
	ls := make([]*lookup.Listing, 2000)
	for i := range ls {
		ls[i] = newListing(i, hash(i), "first")
	}
	for range 2 { // create, then replace
		before := rt.n.Load()
		if err := s.PutListings(ctx, ls); err != nil {
			t.Fatal(err)
		}
		n := rt.n.Load() - before
		t.Logf("PutListings of %d listings: %d round trips", len(ls), n)
		if n > 5 {
			t.Errorf("PutListings of %d listings took %d round trips", len(ls), n)
		}
		for _, l := range ls[:500] {
			l.Sources = []lookup.Source{{Agency: "TH", Alert: "second"}}
		}
	}
	for a, want := range map[string]int{"first": 1500, "second": 500} {
		if got, err := s.ListingsByAlert(ctx, a); err != nil || len(got) != want {
			t.Errorf("ListingsByAlert(%s): %d %v, want %d", a, len(got), err, want)
		}
	}
	if got, err := s.ListingsByPrefix(ctx, hash(0)[:5]); err != nil || len(got) != len(ls) {
		t.Errorf("ListingsByPrefix: %d %v", len(got), err)
	}
}

// TestPutListingsRace: writers racing on one listing leave the alert index
// matching the document that won.
func TestPutListingsRace(t *testing.T) {
	ctx := context.Background()
	s := storetest.Redis(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 25 {
				err := s.PutListings(ctx, []*lookup.Listing{newListing(1, hash(1), fmt.Sprint("a", w, "-", i%3))})
				if err != nil && !strings.Contains(err.Error(), "gave up") {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	l, err := s.Listing(ctx, fmt.Sprintf("%024d", 1))
	if err != nil {
		t.Fatal(err)
	}
	for w := range 4 {
		for i := range 3 {
			a := fmt.Sprint("a", w, "-", i)
			got, err := s.ListingsByAlert(ctx, a)
			raw, _ := s.(*redis.Store).Client().SIsMember(ctx, s.(*redis.Store).Prefix()+"listing-alert:"+a, l.Hash).Result()
			if want := l.Sources[1].Alert == a; err != nil || (len(got) == 1) != want || raw != want {
				t.Errorf("alert %s: listed %d, indexed %v, err %v; the document has %s", a, len(got), raw, err, l.Sources[1].Alert)
			}
		}
	}
}

func TestLookupCountsBounds(t *testing.T) {
	ctx := context.Background()
	s := storetest.Redis(t)
	if _, err := s.LookupCounts(ctx, "2026-01-01", "2027-02-04"); err != nil { // 400 days
		t.Errorf("400 days: %v", err)
	}
	if _, err := s.LookupCounts(ctx, "2026-01-01", "2027-02-05"); err == nil {
		t.Error("401 days were accepted")
	}
	if _, err := s.LookupCounts(ctx, "0001-01-01", "9999-12-31"); err == nil {
		t.Error("ten thousand years were accepted")
	}
	if got, err := s.LookupCounts(ctx, "2026-02-01", "2026-01-01"); err != nil || len(got) != 0 {
		t.Errorf("reversed range: %v %v", got, err)
	}
	for _, c := range []lookup.Count{{Day: "2026-1-1", Kind: "url", Verdict: "no_record"}, {Day: "2026-01-01", Kind: "url", Verdict: "a|b"}} {
		if err := s.AddLookupCounts(ctx, []lookup.Count{c}); err == nil {
			t.Errorf("AddLookupCounts accepted %+v", c)
		}
	}
}
