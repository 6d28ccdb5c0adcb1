package redis

import (
	"context"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// CreateTrend implements trends.Store.
func (s *Store) CreateTrend(ctx context.Context, r *trends.Report, e audit.Entry) error {
	return s.createDoc(ctx, trendKeys, r, e)
}

// UpdateTrend implements trends.Store.
func (s *Store) UpdateTrend(ctx context.Context, r *trends.Report, prevRevision int, e audit.Entry) error {
	return updateDoc(ctx, s, trendKeys, r, prevRevision, e)
}

// Trend implements trends.Store.
func (s *Store) Trend(ctx context.Context, id string) (*trends.Report, error) {
	return getDoc[trends.Report](ctx, s, trendKeys, id)
}

// TrendBySlug implements trends.Store.
func (s *Store) TrendBySlug(ctx context.Context, slug string) (*trends.Report, error) {
	return docBySlug[trends.Report](ctx, s, trendKeys, slug)
}

// ListTrends implements trends.Store.
func (s *Store) ListTrends(ctx context.Context, q workflow.ListQuery) ([]*trends.Report, error) {
	return listDocs[trends.Report](ctx, s, trendKeys, q)
}

// ListPublicTrends implements trends.Store.
func (s *Store) ListPublicTrends(ctx context.Context, after *workflow.PublicKey, limit int) ([]*trends.Report, error) {
	return publicDocs[trends.Report](ctx, s, trendKeys, after, limit)
}
