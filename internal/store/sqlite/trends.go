package sqlite

import (
	"context"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

var trendTable = docTable{what: "trend report", insert: "trend-insert", update: "trend-update", exists: "trend-exists",
	byID: "trend-by-id", bySlug: "trend-by-slug", list: "trends-list",
	publicFirst: "trends-public-first", publicAfter: "trends-public-after"}

// CreateTrend implements trends.Store.
func (s *Store) CreateTrend(ctx context.Context, r *trends.Report, e audit.Entry) error {
	return s.createDoc(ctx, trendTable, r, e)
}

// UpdateTrend implements trends.Store.
func (s *Store) UpdateTrend(ctx context.Context, r *trends.Report, prevRevision int, e audit.Entry) error {
	return s.updateDoc(ctx, trendTable, r, prevRevision, e)
}

// Trend implements trends.Store.
func (s *Store) Trend(ctx context.Context, id string) (*trends.Report, error) {
	return oneDoc[trends.Report](ctx, s, trendTable, id, false)
}

// TrendBySlug implements trends.Store.
func (s *Store) TrendBySlug(ctx context.Context, slug string) (*trends.Report, error) {
	return oneDoc[trends.Report](ctx, s, trendTable, slug, true)
}

// ListTrends implements trends.Store.
func (s *Store) ListTrends(ctx context.Context, q workflow.ListQuery) ([]*trends.Report, error) {
	return listDocs[trends.Report](ctx, s, trendTable, q)
}

// ListPublicTrends implements trends.Store.
func (s *Store) ListPublicTrends(ctx context.Context, after *workflow.PublicKey, limit int) ([]*trends.Report, error) {
	return publicDocs[trends.Report](ctx, s, trendTable, after, limit)
}
