package redis

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// countBatch is how many documents the counts read per round trip: the
// aggregates of a year never hold more than one batch of documents at once.
const countBatch = 500

// pairs counts occurrences of two keys.
type pairs map[[2]string]int64

func (p pairs) add(a, b string) { p[[2]string{a, b}]++ }

// sorted returns the counts as T, ordered by the two keys.
func sorted[T any](p pairs, mk func(a, b string, n int64) T) []T {
	keys := make([][2]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y [2]string) int { return cmp.Or(strings.Compare(x[0], y[0]), strings.Compare(x[1], y[1])) })
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		out = append(out, mk(k[0], k[1], p[k]))
	}
	return out
}

// AlertCounts implements trends.Counter: the public index, ordered by first
// publication, is read over the span's range a batch at a time.
func (s *Store) AlertCounts(ctx context.Context, span trends.Span) ([]trends.AlertCount, error) {
	p := pairs{}
	min, max := "["+fmt.Sprintf("%020d:", span.From.UnixNano()), "("+fmt.Sprintf("%020d:", span.To.UnixNano())
	err := s.eachInRange(ctx, s.p+alertKeys.public, min, max, func(members []string) error {
		keys := make([]string, len(members))
		for i, m := range members {
			_, id, _ := strings.Cut(m, ":")
			keys[i] = s.p + alertKeys.doc + id
		}
		return eachDoc(ctx, s, keys, func(a *struct {
			Status     workflow.Status `json:"status"`
			Severity   string          `json:"severity"`
			Typologies []string        `json:"typologies"`
		}) {
			if a.Status == workflow.StatusRetracted {
				return
			}
			for _, t := range a.Typologies {
				p.add(t, a.Severity)
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count alerts: %w", err)
	}
	return sorted(p, func(a, b string, n int64) trends.AlertCount { return trends.AlertCount{Typology: a, Severity: b, N: n} }), nil
}

// ReportCounts implements trends.Counter: the accepted reports' index is
// ordered by id, and ids begin with their creation time.
func (s *Store) ReportCounts(ctx context.Context, span trends.Span) ([]trends.ReportCount, error) {
	p := pairs{}
	min, max := "["+ids.Floor(span.From), "("+ids.Floor(span.To)
	err := s.eachInRange(ctx, s.reportsKey(string(lookup.ReportAccepted)), min, max, func(members []string) error {
		keys := make([]string, len(members))
		for i, id := range members {
			keys[i] = s.reportKey(id)
		}
		return eachDoc(ctx, s, keys, func(r *struct {
			Typology string `json:"typology"`
			Country  string `json:"country"`
		}) {
			p.add(r.Typology, r.Country)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count reports: %w", err)
	}
	return sorted(p, func(a, b string, n int64) trends.ReportCount {
		return trends.ReportCount{Typology: a, Country: b, N: n}
	}), nil
}

// ListingCounts implements trends.Counter. Listings are kept by hash with no
// index by time, so this is one pass over them with SCAN, a batch at a time:
// its cost grows with the number of listings, not with the span.
func (s *Store) ListingCounts(ctx context.Context, span trends.Span) ([]trends.ListingCount, error) {
	p := pairs{}
	first, end := span.From.Format(time.DateOnly), span.To.Format(time.DateOnly)
	count := func(l *struct {
		Kind      string        `json:"kind"`
		Regions   []string      `json:"regions"`
		Status    lookup.Status `json:"status"`
		Official  bool          `json:"official"`
		FirstSeen time.Time     `json:"firstSeen"`
	}) {
		day := l.FirstSeen.UTC().Format(time.DateOnly)
		if l.Official || l.Status == lookup.StatusDelisted || day < first || day >= end {
			return
		}
		if len(l.Regions) == 0 {
			p.add(l.Kind, "")
		}
		for _, r := range l.Regions {
			p.add(l.Kind, r)
		}
	}
	var cursor uint64
	for {
		keys, next, err := s.c.Scan(ctx, cursor, s.p+"listing:*", countBatch).Result()
		if err != nil {
			return nil, fmt.Errorf("count listings: %w", err)
		}
		if err := eachDoc(ctx, s, keys, count); err != nil {
			return nil, fmt.Errorf("count listings: %w", err)
		}
		if cursor = next; cursor == 0 {
			break
		}
	}
	return sorted(p, func(a, b string, n int64) trends.ListingCount { return trends.ListingCount{Kind: a, Region: b, N: n} }), nil
}

// eachInRange calls fn with the members of the sorted set key between the lex
// bounds min and max, in order, a batch at a time.
func (s *Store) eachInRange(ctx context.Context, key, min, max string, fn func([]string) error) error {
	for {
		members, err := s.c.ZRangeArgs(ctx, goredis.ZRangeArgs{Key: key, Start: min, Stop: max, ByLex: true, Count: countBatch}).Result()
		if err != nil {
			return err
		}
		if len(members) > 0 {
			if err := fn(members); err != nil {
				return err
			}
		}
		if len(members) < countBatch {
			return nil
		}
		min = "(" + members[len(members)-1]
	}
}

// eachDoc reads keys with one MGET and calls fn with each document that
// exists, decoded into T (only the fields T names are kept).
func eachDoc[T any](ctx context.Context, s *Store, keys []string, fn func(*T)) error {
	if len(keys) == 0 {
		return nil
	}
	vals, err := s.c.MGet(ctx, keys...).Result()
	if err != nil {
		return err
	}
	for i, v := range vals {
		body, ok := v.(string)
		if !ok {
			continue // gone since the index was read
		}
		var d T
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			return fmt.Errorf("decode %s: %w", keys[i], err)
		}
		fn(&d)
	}
	return nil
}
