package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
)

func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, e audit.Entry) error {
	_, err := tx.ExecContext(ctx, s.q("audit-insert"), e.At.UnixNano(), e.Actor, e.ActorName, e.Action, e.Subject,
		e.FromStatus, e.ToStatus, e.FromVersion, e.ToVersion, e.Reason)
	if err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	return nil
}

// ListAudit implements audit.Store.
func (s *Store) ListAudit(ctx context.Context, q audit.Query) ([]audit.Entry, error) {
	var before int64
	if q.Before != "" {
		var err error
		if before, err = strconv.ParseInt(q.Before, 10, 64); err != nil || before <= 0 {
			return nil, fmt.Errorf("%w: %q", audit.ErrBadCursor, q.Before)
		}
	}
	rows, err := s.r.QueryContext(ctx, s.q("audit-list"), q.Subject, before, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var seq, at int64
		if err := rows.Scan(&seq, &at, &e.Actor, &e.ActorName, &e.Action, &e.Subject, &e.FromStatus, &e.ToStatus,
			&e.FromVersion, &e.ToVersion, &e.Reason); err != nil {
			return nil, fmt.Errorf("list audit: %w", err)
		}
		e.ID = strconv.FormatInt(seq, 10)
		e.At = time.Unix(0, at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
