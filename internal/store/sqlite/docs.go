package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Alerts and trend reports are both workflow documents: a JSON document with
// the columns the queries sort and filter on (id, slug, status, revision,
// published_at) pulled out beside it. docTable names one such table's queries.
type docTable struct {
	what                                 string // for messages: "alert", "trend report"
	insert, update, exists, byID, bySlug string
	list, publicFirst, publicAfter       string
	hotBySlug                            bool // bySlug is prepared at Open
}

// doc is what the table code needs of a document.
type doc interface{ Fields() workflow.Fields }

func (s *Store) createDoc(ctx context.Context, t docTable, d doc, e audit.Entry) error {
	f := d.Fields()
	body, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode %s: %w", t.what, err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(t.insert), *f.ID, *f.Slug, *f.Status, *f.Revision, nullTime(*f.PublishedAt), string(body))
		if isUnique(err) {
			return workflow.ErrSlugTaken
		}
		if err != nil {
			return fmt.Errorf("insert %s: %w", t.what, err)
		}
		return s.appendAudit(ctx, tx, e)
	})
}

func (s *Store) updateDoc(ctx context.Context, t docTable, d doc, prevRevision int, e audit.Entry) error {
	f := d.Fields()
	body, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode %s: %w", t.what, err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(t.update), *f.Status, *f.Revision, nullTime(*f.PublishedAt), string(body), *f.ID, prevRevision)
		if err != nil {
			return fmt.Errorf("update %s: %w", t.what, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, s.q(t.exists), *f.ID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return workflow.ErrNotFound
			}
			return workflow.ErrConflict
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// oneDoc reads the document with id (or, with bySlug, slug).
func oneDoc[T any](ctx context.Context, s *Store, t docTable, key string, bySlug bool) (*T, error) {
	var list []*T
	var err error
	switch {
	case bySlug && t.hotBySlug:
		list, err = stmtDocs[T](ctx, s.hot[t.bySlug], key)
	case bySlug:
		list, err = queryDocs[T](ctx, s.r, s.q(t.bySlug), key)
	default:
		list, err = queryDocs[T](ctx, s.r, s.q(t.byID), key)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t.what, key, err)
	}
	if len(list) == 0 {
		return nil, workflow.ErrNotFound
	}
	return list[0], nil
}

// listDocs pages through a table for the authoring API.
func listDocs[T any](ctx context.Context, s *Store, t docTable, q workflow.ListQuery) ([]*T, error) {
	list, err := queryDocs[T](ctx, s.r, s.q(t.list), string(q.Status), q.Before, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("list %ss: %w", t.what, err)
	}
	return list, nil
}

// publicDocs pages through the ever-published documents in public order.
func publicDocs[T any](ctx context.Context, s *Store, t docTable, after *workflow.PublicKey, limit int) ([]*T, error) {
	var list []*T
	var err error
	if after == nil {
		list, err = queryDocs[T](ctx, s.r, s.q(t.publicFirst), limit)
	} else {
		list, err = queryDocs[T](ctx, s.r, s.q(t.publicAfter), after.PublishedAt.UnixNano(), after.ID, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("list public %ss: %w", t.what, err)
	}
	return list, nil
}
