package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
)

// CreateToken implements auth.Store.
func (s *Store) CreateToken(ctx context.Context, t auth.Token, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q("token-insert"), t.ID, t.Hash, t.Name, t.Role, t.Agency, t.CreatedAt.UnixNano()); err != nil {
			return fmt.Errorf("insert token: %w", err)
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// TokenByHash implements auth.Store.
func (s *Store) TokenByHash(ctx context.Context, hash string) (auth.Token, error) {
	t, err := scanToken(s.r.QueryRowContext(ctx, s.q("token-by-hash"), hash))
	if errors.Is(err, sql.ErrNoRows) {
		return auth.Token{}, auth.ErrNotFound
	}
	return t, err
}

// ListTokens implements auth.Store.
func (s *Store) ListTokens(ctx context.Context) ([]auth.Token, error) {
	rows, err := s.r.QueryContext(ctx, s.q("tokens-list"))
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []auth.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken implements auth.Store.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time, e audit.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("token-revoke"), at.UnixNano(), id)
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, s.q("token-exists"), id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return auth.ErrNotFound
			}
			return nil // already revoked: nothing changes, nothing to record
		}
		return s.appendAudit(ctx, tx, e)
	})
}

type scanner interface{ Scan(...any) error }

func scanToken(row scanner) (auth.Token, error) {
	var t auth.Token
	var created int64
	var revoked sql.NullInt64
	if err := row.Scan(&t.ID, &t.Hash, &t.Name, &t.Role, &t.Agency, &created, &revoked); err != nil {
		return auth.Token{}, err
	}
	t.CreatedAt = time.Unix(0, created).UTC()
	t.RevokedAt = fromNull(revoked)
	return t, nil
}
