// Package redis is the shared storage backend, for several Beacon nodes behind
// one load balancer. It has the semantics of the SQLite backend and passes the
// same conformance suite (internal/store/storetest).
//
// # Keys
//
// Every key starts with the prefix P given to Open ("beacon:" by default):
//
//	P alert:{id}            string  JSON of alerts.Alert
//	P alert-slug:{slug}     string  alert id (the slug is fixed at creation)
//	P alerts                zset    every alert id, score 0: ZREVRANGEBYLEX pages
//	                                newest first, as ids sort by creation time
//	P alerts:status:{s}     zset    the ids of the alerts whose stored status is s
//	P alerts:public         zset    "%020d:%s" of PublishedAt.UnixNano() and id, score 0,
//	                                for every alert with PublishedAt set
//	P token:{id}            string  JSON of auth.Token, times in UTC
//	P token-hash:{hash}     string  token id
//	P tokens                zset    every token id, score 0
//	P audit                 stream  the audit log; an entry's ID is its stream ID
//	P audit:subject:{subj}  stream  the entries of one subject, under the same stream IDs
//	P trend:{id} …          the same five families for trend reports (trend:,
//	                        trend-slug:, trends, trends:status:{s}, trends:public);
//	                        see docs.go
//
// The keys of the lookup domain (listings, reports, counts, secrets) are
// described in listings.go.
//
// # Atomicity
//
// Every write reads what it depends on under WATCH and then changes all its
// keys, audit entry included, in one MULTI/EXEC: either everything is stored or
// nothing is. A watched key changed by another node aborts the EXEC and the
// write is retried from the read (so a CAS loser sees the new revision and gets
// alerts.ErrConflict). The audit entry is appended by a small Lua script queued
// inside the MULTI, because the subject stream must reuse the stream ID the main
// stream assigns, which is only known when the XADD runs. It is sent with EVAL,
// never EVALSHA: a NOSCRIPT error inside EXEC would not undo the other commands.
// (EXEC has no rollback: a command can still fail alone if a key under the
// prefix was overwritten with the wrong type by something else; out of memory,
// Redis refuses the whole EXEC.) Page reads (ListAlerts, ListPublic and their trend twins) run as one read-only script, so a page is
// a consistent snapshot of index and documents.
//
// Scripts touch keys they compute, so this backend needs a single Redis (or a
// primary with replicas), not Redis Cluster.
package redis

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	goredis "github.com/redis/go-redis/v9"
)

// DefaultPrefix namespaces the keys when Open is given no prefix.
const DefaultPrefix = "beacon:"

// maxAttempts bounds the retries of a write whose watched keys keep changing.
const maxAttempts = 5

// errContended is returned when a write's watched keys changed on every attempt.
var errContended = fmt.Errorf("gave up after %d attempts: other clients kept changing the same keys", maxAttempts)

// Store is the Redis backend of every domain storage interface.
type Store struct {
	c *goredis.Client
	p string // key prefix
}

// Open connects to the Redis at rawURL (redis:// or rediss://), checks that it
// answers, and keeps every key under prefix (DefaultPrefix when empty).
func Open(ctx context.Context, rawURL, prefix string) (*Store, error) {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	shown := redact(rawURL)
	opt, err := goredis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redis store %s: %w", shown, err)
	}
	c := goredis.NewClient(opt)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("redis store %s does not answer: %w", shown, err)
	}
	return &Store{c: c, p: prefix}, nil
}

// checkPrefix rejects prefixes that would make "prefix*" match other keys, or
// be unreadable in redis-cli.
func checkPrefix(p string) error {
	for _, r := range p {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`*?[]\`, r) {
			return fmt.Errorf("redis key prefix %q: no spaces, control characters or glob characters *?[]\\ allowed", p)
		}
	}
	return nil
}

// redact returns the URL with any password masked, for error messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.c.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis: %w", err)
	}
	return nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.c.Close() }

// Client returns the underlying client, for pub/sub and rate limits. Keys of
// other packages should live under Prefix too.
func (s *Store) Client() *goredis.Client { return s.c }

// Prefix returns the key prefix of this store.
func (s *Store) Prefix() string { return s.p }

// Keys. The families differ before any caller-supplied part, so they cannot collide.
func (s *Store) tokenKey(id string) string        { return s.p + "token:" + id }
func (s *Store) tokenHashKey(hash string) string  { return s.p + "token-hash:" + hash }
func (s *Store) tokensKey() string                { return s.p + "tokens" }
func (s *Store) auditKey() string                 { return s.p + "audit" }
func (s *Store) subjectKey(subject string) string { return s.p + "audit:subject:" + subject }

// isNil reports whether err is Redis's "no such key".
func isNil(err error) bool { return errors.Is(err, goredis.Nil) }

// atomically runs fn under WATCH of keys, retrying while another client
// changes a watched key between the read and the EXEC; after maxAttempts it
// gives up with exhausted.
func (s *Store) atomically(ctx context.Context, exhausted error, fn func(*goredis.Tx) error, keys ...string) error {
	for range maxAttempts {
		err := s.c.Watch(ctx, fn, keys...)
		if !errors.Is(err, goredis.TxFailedErr) {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return exhausted
}
