package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/push"
)

// TestSubscriptionPagePlan: a fan-out reads a shard's page as a range of
// the table's own key, with no separate index and no sort.
func TestSubscriptionPagePlan(t *testing.T) {
	s := openTest(t)
	text := queryPlan(t, s, "push-sub-page", 3, "", 200)
	if !strings.Contains(text, "SEARCH push_subscriptions USING PRIMARY KEY (shard=? AND id>?)") || strings.Contains(text, "TEMP B-TREE") {
		t.Errorf("plan %q, want a range of the primary key", text)
	}
}

// TestPushSubscriptionsMigration: subscriptions stored before migration 0006
// are all read by the fan-out after it.
func TestPushSubscriptionsMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := olderDatabase(t, path,
		"DROP TABLE push_subscriptions",
		"CREATE TABLE push_subscriptions (id TEXT PRIMARY KEY, shard INTEGER NOT NULL, endpoint TEXT NOT NULL UNIQUE, doc TEXT NOT NULL) STRICT",
		"CREATE INDEX push_subscriptions_by_shard ON push_subscriptions (shard, id)",
		"DELETE FROM schema_migrations WHERE version >= 6")
	const n = 100
	for i := range n {
		endpoint := fmt.Sprintf("https://push.example/%d", i)
		id := push.SubscriptionID(endpoint)
		doc := fmt.Sprintf(`{"endpoint":%q,"p256dh":"k","auth":"a","lang":"th"}`, endpoint)
		if _, err := db.Exec("INSERT INTO push_subscriptions (id, shard, endpoint, doc) VALUES (?, ?, ?, ?)", id, push.ShardOf(id), endpoint, doc); err != nil {
			t.Fatal(err)
		}
	}
	s := migrated(t, db, path)
	seen := 0
	for shard := range push.Shards {
		page, err := s.SubscriptionPage(ctx, shard, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range page {
			if push.ShardOf(sub.ID) != shard || !strings.HasPrefix(sub.Endpoint, "https://push.example/") {
				t.Errorf("shard %d: %+v", shard, sub)
			}
		}
		seen += len(page)
	}
	if seen != n {
		t.Errorf("%d subscriptions after the migration, want %d", seen, n)
	}
}
