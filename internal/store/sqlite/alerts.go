package sqlite

import (
	"context"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
)

var alertTable = docTable{what: "alert", insert: "alert-insert", update: "alert-update", exists: "alert-exists",
	byID: "alert-by-id", bySlug: "alert-by-slug", list: "alerts-list",
	publicFirst: "alerts-public-first", publicAfter: "alerts-public-after", hotBySlug: true}

// CreateAlert implements alerts.Store.
func (s *Store) CreateAlert(ctx context.Context, a *alerts.Alert, e audit.Entry) error {
	return s.createDoc(ctx, alertTable, a, e)
}

// UpdateAlert implements alerts.Store.
func (s *Store) UpdateAlert(ctx context.Context, a *alerts.Alert, prevRevision int, e audit.Entry) error {
	return s.updateDoc(ctx, alertTable, a, prevRevision, e)
}

// Alert implements alerts.Store.
func (s *Store) Alert(ctx context.Context, id string) (*alerts.Alert, error) {
	return oneDoc[alerts.Alert](ctx, s, alertTable, id, false)
}

// AlertBySlug implements alerts.Store.
func (s *Store) AlertBySlug(ctx context.Context, slug string) (*alerts.Alert, error) {
	return oneDoc[alerts.Alert](ctx, s, alertTable, slug, true)
}

// ListAlerts implements alerts.Store.
func (s *Store) ListAlerts(ctx context.Context, q alerts.ListQuery) ([]*alerts.Alert, error) {
	return listDocs[alerts.Alert](ctx, s, alertTable, q)
}

// ListPublic implements alerts.Store.
func (s *Store) ListPublic(ctx context.Context, after *alerts.PublicKey, limit int) ([]*alerts.Alert, error) {
	return publicDocs[alerts.Alert](ctx, s, alertTable, after, limit)
}
