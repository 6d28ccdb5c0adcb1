// Package store opens the storage backend named by a --store setting. Each
// backend implements every domain's storage interface; storetest holds the
// conformance suite both must pass.
package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/store/redis"
	"github.com/antifraud-alliance/beacon/internal/store/sqlite"
	"github.com/antifraud-alliance/beacon/internal/trends"
)

// Backend is everything a storage backend provides.
type Backend interface {
	alerts.Store
	auth.Store
	audit.Store
	lookup.Store
	push.Store
	trends.Store
	trends.Counter
	Ping(ctx context.Context) error
	Close() error
}

// Open opens "sqlite:PATH" or "redis://host:port/db"; prefix namespaces Redis keys.
func Open(ctx context.Context, dsn, redisPrefix string) (Backend, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasPrefix(dsn, "redis://"), strings.HasPrefix(dsn, "rediss://"):
		return redis.Open(ctx, dsn, redisPrefix)
	}
	return nil, fmt.Errorf("unknown store %q: use sqlite:PATH or redis://HOST:PORT/DB", dsn)
}
