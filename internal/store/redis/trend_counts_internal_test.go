package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"testing"

	goredis "github.com/redis/go-redis/v9"
)

// TestEachInRangePages: the counts read an index a batch at a time, and
// every member in the bounds is seen once, in order, across batches.
func TestEachInRangePages(t *testing.T) {
	url := os.Getenv("BEACON_TEST_REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/15"
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	s, err := Open(context.Background(), url, "beacontest:"+hex.EncodeToString(b[:])+":")
	if err != nil {
		t.Fatalf("Redis at %s: %v (make test starts one)", url, err)
	}
	ctx := context.Background()
	key := s.p + "range"
	t.Cleanup(func() { s.c.Del(ctx, key); s.Close() })
	var zs []goredis.Z
	for i := range 3*countBatch + 7 {
		zs = append(zs, goredis.Z{Member: fmt.Sprintf("m%05d", i)})
	}
	if err := s.c.ZAdd(ctx, key, zs...).Err(); err != nil {
		t.Fatal(err)
	}
	var seen []string
	batches := 0
	err = s.eachInRange(ctx, key, "[m00003", "(m01504", func(ms []string) error {
		batches++
		if len(ms) > countBatch {
			t.Errorf("a batch of %d", len(ms))
		}
		seen = append(seen, ms...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1501 || seen[0] != "m00003" || seen[len(seen)-1] != "m01503" || batches != 4 {
		t.Errorf("saw %d members (%s…%s) in %d batches, want 1501 (m00003…m01503) in 4", len(seen), seen[0], seen[len(seen)-1], batches)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Fatalf("out of order at %d: %s after %s", i, seen[i], seen[i-1])
		}
	}
}
