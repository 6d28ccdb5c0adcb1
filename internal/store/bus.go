package store

import (
	"context"
	"log/slog"
	"sync"
)

// Bus tells every node that an alert changed, so each can drop what it cached.
// On SQLite there is one node and delivery is a function call; a backend that
// can reach other nodes (Redis) provides its own through Broadcaster.
type Bus interface {
	Publish(ctx context.Context, slug string)
	// Run delivers every published slug to forget until ctx ends. When
	// messages may have been missed (a reconnect), it calls forget("").
	Run(ctx context.Context, forget func(slug string), log *slog.Logger)
}

// Broadcaster is implemented by backends that connect several nodes.
type Broadcaster interface {
	ChangeBus() Bus
}

// NewBus returns the backend's own bus, or an in-process one.
func NewBus(b Backend) Bus {
	if bc, ok := b.(Broadcaster); ok {
		return bc.ChangeBus()
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
