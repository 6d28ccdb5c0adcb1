package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// CreateReport implements lookup.Store.
func (s *Store) CreateReport(ctx context.Context, r *lookup.Report) error {
	doc, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q("report-insert"), r.ID, string(r.Status), string(doc))
		return err
	})
}

// Report implements lookup.Store.
func (s *Store) Report(ctx context.Context, id string) (*lookup.Report, error) {
	list, err := queryDocs[lookup.Report](ctx, s.r, s.q("report-by-id"), id)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", id, err)
	}
	if len(list) == 0 {
		return nil, lookup.ErrNotFound
	}
	return list[0], nil
}

// ListReports implements lookup.Store.
func (s *Store) ListReports(ctx context.Context, status lookup.ReportStatus, before string, limit int) ([]*lookup.Report, error) {
	return queryDocs[lookup.Report](ctx, s.r, s.q("reports-list"), string(status), before, limit)
}

// DecideReport implements lookup.Store.
func (s *Store) DecideReport(ctx context.Context, r *lookup.Report, l *lookup.Listing, e audit.Entry) error {
	doc, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("report-decide"), string(r.Status), string(doc), r.ID)
		if err != nil {
			return fmt.Errorf("decide report %s: %w", r.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return lookup.ErrConflict
		}
		if l != nil {
			if err := s.putListings(ctx, tx, []*lookup.Listing{l}); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// AddLookupCounts implements lookup.Store.
func (s *Store) AddLookupCounts(ctx context.Context, counts []lookup.Count) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, c := range counts {
			if _, err := tx.ExecContext(ctx, s.q("lookup-count-add"), c.Day, c.Kind, c.Verdict, c.N); err != nil {
				return fmt.Errorf("count lookups: %w", err)
			}
		}
		return nil
	})
}

// LookupCounts implements lookup.Store.
func (s *Store) LookupCounts(ctx context.Context, from, to string) ([]lookup.Count, error) {
	rows, err := s.r.QueryContext(ctx, s.q("lookup-counts"), from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []lookup.Count
	for rows.Next() {
		var c lookup.Count
		if err := rows.Scan(&c.Day, &c.Kind, &c.Verdict, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Secret implements lookup.Store: the first node to ask creates it.
func (s *Store) Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error) {
	v, err := gen()
	if err != nil {
		return nil, err
	}
	if err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q("secret-create"), name, v)
		return err
	}); err != nil {
		return nil, fmt.Errorf("create secret %s: %w", name, err)
	}
	var got []byte
	if err := s.r.QueryRowContext(ctx, s.q("secret-get"), name).Scan(&got); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("secret %s vanished", name)
		}
		return nil, err
	}
	return got, nil
}
