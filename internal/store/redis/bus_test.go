package redis_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/store/redis"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

// TestBusReachesOtherNodes: a change published on one node is forgotten on another.
func TestBusReachesOtherNodes(t *testing.T) {
	storetest.RequireRedis(t)
	prefix := storetest.NewPrefix()
	t.Cleanup(func() { storetest.DeletePrefix(t, prefix) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var buses []*redis.Bus
	var got []chan string
	for range 2 {
		s, err := redis.Open(ctx, storetest.RedisURL(), prefix)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		b, ch := s.NewBus(), make(chan string, 16)
		go b.Run(ctx, func(slug string) { ch <- slug }, slog.New(slog.DiscardHandler))
		buses, got = append(buses, b), append(got, ch)
	}
	for i, ch := range got { // each node first forgets all, on subscribing
		if slug := recv(t, ch); slug != "" {
			t.Fatalf("node %d: first delivery %q, want the forget-all on subscribe", i, slug)
		}
	}
	buses[0].Publish(ctx, "fake-police-calls")
	for i, ch := range got {
		seen := map[string]int{}
		for len(seen) == 0 || (i == 0 && seen["fake-police-calls"] < 2) {
			seen[recv(t, ch)]++
		}
		if seen["fake-police-calls"] == 0 {
			t.Errorf("node %d did not hear of the change: %v", i, seen)
		}
	}
}

func recv(t *testing.T, ch chan string) string {
	t.Helper()
	select {
	case s := <-ch:
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no change delivered within 5s")
		return ""
	}
}
