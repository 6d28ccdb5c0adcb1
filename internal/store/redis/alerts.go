package redis

import (
	"context"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
)

// CreateAlert implements alerts.Store.
func (s *Store) CreateAlert(ctx context.Context, a *alerts.Alert, e audit.Entry) error {
	return s.createDoc(ctx, alertKeys, a, e)
}

// UpdateAlert implements alerts.Store.
func (s *Store) UpdateAlert(ctx context.Context, a *alerts.Alert, prevRevision int, e audit.Entry) error {
	return updateDoc(ctx, s, alertKeys, a, prevRevision, e)
}

// Alert implements alerts.Store.
func (s *Store) Alert(ctx context.Context, id string) (*alerts.Alert, error) {
	return getDoc[alerts.Alert](ctx, s, alertKeys, id)
}

// AlertBySlug implements alerts.Store.
func (s *Store) AlertBySlug(ctx context.Context, slug string) (*alerts.Alert, error) {
	return docBySlug[alerts.Alert](ctx, s, alertKeys, slug)
}

// ListAlerts implements alerts.Store.
func (s *Store) ListAlerts(ctx context.Context, q alerts.ListQuery) ([]*alerts.Alert, error) {
	return listDocs[alerts.Alert](ctx, s, alertKeys, q)
}

// ListPublic implements alerts.Store.
func (s *Store) ListPublic(ctx context.Context, after *alerts.PublicKey, limit int) ([]*alerts.Alert, error) {
	return publicDocs[alerts.Alert](ctx, s, alertKeys, after, limit)
}
