package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/trends"
)

// AlertCounts implements trends.Counter with one GROUP BY over the alerts
// first published in the span, read by the alerts_public index.
func (s *Store) AlertCounts(ctx context.Context, span trends.Span) ([]trends.AlertCount, error) {
	return countPairs(ctx, s, "trend-count-alerts", span.From.UnixNano(), span.To.UnixNano(),
		func(a, b string, n int64) trends.AlertCount { return trends.AlertCount{Typology: a, Severity: b, N: n} })
}

// ListingCounts implements trends.Counter, reading listings_trend.
func (s *Store) ListingCounts(ctx context.Context, span trends.Span) ([]trends.ListingCount, error) {
	return countPairs(ctx, s, "trend-count-listings", span.From.Format(time.DateOnly), span.To.Format(time.DateOnly),
		func(a, b string, n int64) trends.ListingCount { return trends.ListingCount{Kind: a, Region: b, N: n} })
}

// ReportCounts implements trends.Counter, reading reports_trend: ids begin
// with their creation time, so the span is an id range.
func (s *Store) ReportCounts(ctx context.Context, span trends.Span) ([]trends.ReportCount, error) {
	return countPairs(ctx, s, "trend-count-reports", ids.Floor(span.From), ids.Floor(span.To),
		func(a, b string, n int64) trends.ReportCount {
			return trends.ReportCount{Typology: a, Country: b, N: n}
		})
}

// countPairs runs a count query grouped by two text columns, with the bounds
// of the span as its two arguments.
func countPairs[T any](ctx context.Context, s *Store, query string, from, to any, mk func(a, b string, n int64) T) ([]T, error) {
	rows, err := s.r.QueryContext(ctx, s.q(query), from, to)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", query, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var a, b string
		var n int64
		if err := rows.Scan(&a, &b, &n); err != nil {
			return nil, fmt.Errorf("%s: %w", query, err)
		}
		out = append(out, mk(a, b, n))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", query, err)
	}
	return out, nil
}
