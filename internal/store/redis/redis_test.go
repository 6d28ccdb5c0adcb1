package redis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/store/redis"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

func TestConformance(t *testing.T) { storetest.Run(t, storetest.Redis) }

func TestOpenRejectsBadPrefix(t *testing.T) {
	for _, p := range []string{"has space:", "star*", "what?", "set[ab]:", "tab\t", `back\slash`} {
		s, err := redis.Open(context.Background(), storetest.RedisURL(), p)
		if err == nil {
			s.Close()
			t.Errorf("prefix %q was accepted", p)
			continue
		}
		if !strings.Contains(err.Error(), "prefix") {
			t.Errorf("prefix %q: error does not say what is wrong: %v", p, err)
		}
	}
}

func TestOpenDefaultPrefix(t *testing.T) {
	storetest.RequireRedis(t)
	s, err := redis.Open(context.Background(), storetest.RedisURL(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Prefix() != redis.DefaultPrefix {
		t.Errorf("prefix %q, want %q", s.Prefix(), redis.DefaultPrefix)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
	if s.Client() == nil {
		t.Error("Client() is nil")
	}
}

func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const url = "redis://:hunter2@127.0.0.1:1/0"
	s, err := redis.Open(ctx, url, "x:")
	if err == nil {
		s.Close()
		t.Fatal("Open of a closed port succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, "127.0.0.1:1") || !strings.Contains(msg, "does not answer") {
		t.Errorf("error does not name the URL and the problem: %v", err)
	}
	if strings.Contains(msg, "hunter2") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestOpenBadURL(t *testing.T) {
	_, err := redis.Open(context.Background(), "redis://127.0.0.1:6379/notadb", "x:")
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:6379") {
		t.Errorf("bad URL: %v, want an error naming it", err)
	}
}
