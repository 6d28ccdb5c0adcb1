package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
)

// CreateAlert implements alerts.Store. As in the SQLite backend, an id that is
// already stored is reported as ErrSlugTaken too.
func (s *Store) CreateAlert(ctx context.Context, a *alerts.Alert, e audit.Entry) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode alert: %w", err)
	}
	key, slugKey := s.alertKey(a.ID), s.slugKey(a.Slug)
	err = s.atomically(ctx, errContended, func(tx *goredis.Tx) error {
		n, err := tx.Exists(ctx, key, slugKey).Result()
		if err != nil {
			return err
		}
		if n > 0 {
			return alerts.ErrSlugTaken
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			pipe.Set(ctx, key, doc, 0)
			pipe.Set(ctx, slugKey, a.ID, 0)
			pipe.ZAdd(ctx, s.alertsKey(), goredis.Z{Member: a.ID})
			pipe.ZAdd(ctx, s.statusKey(string(a.Status)), goredis.Z{Member: a.ID})
			if m := publicMember(a); m != "" {
				pipe.ZAdd(ctx, s.publicKey(), goredis.Z{Member: m})
			}
			s.appendAudit(ctx, pipe, e)
			return nil
		})
		return err
	}, key, slugKey)
	if err != nil && !errors.Is(err, alerts.ErrSlugTaken) {
		return fmt.Errorf("create alert %s: %w", a.ID, err)
	}
	return err
}

// UpdateAlert implements alerts.Store. The slug index is left alone: slugs are
// fixed at creation (the SQLite backend does not update its slug column either).
func (s *Store) UpdateAlert(ctx context.Context, a *alerts.Alert, prevRevision int, e audit.Entry) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode alert: %w", err)
	}
	key := s.alertKey(a.ID)
	// A retry after a lost race re-reads the alert and so normally ends in
	// ErrConflict; giving up after maxAttempts means the same.
	err = s.atomically(ctx, alerts.ErrConflict, func(tx *goredis.Tx) error {
		raw, err := tx.Get(ctx, key).Bytes()
		if isNil(err) {
			return alerts.ErrNotFound
		}
		if err != nil {
			return err
		}
		old, err := decodeAlert(raw)
		if err != nil {
			return err
		}
		if old.Revision != prevRevision {
			return alerts.ErrConflict
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			pipe.Set(ctx, key, doc, 0)
			if old.Status != a.Status {
				pipe.ZRem(ctx, s.statusKey(string(old.Status)), a.ID)
				pipe.ZAdd(ctx, s.statusKey(string(a.Status)), goredis.Z{Member: a.ID})
			}
			if was, is := publicMember(old), publicMember(a); was != is {
				if was != "" {
					pipe.ZRem(ctx, s.publicKey(), was)
				}
				if is != "" {
					pipe.ZAdd(ctx, s.publicKey(), goredis.Z{Member: is})
				}
			}
			s.appendAudit(ctx, pipe, e)
			return nil
		})
		return err
	}, key)
	if err != nil && !errors.Is(err, alerts.ErrNotFound) && !errors.Is(err, alerts.ErrConflict) {
		return fmt.Errorf("update alert %s: %w", a.ID, err)
	}
	return err
}

// Alert implements alerts.Store.
func (s *Store) Alert(ctx context.Context, id string) (*alerts.Alert, error) {
	raw, err := s.c.Get(ctx, s.alertKey(id)).Bytes()
	if isNil(err) {
		return nil, alerts.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read alert %s: %w", id, err)
	}
	return decodeAlert(raw)
}

// AlertBySlug implements alerts.Store. Alerts are never deleted and slugs never
// change, so the two reads need no transaction.
func (s *Store) AlertBySlug(ctx context.Context, slug string) (*alerts.Alert, error) {
	id, err := s.c.Get(ctx, s.slugKey(slug)).Result()
	if isNil(err) {
		return nil, alerts.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read alert %s: %w", slug, err)
	}
	return s.Alert(ctx, id)
}

// ListAlerts implements alerts.Store.
func (s *Store) ListAlerts(ctx context.Context, q alerts.ListQuery) ([]*alerts.Alert, error) {
	key := s.alertsKey()
	if q.Status != "" {
		key = s.statusKey(string(q.Status))
	}
	end := "+"
	if q.Before != "" {
		end = "(" + q.Before
	}
	return s.page(ctx, key, end, q.Limit, false)
}

// ListPublic implements alerts.Store.
func (s *Store) ListPublic(ctx context.Context, after *alerts.PublicKey, limit int) ([]*alerts.Alert, error) {
	end := "+"
	if after != nil {
		end = "(" + member(after.PublishedAt, after.ID)
	}
	return s.page(ctx, s.publicKey(), end, limit, true)
}

// pageScript reads up to ARGV[2] members of the sorted set KEYS[1] from ARGV[1]
// down, newest first, and returns the documents they name (ARGV[3] is the key
// prefix of the documents: alerts, or reports); with ARGV[4] = "true" the members are public-index
// "time:id" members. A negative count means no limit, as LIMIT -1 in SQLite.
var pageScript = goredis.NewScript(`
local members = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[1], '-', 'LIMIT', 0, ARGV[2])
local docs = {}
for i, m in ipairs(members) do
  local id = m
  if ARGV[4] == 'true' then id = string.sub(m, string.find(m, ':', 1, true) + 1) end
  docs[i] = redis.call('GET', ARGV[3] .. id)
end
return docs`)

// page runs pageScript: index and documents are read in one atomic step, so
// a page never shows an alert that no longer matches its index.
func (s *Store) page(ctx context.Context, key, end string, limit int, public bool) ([]*alerts.Alert, error) {
	if limit == 0 {
		return nil, nil
	}
	res, err := pageScript.RunRO(ctx, s.c, []string{key}, end, limit, s.alertKeyPrefix(), strconv.FormatBool(public)).Slice()
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	var out []*alerts.Alert
	for i, v := range res {
		doc, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("list alerts: entry %d of index %s has no document", i, key)
		}
		a, err := decodeAlert([]byte(doc))
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// publicMember is the alert's member of the public index, or "" if it was never published.
func publicMember(a *alerts.Alert) string {
	if a.PublishedAt == nil {
		return ""
	}
	return member(*a.PublishedAt, a.ID)
}

// member orders by publication time, then id, as strings: the fixed-width time
// compares as a number (for times after 1970) and the id breaks ties.
func member(publishedAt time.Time, id string) string {
	return fmt.Sprintf("%020d:%s", publishedAt.UnixNano(), id)
}

func decodeAlert(doc []byte) (*alerts.Alert, error) {
	a := &alerts.Alert{}
	if err := json.Unmarshal(doc, a); err != nil {
		return nil, fmt.Errorf("decode alert: %w", err)
	}
	return a, nil
}
