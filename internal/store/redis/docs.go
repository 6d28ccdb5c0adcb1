package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Alerts and trend reports are both workflow documents, kept under one family
// of keys each (see the package comment for the alerts'):
//
//	P {doc}{id}         string  JSON of the document
//	P {slug}{slug}      string  its id (the slug is fixed at creation)
//	P {all}             zset    every id, score 0: ZREVRANGEBYLEX pages newest first
//	P {status}{s}       zset    the ids whose stored status is s
//	P {public}          zset    "%020d:%s" of PublishedAt.UnixNano() and id, score 0
type docKeys struct {
	what                           string // for messages: "alert", "trend report"
	doc, slug, all, status, public string
}

var (
	alertKeys = docKeys{what: "alert", doc: "alert:", slug: "alert-slug:", all: "alerts", status: "alerts:status:", public: "alerts:public"}
	trendKeys = docKeys{what: "trend report", doc: "trend:", slug: "trend-slug:", all: "trends", status: "trends:status:", public: "trends:public"}
)

// doc is what the document code needs of a document.
type doc interface{ Fields() workflow.Fields }

// createDoc stores a new document. As in the SQLite backend, an id that is
// already stored is reported as ErrSlugTaken too.
func (s *Store) createDoc(ctx context.Context, k docKeys, d doc, e audit.Entry) error {
	f := d.Fields()
	body, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode %s: %w", k.what, err)
	}
	key, slugKey := s.p+k.doc+*f.ID, s.p+k.slug+*f.Slug
	err = s.atomically(ctx, errContended, func(tx *goredis.Tx) error {
		n, err := tx.Exists(ctx, key, slugKey).Result()
		if err != nil {
			return err
		}
		if n > 0 {
			return workflow.ErrSlugTaken
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			pipe.Set(ctx, key, body, 0)
			pipe.Set(ctx, slugKey, *f.ID, 0)
			pipe.ZAdd(ctx, s.p+k.all, goredis.Z{Member: *f.ID})
			pipe.ZAdd(ctx, s.p+k.status+string(*f.Status), goredis.Z{Member: *f.ID})
			if m := publicMember(f); m != "" {
				pipe.ZAdd(ctx, s.p+k.public, goredis.Z{Member: m})
			}
			s.appendAudit(ctx, pipe, e)
			return nil
		})
		return err
	}, key, slugKey)
	if err != nil && !errors.Is(err, workflow.ErrSlugTaken) {
		return fmt.Errorf("create %s %s: %w", k.what, *f.ID, err)
	}
	return err
}

// updateDoc replaces a document whose stored revision is prevRevision. The
// slug index is left alone: slugs are fixed at creation. A retry after a lost
// race re-reads the document and so normally ends in ErrConflict; giving up
// after maxAttempts means the same.
func updateDoc[T any, PT interface {
	*T
	doc
}](ctx context.Context, s *Store, k docKeys, d PT, prevRevision int, e audit.Entry) error {
	f := d.Fields()
	body, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode %s: %w", k.what, err)
	}
	key := s.p + k.doc + *f.ID
	err = s.atomically(ctx, workflow.ErrConflict, func(tx *goredis.Tx) error {
		raw, err := tx.Get(ctx, key).Bytes()
		if isNil(err) {
			return workflow.ErrNotFound
		}
		if err != nil {
			return err
		}
		stored, err := decode[T](raw, k.what)
		if err != nil {
			return err
		}
		old := PT(stored).Fields()
		if *old.Revision != prevRevision {
			return workflow.ErrConflict
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			pipe.Set(ctx, key, body, 0)
			if *old.Status != *f.Status {
				pipe.ZRem(ctx, s.p+k.status+string(*old.Status), *f.ID)
				pipe.ZAdd(ctx, s.p+k.status+string(*f.Status), goredis.Z{Member: *f.ID})
			}
			if was, is := publicMember(old), publicMember(f); was != is {
				if was != "" {
					pipe.ZRem(ctx, s.p+k.public, was)
				}
				if is != "" {
					pipe.ZAdd(ctx, s.p+k.public, goredis.Z{Member: is})
				}
			}
			s.appendAudit(ctx, pipe, e)
			return nil
		})
		return err
	}, key)
	if err != nil && !errors.Is(err, workflow.ErrNotFound) && !errors.Is(err, workflow.ErrConflict) {
		return fmt.Errorf("update %s %s: %w", k.what, *f.ID, err)
	}
	return err
}

// getDoc reads a document by id.
func getDoc[T any](ctx context.Context, s *Store, k docKeys, id string) (*T, error) {
	raw, err := s.c.Get(ctx, s.p+k.doc+id).Bytes()
	if isNil(err) {
		return nil, workflow.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", k.what, id, err)
	}
	return decode[T](raw, k.what)
}

// docBySlug reads a document by slug. Documents are never deleted and slugs
// never change, so the two reads need no transaction.
func docBySlug[T any](ctx context.Context, s *Store, k docKeys, slug string) (*T, error) {
	id, err := s.c.Get(ctx, s.p+k.slug+slug).Result()
	if isNil(err) {
		return nil, workflow.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", k.what, slug, err)
	}
	return getDoc[T](ctx, s, k, id)
}

// listDocs pages through documents newest first, optionally of one status.
func listDocs[T any](ctx context.Context, s *Store, k docKeys, q workflow.ListQuery) ([]*T, error) {
	key := s.p + k.all
	if q.Status != "" {
		key = s.p + k.status + string(q.Status)
	}
	end := "+"
	if q.Before != "" {
		end = "(" + q.Before
	}
	return pageDocs[T](ctx, s, k, key, end, q.Limit, false)
}

// publicDocs pages through the ever-published documents in public order.
func publicDocs[T any](ctx context.Context, s *Store, k docKeys, after *workflow.PublicKey, limit int) ([]*T, error) {
	end := "+"
	if after != nil {
		end = "(" + member(after.PublishedAt, after.ID)
	}
	return pageDocs[T](ctx, s, k, s.p+k.public, end, limit, true)
}

// pageScript reads up to ARGV[2] members of the sorted set KEYS[1] from ARGV[1]
// down, newest first, and returns the documents they name (ARGV[3] is the key
// prefix of the documents: alerts, trends or reports); with ARGV[4] = "true"
// the members are public-index "time:id" members. A negative count means no
// limit, as LIMIT -1 in SQLite.
var pageScript = goredis.NewScript(`
local members = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[1], '-', 'LIMIT', 0, ARGV[2])
local docs = {}
for i, m in ipairs(members) do
  local id = m
  if ARGV[4] == 'true' then id = string.sub(m, string.find(m, ':', 1, true) + 1) end
  docs[i] = redis.call('GET', ARGV[3] .. id)
end
return docs`)

// pageDocs runs pageScript: index and documents are read in one atomic step,
// so a page never shows a document that no longer matches its index.
func pageDocs[T any](ctx context.Context, s *Store, k docKeys, key, end string, limit int, public bool) ([]*T, error) {
	if limit == 0 {
		return nil, nil
	}
	res, err := pageScript.RunRO(ctx, s.c, []string{key}, end, limit, s.p+k.doc, strconv.FormatBool(public)).Slice()
	if err != nil {
		return nil, fmt.Errorf("list %ss: %w", k.what, err)
	}
	var out []*T
	for i, v := range res {
		body, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("list %ss: entry %d of index %s has no document", k.what, i, key)
		}
		d, err := decode[T]([]byte(body), k.what)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// publicMember is the document's member of the public index, or "" if it was never published.
func publicMember(f workflow.Fields) string {
	if *f.PublishedAt == nil {
		return ""
	}
	return member(**f.PublishedAt, *f.ID)
}

// member orders by publication time, then id, as strings: the fixed-width time
// compares as a number (for times after 1970) and the id breaks ties.
func member(publishedAt time.Time, id string) string {
	return fmt.Sprintf("%020d:%s", publishedAt.UnixNano(), id)
}
