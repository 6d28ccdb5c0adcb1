package store

import (
	"context"
	"log/slog"
	"sync"

	"github.com/antifraud-alliance/beacon/internal/store/redis"
)

// Bus tells every node that an alert changed, so each can drop what it cached.
// On SQLite there is one node and delivery is a function call; on Redis it
// goes over pub/sub to every node.
type Bus interface {
	Publish(ctx context.Context, slug string)
	// Run delivers every published slug to forget until ctx ends. When
	// messages may have been missed (a reconnect), it calls forget("").
	Run(ctx context.Context, forget func(slug string), log *slog.Logger)
}

// NewBus returns the bus that reaches every node sharing the backend.
func NewBus(b Backend) Bus {
	if r, ok := b.(*redis.Store); ok {
		return r.NewBus()
	}
	return &localBus{}
}

type localBus struct {
	mu     sync.Mutex
	forget func(string)
}

func (l *localBus) Publish(_ context.Context, slug string) {
	l.mu.Lock()
	f := l.forget
	l.mu.Unlock()
	if f != nil {
		f(slug)
	}
}

func (l *localBus) Run(ctx context.Context, forget func(string), _ *slog.Logger) {
	l.mu.Lock()
	l.forget = forget
	l.mu.Unlock()
	<-ctx.Done()
}
