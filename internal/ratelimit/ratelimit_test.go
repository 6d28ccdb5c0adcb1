package ratelimit

import (
	"context"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

// TestLimiters: both limiters let a minute's allowance through at once, refuse
// the next with a retry time, and keep clients and kinds apart.
func TestLimiters(t *testing.T) {
	storetest.RequireRedis(t)
	opt, err := goredis.ParseURL(storetest.RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(opt)
	defer c.Close()
	prefix := storetest.NewPrefix()
	t.Cleanup(func() { storetest.DeletePrefix(t, prefix) })
	clock := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	for name, l := range map[string]Limiter{"memory": NewMemory(func() time.Time { return clock }), "redis": NewRedis(c, prefix)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			k := NewKeyer()
			a, b := k.Key("192.0.2.1"), k.Key("192.0.2.2")
			for i := range 5 {
				if ok, _, err := l.Allow(ctx, "lookup", a, 5); !ok || err != nil {
					t.Fatalf("request %d refused: %v", i+1, err)
				}
			}
			ok, retry, err := l.Allow(ctx, "lookup", a, 5)
			if ok || err != nil || retry <= 0 || retry > 13*time.Second {
				t.Fatalf("sixth request: ok=%v retry=%v err=%v; want refused with a retry under 12s", ok, retry, err)
			}
			if ok, _, _ := l.Allow(ctx, "lookup", b, 5); !ok {
				t.Error("another client was limited")
			}
			if ok, _, _ := l.Allow(ctx, "report", a, 5); !ok {
				t.Error("another kind was limited")
			}
		})
	}
	k1, k2 := NewKeyer(), NewKeyer()
	if k1.Key("192.0.2.1") == k2.Key("192.0.2.1") {
		t.Error("two keyers with random secrets gave the same key")
	}
	if a, b := k1.Key("192.0.2.1"), k1.Key("192.0.2.1"); a != b || len(a) != 32 {
		t.Error("a keyer is not stable, or its keys are not 128-bit hex")
	}
}
