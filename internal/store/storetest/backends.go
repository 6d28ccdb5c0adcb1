// Package storetest is the conformance suite every storage backend must pass,
// and the helpers that give tests a fresh backend of each kind.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/redis"
	"github.com/antifraud-alliance/beacon/internal/store/sqlite"
)

// DefaultRedisURL is where tests find Redis unless BEACON_TEST_REDIS_URL says otherwise.
const DefaultRedisURL = "redis://127.0.0.1:6379/15"

// RedisURL returns the Redis the tests use.
func RedisURL() string {
	if u := os.Getenv("BEACON_TEST_REDIS_URL"); u != "" {
		return u
	}
	return DefaultRedisURL
}

// Opener gives a test a fresh, empty backend, closed and cleaned up when the test ends.
type Opener func(t testing.TB) store.Backend

// Kinds lists the backends every storage-touching test runs against.
var Kinds = []struct {
	Name string
	Open Opener
}{{"sqlite", SQLite}, {"redis", Redis}}

// SQLite opens a backend on a new file in the test's temporary directory.
func SQLite(t testing.TB) store.Backend {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "beacon.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Redis opens a backend under a key prefix of its own and deletes its keys afterwards.
func Redis(t testing.TB) store.Backend {
	t.Helper()
	url, prefix := RedisURL(), NewPrefix()
	RequireRedis(t)
	s, err := redis.Open(context.Background(), url, prefix)
	if err != nil {
		t.Fatalf("open redis at %s: %v", url, err)
	}
	t.Cleanup(func() {
		s.Close()
		DeletePrefix(t, prefix)
	})
	return s
}

// NewPrefix returns a unique key prefix for one test.
func NewPrefix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "beacontest:" + hex.EncodeToString(b[:]) + ":"
}

// RequireRedis fails the test, saying what to do, when Redis does not answer.
// Tests never skip for a missing service: `make test` starts one.
func RequireRedis(t testing.TB) {
	t.Helper()
	c, err := client()
	if err == nil {
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		err = c.Ping(ctx).Err()
	}
	if err != nil {
		t.Fatalf("Redis does not answer at %s (%v). Run the tests with `make test`, which starts a "+
			"throwaway redis-server, or install it: apt-get install redis-server", RedisURL(), err)
	}
}

// DeletePrefix removes every key under prefix.
func DeletePrefix(t testing.TB, prefix string) {
	c, err := client()
	if err != nil {
		t.Errorf("clean up redis: %v", err)
		return
	}
	defer c.Close()
	ctx := context.Background()
	iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if len(keys) > 0 {
		c.Del(ctx, keys...)
	}
}

func client() (*goredis.Client, error) {
	opt, err := goredis.ParseURL(RedisURL())
	if err != nil {
		return nil, err
	}
	return goredis.NewClient(opt), nil
}
