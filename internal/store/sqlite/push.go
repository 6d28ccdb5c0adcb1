package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/antifraud-alliance/beacon/internal/push"
)

// SaveSubscription implements push.Store.
func (s *Store) SaveSubscription(ctx context.Context, sub push.Subscription) (bool, error) {
	sub.ID = push.SubscriptionID(sub.Endpoint)
	doc, err := json.Marshal(sub)
	if err != nil {
		return false, err
	}
	created := false
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, s.q("push-sub-exists"), sub.ID).Scan(&one)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		created = errors.Is(err, sql.ErrNoRows)
		_, err = tx.ExecContext(ctx, s.q("push-sub-upsert"), sub.ID, push.ShardOf(sub.ID), sub.Endpoint, string(doc))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("save subscription: %w", err)
	}
	return created, nil
}

// DeleteSubscription implements push.Store.
func (s *Store) DeleteSubscription(ctx context.Context, endpoint string) (bool, error) {
	found := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("push-sub-delete"), push.SubscriptionID(endpoint))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		found = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("delete subscription: %w", err)
	}
	return found, nil
}

// SubscriptionPage implements push.Store.
func (s *Store) SubscriptionPage(ctx context.Context, shard int, after string, limit int) ([]push.Subscription, error) {
	rows, err := s.r.QueryContext(ctx, s.q("push-sub-page"), shard, after, limit)
	if err != nil {
		return nil, fmt.Errorf("subscriptions of shard %d: %w", shard, err)
	}
	defer rows.Close()
	out := make([]push.Subscription, 0, limit)
	for rows.Next() {
		var id string
		var doc []byte
		if err := rows.Scan(&id, &doc); err != nil {
			return nil, err
		}
		sub, err := push.DecodeStored(id, doc)
		if err != nil {
			return nil, fmt.Errorf("decode subscription %s: %w", id, err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// CountSubscriptions implements push.Store.
func (s *Store) CountSubscriptions(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, s.q("push-sub-count")).Scan(&n)
	return n, err
}

// EnqueueJob implements push.Store: the job and its tasks in one transaction.
func (s *Store) EnqueueJob(ctx context.Context, j *push.Job) (bool, error) {
	doc, err := json.Marshal(j)
	if err != nil {
		return false, err
	}
	added := false
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("push-job-insert"), j.ID, j.CreatedAt.UnixNano(), string(doc))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		added = true
		for shard := range push.Shards {
			if _, err := tx.ExecContext(ctx, s.q("push-task-insert"), j.ID, shard); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("enqueue job %s: %w", j.ID, err)
	}
	return added, nil
}

// Job implements push.Store.
func (s *Store) Job(ctx context.Context, id string) (*push.Job, error) {
	list, err := queryDocs[push.Job](ctx, s.r, s.q("push-job-by-id"), id)
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", id, err)
	}
	if len(list) == 0 {
		return nil, push.ErrNotFound
	}
	return list[0], nil
}

// ClaimTask implements push.Store.
func (s *Store) ClaimTask(ctx context.Context, owner string, lease time.Duration) (*push.Task, error) {
	now := time.Now()
	var t *push.Task
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c := push.Task{Owner: owner}
		err := tx.QueryRowContext(ctx, s.q("push-task-claim"), owner, now.Add(lease).UnixNano(), now.UnixNano()).
			Scan(&c.Job, &c.Shard, &c.Cursor, &c.Claims)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		t = &c
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim task: %w", err)
	}
	return t, nil
}

// CheckpointTask implements push.Store.
func (s *Store) CheckpointTask(ctx context.Context, t *push.Task, cursor string, lease time.Duration) error {
	return s.fenced(ctx, "push-task-checkpoint", t, cursor, time.Now().Add(lease).UnixNano())
}

// ReleaseTask implements push.Store.
func (s *Store) ReleaseTask(ctx context.Context, t *push.Task) error {
	return s.fenced(ctx, "push-task-release", t)
}

// fenced runs a task update that applies only while t's claim is current:
// the owner and claim count fence off a worker whose lease was taken over.
func (s *Store) fenced(ctx context.Context, query string, t *push.Task, args ...any) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(query), append(args, t.Job, t.Shard, t.Owner, t.Claims)...)
		if err != nil {
			return fmt.Errorf("task %s/%d: %w", t.Job, t.Shard, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return push.ErrLeaseLost
		}
		return nil
	})
}

// FinishTask implements push.Store.
func (s *Store) FinishTask(ctx context.Context, t *push.Task) (bool, error) {
	last := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("push-task-finish"), t.Job, t.Shard, t.Owner, t.Claims)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return push.ErrLeaseLost
		}
		var left int
		if err := tx.QueryRowContext(ctx, s.q("push-tasks-of-job"), t.Job).Scan(&left); err != nil {
			return err
		}
		if left > 0 {
			return nil
		}
		last = true
		_, err = tx.ExecContext(ctx, s.q("push-job-done"), time.Now().UnixNano(), t.Job)
		return err
	})
	if err != nil && !errors.Is(err, push.ErrLeaseLost) {
		err = fmt.Errorf("finish task %s/%d: %w", t.Job, t.Shard, err)
	}
	return last, err
}

// PendingTasks implements push.Store.
func (s *Store) PendingTasks(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, s.q("push-tasks-pending")).Scan(&n)
	return n, err
}
