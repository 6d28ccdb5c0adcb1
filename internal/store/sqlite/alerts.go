package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
)

// CreateAlert implements alerts.Store.
func (s *Store) CreateAlert(ctx context.Context, a *alerts.Alert, e audit.Entry) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode alert: %w", err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q("alert-insert"), a.ID, a.Slug, a.Status, a.Revision, nullTime(a.PublishedAt), string(doc))
		if isUnique(err) {
			return alerts.ErrSlugTaken
		}
		if err != nil {
			return fmt.Errorf("insert alert: %w", err)
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// UpdateAlert implements alerts.Store.
func (s *Store) UpdateAlert(ctx context.Context, a *alerts.Alert, prevRevision int, e audit.Entry) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode alert: %w", err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("alert-update"), a.Status, a.Revision, nullTime(a.PublishedAt), string(doc), a.ID, prevRevision)
		if err != nil {
			return fmt.Errorf("update alert: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, s.q("alert-exists"), a.ID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return alerts.ErrNotFound
			}
			return alerts.ErrConflict
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// Alert implements alerts.Store.
func (s *Store) Alert(ctx context.Context, id string) (*alerts.Alert, error) {
	return s.oneAlert(ctx, s.q("alert-by-id"), id)
}

// AlertBySlug implements alerts.Store.
func (s *Store) AlertBySlug(ctx context.Context, slug string) (*alerts.Alert, error) {
	var doc []byte
	err := s.hot["alert-by-slug"].QueryRowContext(ctx, slug).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, alerts.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read alert %s: %w", slug, err)
	}
	return decodeAlert(doc)
}

func (s *Store) oneAlert(ctx context.Context, query, arg string) (*alerts.Alert, error) {
	var doc []byte
	err := s.r.QueryRowContext(ctx, query, arg).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, alerts.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read alert %s: %w", arg, err)
	}
	return decodeAlert(doc)
}

// ListAlerts implements alerts.Store.
func (s *Store) ListAlerts(ctx context.Context, q alerts.ListQuery) ([]*alerts.Alert, error) {
	return s.manyAlerts(ctx, s.q("alerts-list"), string(q.Status), q.Before, q.Limit)
}

// ListPublic implements alerts.Store.
func (s *Store) ListPublic(ctx context.Context, after *alerts.PublicKey, limit int) ([]*alerts.Alert, error) {
	if after == nil {
		return s.manyAlerts(ctx, s.q("alerts-public-first"), limit)
	}
	return s.manyAlerts(ctx, s.q("alerts-public-after"), after.PublishedAt.UnixNano(), after.ID, limit)
}

func (s *Store) manyAlerts(ctx context.Context, query string, args ...any) ([]*alerts.Alert, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	defer rows.Close()
	var out []*alerts.Alert
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("list alerts: %w", err)
		}
		a, err := decodeAlert(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func decodeAlert(doc []byte) (*alerts.Alert, error) {
	a := &alerts.Alert{}
	if err := json.Unmarshal(doc, a); err != nil {
		return nil, fmt.Errorf("decode alert: %w", err)
	}
	return a, nil
}
