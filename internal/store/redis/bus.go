package redis

import (
	"context"
	"log/slog"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Bus carries "this alert changed" between the Beacon nodes sharing one Redis,
// over pub/sub: every node drops what it cached for the alert. Pub/sub does
// not buffer, so after a (re)subscription a node forgets everything, in case
// it missed a message while disconnected.
type Bus struct {
	client  *goredis.Client
	channel string
	mu      sync.Mutex
	forget  func(string)
	log     *slog.Logger
}

// NewBus returns the change bus of the store's prefix.
func (s *Store) NewBus() *Bus {
	return &Bus{client: s.Client(), channel: s.Prefix() + "changes", log: slog.New(slog.DiscardHandler)}
}

// Publish forgets locally at once (so this node never serves a stale answer,
// even if Redis is briefly away) and tells the other nodes.
func (b *Bus) Publish(ctx context.Context, slug string) {
	b.mu.Lock()
	forget, log := b.forget, b.log
	b.mu.Unlock()
	if forget != nil {
		forget(slug)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := b.client.Publish(ctx, b.channel, slug).Err(); err != nil {
		log.Warn("change bus: publish failed; other nodes catch up within their cache lifetime", "err", err)
	}
}

// Run delivers changes to forget until ctx ends.
func (b *Bus) Run(ctx context.Context, forget func(string), log *slog.Logger) {
	b.mu.Lock()
	b.forget, b.log = forget, log
	b.mu.Unlock()
	sub := b.client.Subscribe(ctx, b.channel)
	defer sub.Close()
	ch := sub.ChannelWithSubscriptions()
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			switch m := msg.(type) {
			case *goredis.Subscription:
				if m.Kind == "subscribe" {
					forget("")
				}
			case *goredis.Message:
				forget(m.Payload)
			}
		}
	}
}
