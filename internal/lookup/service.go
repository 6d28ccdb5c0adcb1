package lookup

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/antifraud-alliance/beacon/internal/valid"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// Config tunes the service; zero values get the defaults.
type Config struct {
	Threshold int // accepted reports that make an identifier suspicious (default 3)
	RangeSize int // entries in every range answer, decoys included (default 32)
	Now       func() time.Time
	Log       *slog.Logger
	// CacheFor keeps what checks read for this long (0: not at all); see
	// listingCache. Set it when another node's change may show that late.
	CacheFor time.Duration
}

// cachedListings bounds the listing cache: about 10 MB.
const cachedListings = 16384

// Service answers checks and keeps the listings.
type Service struct {
	store Store
	cfg   Config
	reads reads // the checks' store reads, batched
	cache *listingCache

	keyOnce sync.Once
	key     []byte
	keyErr  error

	mu             sync.Mutex
	counts         map[Count]int64 // N unused in the key
	day            string          // today (UTC) as counted, and its number since 1970
	dayNumber      int64
	officials      []*Listing
	officialsUntil time.Time
}

// NewService returns the lookup service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Threshold <= 0 {
		cfg.Threshold = 3
	}
	if cfg.RangeSize <= 0 {
		cfg.RangeSize = 32
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	// Two reads per core: on a warm cache one read at a time made larger
	// batches, but checks that wait for the disk then wait for each other.
	rd := 2 * runtime.GOMAXPROCS(0)
	var cache *listingCache
	if cfg.CacheFor > 0 {
		cache = newListingCache(cfg.CacheFor, cachedListings, cfg.Now)
		store = forgetting{Store: store, c: cache}
	}
	return &Service{store: store, cfg: cfg, reads: reads{store: store, limit: rd}, cache: cache, counts: map[Count]int64{}}
}

// Forget drops what checks cached, after a change to the listings made
// elsewhere (another node's, told by the change bus).
func (s *Service) Forget() { s.cache.forget() }

// Threshold is the number of accepted reports that makes an identifier suspicious.
func (s *Service) Threshold() int { return s.cfg.Threshold }

// Result is the answer to one check.
type Result struct {
	ID      ident.ID
	Verdict Verdict
	Listing *Listing // nil for no_record
}

var verdictRank = map[Verdict]int{VerdictNoRecord: 0, VerdictSuspicious: 1, VerdictHighRisk: 2, VerdictOfficial: 3}

// Lookup checks one identifier on the server. A URL also matches a listing
// of its registrable domain. Only the day's count per kind and verdict is kept.
func (s *Service) Lookup(ctx context.Context, kind ident.Kind, value, region string) (*Result, error) {
	id, err := ident.Parse(kind, value, region)
	if err != nil {
		return nil, err
	}
	ids := append([]ident.ID{id}, ident.Related(id)...)
	hashes := make([]string, len(ids))
	for i, x := range ids {
		hashes[i] = x.Hash()
	}
	found, gen, ok := s.cache.get(hashes)
	if !ok {
		if found, err = s.reads.get(ctx, hashes); err != nil {
			return nil, fmt.Errorf("look up listings: %w", err)
		}
		s.cache.put(gen, hashes, found)
	}
	res := &Result{ID: id, Verdict: VerdictNoRecord}
	for _, h := range hashes { // the exact identifier first, then its domain
		if l := found[h]; l != nil && verdictRank[l.Verdict(s.cfg.Threshold)] > verdictRank[res.Verdict] {
			res.Verdict, res.Listing = l.Verdict(s.cfg.Threshold), l
		}
	}
	s.count(ctx, string(kind), string(res.Verdict))
	return res, nil
}

// count records a check in the day's aggregate, in memory: a write per
// check would queue every lookup behind SQLite's single writer. Run flushes.
func (s *Service) count(_ context.Context, kind, verdict string) {
	now := s.cfg.Now().UTC()
	s.mu.Lock()
	// Formatting the day on every check cost more than counting it.
	if d := now.Unix() / 86400; d != s.dayNumber || s.day == "" {
		s.dayNumber, s.day = d, now.Format(time.DateOnly)
	}
	s.counts[Count{Day: s.day, Kind: kind, Verdict: verdict}]++
	s.mu.Unlock()
}

// Flush writes the counts gathered since the last flush. A failure puts them
// back, so they are written with the next flush.
func (s *Service) Flush(ctx context.Context) error {
	s.mu.Lock()
	pending := s.counts
	s.counts = map[Count]int64{}
	s.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	list := make([]Count, 0, len(pending))
	for k, n := range pending {
		k.N = n
		list = append(list, k)
	}
	if err := s.store.AddLookupCounts(ctx, list); err != nil {
		s.mu.Lock()
		for k, n := range pending {
			s.counts[k] += n
		}
		s.mu.Unlock()
		return fmt.Errorf("flush lookup counts: %w", err)
	}
	return nil
}

// Run flushes the counts every interval until ctx ends, then once more.
// A crash loses at most one interval of statistics, never an answer.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := s.Flush(ctx); err != nil {
				s.cfg.Log.Warn("lookup counts", "err", err)
			}
		case <-ctx.Done():
			if err := s.Flush(context.WithoutCancel(ctx)); err != nil {
				s.cfg.Log.Warn("lookup counts", "err", err)
			}
			return
		}
	}
}

// Delist removes a false positive: the listing stays, with its reason, and
// answers no_record from now on.
func (s *Service) Delist(ctx context.Context, actor audit.Entry, id, reason string) (*Listing, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 1000 {
		return nil, valid.Field("delisting", "reason", "a reason of 1 to 1000 characters is required")
	}
	l, err := s.store.Listing(ctx, id)
	if err != nil {
		return nil, err
	}
	if l.Status == StatusDelisted {
		return l, nil
	}
	now := s.cfg.Now().UTC()
	l.Status, l.DelistReason, l.UpdatedAt = StatusDelisted, reason, now
	e := actor
	e.At, e.Action, e.Subject, e.Reason, e.ToStatus = now, "listing.delist", "listing:"+l.ID, reason, string(StatusDelisted)
	if err := s.store.UpdateListing(ctx, l, e); err != nil {
		return nil, fmt.Errorf("delist %s: %w", id, err)
	}
	return l, nil
}

func randomKey() ([]byte, error) {
	b := make([]byte, 32)
	_, err := rand.Read(b)
	return b, err
}

// officialCacheFor bounds how stale the list of official contacts may be.
const officialCacheFor = time.Minute

// OfficialContacts returns the official contacts of a country (all of them
// for ""), for pages that tell someone called by a fake authority which
// number to call instead. The short list is cached for a minute.
func (s *Service) OfficialContacts(ctx context.Context, region string) ([]*Listing, error) {
	s.mu.Lock()
	list, fresh := s.officials, s.cfg.Now().Before(s.officialsUntil)
	s.mu.Unlock()
	if !fresh {
		var err error
		if list, err = s.store.OfficialListings(ctx); err != nil {
			return nil, fmt.Errorf("official contacts: %w", err)
		}
		s.mu.Lock()
		s.officials, s.officialsUntil = list, s.cfg.Now().Add(officialCacheFor)
		s.mu.Unlock()
	}
	var out []*Listing
	for _, l := range list {
		if l.Status != StatusDelisted && (region == "" || slices.Contains(l.Regions, region)) {
			out = append(out, l)
		}
	}
	return out, nil
}
