// Package ratelimit limits how often one client may call the public write
// and lookup endpoints. Clients are keyed by a keyed hash of their address,
// so no address is kept in memory or in Redis, and keys expire by themselves.
package ratelimit

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	goredis "github.com/redis/go-redis/v9"
)

// Limiter decides whether a client may make one more request of a kind.
type Limiter interface {
	// Allow spends one request of perMinute for key; retry says when to try again if not allowed.
	Allow(ctx context.Context, kind, client string, perMinute int) (ok bool, retry time.Duration, err error)
}

// Keyer turns a client address into a key that says nothing about it.
type Keyer struct{ secret []byte }

// NewKeyer makes a keyer with a fresh random secret (per process: keys need
// only be stable while the limit window lasts).
func NewKeyer() *Keyer {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return &Keyer{secret: b}
}

// NewKeyerWith uses a shared secret, so that several nodes key a client alike.
func NewKeyerWith(secret []byte) *Keyer { return &Keyer{secret: secret} }

// Key returns the client's key.
func (k *Keyer) Key(addr string) string {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte(addr))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Redis limits with GCRA in Redis, shared by every node.
type Redis struct {
	limiter *redis_rate.Limiter
	prefix  string
}

// NewRedis returns a limiter on the client, keys under prefix.
func NewRedis(c *goredis.Client, prefix string) *Redis {
	return &Redis{limiter: redis_rate.NewLimiter(c), prefix: prefix}
}

// Allow implements Limiter.
func (r *Redis) Allow(ctx context.Context, kind, client string, perMinute int) (bool, time.Duration, error) {
	res, err := r.limiter.Allow(ctx, r.prefix+"rate:"+kind+":"+client, redis_rate.PerMinute(perMinute))
	if err != nil {
		return false, 0, err
	}
	return res.Allowed > 0, res.RetryAfter, nil
}

// Memory limits with GCRA in this process, for a single node.
type Memory struct {
	mu    sync.Mutex
	tat   map[string]time.Time // theoretical arrival time per kind+client
	now   func() time.Time
	sweep time.Time
}

// NewMemory returns an in-process limiter.
func NewMemory(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{tat: map[string]time.Time{}, now: now}
}

// Allow implements Limiter: perMinute requests may come at once, then one
// every 60s/perMinute.
func (m *Memory) Allow(_ context.Context, kind, client string, perMinute int) (bool, time.Duration, error) {
	now := m.now()
	interval := time.Minute / time.Duration(perMinute)
	burst := time.Minute - interval
	m.mu.Lock()
	defer m.mu.Unlock()
	if now.Sub(m.sweep) > time.Minute { // forget clients idle for a minute
		for k, t := range m.tat {
			if t.Before(now) {
				delete(m.tat, k)
			}
		}
		m.sweep = now
	}
	key := kind + ":" + client
	tat := m.tat[key]
	if tat.Before(now) {
		tat = now
	}
	if allowAt := tat.Add(-burst); now.Before(allowAt) {
		return false, allowAt.Sub(now), nil
	}
	m.tat[key] = tat.Add(interval)
	return true, 0, nil
}
