package trends

import (
	"context"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Store keeps trend reports. Every write takes the audit entry that records
// it and must store both or neither; errors are the workflow's (ErrNotFound,
// ErrConflict, ErrSlugTaken).
type Store interface {
	CreateTrend(ctx context.Context, r *Report, e audit.Entry) error
	Trend(ctx context.Context, id string) (*Report, error)
	TrendBySlug(ctx context.Context, slug string) (*Report, error)
	UpdateTrend(ctx context.Context, r *Report, prevRevision int, e audit.Entry) error
	// ListTrends pages through reports newest first (by id), optionally of one stored status.
	ListTrends(ctx context.Context, q workflow.ListQuery) ([]*Report, error)
	// ListPublicTrends pages through reports that were ever published, most
	// recently first-published first, strictly after the cursor.
	ListPublicTrends(ctx context.Context, after *workflow.PublicKey, limit int) ([]*Report, error)
}

// Counter computes the aggregates of a span in the store itself, so that a
// report over a year never brings a year of records into memory. Each result
// is sorted by its keys.
type Counter interface {
	// AlertCounts counts the alerts first published in the span and not
	// retracted, by typology and severity: an alert with two typologies
	// counts once under each.
	AlertCounts(ctx context.Context, s Span) ([]AlertCount, error)
	// ListingCounts counts the listings first seen in the span, by kind and
	// region (one count per region a listing names; "" for none). Official
	// contacts and delisted false positives are not counted.
	ListingCounts(ctx context.Context, s Span) ([]ListingCount, error)
	// ReportCounts counts the citizen reports sent in the span and accepted
	// by a moderator, by typology and country.
	ReportCounts(ctx context.Context, s Span) ([]ReportCount, error)
	// LookupCounts returns the daily counts of checks of the days from, to
	// (inclusive, YYYY-MM-DD), as lookup.Store keeps them.
	LookupCounts(ctx context.Context, from, to string) ([]lookup.Count, error)
}

// AlertCount is how many alerts of one typology and severity were published.
type AlertCount struct {
	Typology string `json:"typology"`
	Severity string `json:"severity"`
	N        int64  `json:"n"`
}

// ListingCount is how many identifiers of one kind were listed for one region.
type ListingCount struct {
	Kind   string `json:"kind"`
	Region string `json:"region"`
	N      int64  `json:"n"`
}

// ReportCount is how many accepted citizen reports named one typology and country.
type ReportCount struct {
	Typology string `json:"typology"`
	Country  string `json:"country"`
	N        int64  `json:"n"`
}

// LookupCount is how many checks got one verdict on one day, all kinds together.
type LookupCount struct {
	Day     string `json:"day"`
	Verdict string `json:"verdict"`
	N       int64  `json:"n"`
}
