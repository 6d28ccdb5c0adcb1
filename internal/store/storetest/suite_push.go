package storetest

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/store"
)

// pushTests are the conformance tests of push.Store.
var pushTests = []struct {
	name string
	fn   func(*testing.T, store.Backend)
}{
	{"PushSubscriptions", testPushSubscriptions},
	{"PushSubscriptionPaging", testPushPaging},
	{"PushJobQueue", testPushQueue},
	{"PushLeaseTakeover", testPushLease},
	{"PushRelease", testPushRelease},
	{"PushConcurrentClaims", testPushConcurrentClaims},
}

// NewSubscription returns a valid subscription with fresh keys.
func NewSubscription(t testing.TB, endpoint string) push.Subscription {
	t.Helper()
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	_, _ = rand.Read(auth)
	return push.Subscription{ID: push.SubscriptionID(endpoint), Endpoint: endpoint,
		P256dh: base64.RawURLEncoding.EncodeToString(k.PublicKey().Bytes()), Auth: base64.RawURLEncoding.EncodeToString(auth),
		Lang: "th", Regions: []string{"TH"}, MinSeverity: "advisory", CreatedAt: base}
}

func testPushSubscriptions(t *testing.T, s store.Backend) {
	ctx := context.Background()
	sub := NewSubscription(t, "https://fcm.googleapis.com/fcm/send/abc")
	if created, err := s.SaveSubscription(ctx, sub); err != nil || !created {
		t.Fatalf("first save: created=%v err=%v", created, err)
	}
	sub.Typologies, sub.Reports = []string{"phishing"}, true
	if created, err := s.SaveSubscription(ctx, sub); err != nil || created {
		t.Fatalf("second save: created=%v err=%v", created, err)
	}
	page, err := s.SubscriptionPage(ctx, push.ShardOf(sub.ID), "", 10)
	if err != nil || len(page) != 1 {
		t.Fatalf("page: %v %v", page, err)
	}
	if got := page[0]; got.ID != sub.ID || got.P256dh != sub.P256dh || got.Auth != sub.Auth || !got.Reports ||
		!slices.Equal(got.Typologies, sub.Typologies) || got.Lang != "th" || !got.CreatedAt.Equal(base) {
		t.Errorf("stored %+v, want %+v", got, sub)
	}
	if n, _ := s.CountSubscriptions(ctx); n != 1 {
		t.Errorf("count = %d, want 1", n)
	}
	if found, err := s.DeleteSubscription(ctx, sub.Endpoint); err != nil || !found {
		t.Fatalf("delete: found=%v err=%v", found, err)
	}
	if found, err := s.DeleteSubscription(ctx, sub.Endpoint); err != nil || found {
		t.Fatalf("delete again: found=%v err=%v", found, err)
	}
	if n, _ := s.CountSubscriptions(ctx); n != 0 {
		t.Errorf("count after delete = %d", n)
	}
}

func testPushPaging(t *testing.T, s store.Backend) {
	ctx := context.Background()
	want := map[string]bool{}
	for i := range 60 {
		sub := NewSubscription(t, fmt.Sprintf("https://fcm.googleapis.com/fcm/send/%d", i))
		if _, err := s.SaveSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
		want[sub.ID] = true
	}
	got := map[string]bool{}
	for shard := range push.Shards {
		after := ""
		for {
			page, err := s.SubscriptionPage(ctx, shard, after, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, p := range page {
				if p.ID <= after || push.ShardOf(p.ID) != shard || got[p.ID] {
					t.Fatalf("shard %d after %q: out of order, wrong shard or repeated: %s", shard, after, p.ID)
				}
				got[p.ID] = true
				after = p.ID
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("paged %d subscriptions, stored %d", len(got), len(want))
	}
}

func newJob(id string) *push.Job {
	return &push.Job{ID: id, Kind: push.KindAlert, Subject: "alert:x", Filter: push.Filter{Severity: "warning"},
		Urgency: "normal", Topic: push.TopicOf("alert:x"), Expires: base.Add(time.Hour), CreatedAt: base,
		Payloads: map[string][]byte{"en": []byte(`{"title":"t"}`)}}
}

func testPushQueue(t *testing.T, s store.Backend) {
	ctx := context.Background()
	j := newJob("alert:a:v1:alert")
	if added, err := s.EnqueueJob(ctx, j); err != nil || !added {
		t.Fatalf("enqueue: %v %v", added, err)
	}
	if added, err := s.EnqueueJob(ctx, j); err != nil || added {
		t.Fatalf("enqueue twice: added=%v err=%v", added, err)
	}
	got, err := s.Job(ctx, j.ID)
	if err != nil || got.Topic != j.Topic || string(got.Payloads["en"]) != `{"title":"t"}` || !got.CreatedAt.Equal(base) {
		t.Fatalf("job read back %+v, %v", got, err)
	}
	if n, _ := s.PendingTasks(ctx); n != push.Shards {
		t.Errorf("pending = %d, want %d", n, push.Shards)
	}
	var tasks []*push.Task
	for {
		tk, err := s.ClaimTask(ctx, "a", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if tk == nil {
			break
		}
		tasks = append(tasks, tk)
	}
	if len(tasks) != push.Shards {
		t.Fatalf("claimed %d tasks, want %d", len(tasks), push.Shards)
	}
	lasts := 0
	for i, tk := range tasks {
		if tk.Job != j.ID || tk.Cursor != "" || tk.Claims != 1 {
			t.Errorf("task %+v", tk)
		}
		if err := s.CheckpointTask(ctx, tk, "c", time.Minute); err != nil {
			t.Fatal(err)
		}
		last, err := s.FinishTask(ctx, tk)
		if err != nil {
			t.Fatal(err)
		}
		if last {
			lasts++
			if i != len(tasks)-1 {
				t.Errorf("task %d of %d reported last", i, len(tasks))
			}
		}
	}
	if lasts != 1 {
		t.Errorf("%d tasks reported last, want 1", lasts)
	}
	if _, err := s.Job(ctx, j.ID); !errors.Is(err, push.ErrNotFound) {
		t.Errorf("done job read: %v, want ErrNotFound", err)
	}
	if added, _ := s.EnqueueJob(ctx, j); added {
		t.Error("a finished job was enqueued again")
	}
	if n, _ := s.PendingTasks(ctx); n != 0 {
		t.Errorf("pending after finish = %d", n)
	}
}

// claimOne claims a task for owner or fails the test.
func claimOne(t *testing.T, s store.Backend, owner string, lease time.Duration) *push.Task {
	t.Helper()
	tk, err := s.ClaimTask(context.Background(), owner, lease)
	if err != nil || tk == nil {
		t.Fatalf("claim by %s: %v %v", owner, tk, err)
	}
	return tk
}

func testPushLease(t *testing.T, s store.Backend) {
	ctx := context.Background()
	j := newJob("alert:b:v1:alert")
	if _, err := s.EnqueueJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	// Every other task is held for an hour, so b can only ever take a's.
	// a's lease is long enough that a loaded machine does not end it
	// before b's first attempt.
	const lease = 2 * time.Second
	a := claimOne(t, s, "a", lease)
	if err := s.CheckpointTask(ctx, a, "m", lease); err != nil {
		t.Fatal(err)
	}
	renewed := time.Now()
	for range push.Shards - 1 {
		claimOne(t, s, "holder", time.Hour)
	}
	if tk, _ := s.ClaimTask(ctx, "b", lease); tk != nil && time.Since(renewed) < lease {
		t.Fatalf("b claimed %d/%s while a's lease ran", tk.Shard, tk.Job)
	}
	time.Sleep(time.Until(renewed.Add(lease + 300*time.Millisecond)))
	b := claimOne(t, s, "b", lease)
	if b.Shard != a.Shard || b.Cursor != "m" || b.Claims != 2 {
		t.Fatalf("takeover = %+v, want shard %d at cursor m, claim 2", b, a.Shard)
	}
	if err := s.CheckpointTask(ctx, a, "n", time.Minute); !errors.Is(err, push.ErrLeaseLost) {
		t.Errorf("checkpoint by the old owner: %v, want ErrLeaseLost", err)
	}
	if _, err := s.FinishTask(ctx, a); !errors.Is(err, push.ErrLeaseLost) {
		t.Errorf("finish by the old owner: %v, want ErrLeaseLost", err)
	}
	if err := s.ReleaseTask(ctx, a); !errors.Is(err, push.ErrLeaseLost) {
		t.Errorf("release by the old owner: %v, want ErrLeaseLost", err)
	}
	if _, err := s.FinishTask(ctx, b); err != nil {
		t.Errorf("finish by the new owner: %v", err)
	}
}

func testPushRelease(t *testing.T, s store.Backend) {
	ctx := context.Background()
	if _, err := s.EnqueueJob(ctx, newJob("alert:c:v1:alert")); err != nil {
		t.Fatal(err)
	}
	a := claimOne(t, s, "a", time.Hour)
	for range push.Shards - 1 {
		claimOne(t, s, "holder", time.Hour)
	}
	if err := s.CheckpointTask(ctx, a, "k", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseTask(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := claimOne(t, s, "b", time.Hour)
	if b.Shard != a.Shard || b.Cursor != "k" {
		t.Fatalf("after release b got %+v, want shard %d at k", b, a.Shard)
	}
}

func testPushConcurrentClaims(t *testing.T, s store.Backend) {
	ctx := context.Background()
	for i := range 3 {
		if _, err := s.EnqueueJob(ctx, newJob(fmt.Sprintf("alert:d%d:v1:alert", i))); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for {
				tk, err := s.ClaimTask(ctx, fmt.Sprint("w", w), time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if tk == nil {
					return
				}
				mu.Lock()
				seen[fmt.Sprint(tk.Job, "/", tk.Shard)]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 3*push.Shards {
		t.Errorf("claimed %d distinct tasks, want %d", len(seen), 3*push.Shards)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("task %s claimed %d times", k, n)
		}
	}
}
