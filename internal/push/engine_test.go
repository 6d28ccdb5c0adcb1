package push_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/push/pushtest"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

func eachBackend(t *testing.T, fn func(t *testing.T, open storetest.Opener)) {
	for _, k := range storetest.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, k.Open)
		})
	}
}

func TestFanOutByFilterAndLanguage(t *testing.T) {
	eachBackend(t, func(t *testing.T, open storetest.Opener) {
		h := newHarness(t, open)
		want := map[string]string{} // pushtest id → expected payload language
		for i := range 12 {
			want[h.subscribe(t, "th", "info", []string{"TH"}, nil).ID] = "th"
			want[h.subscribe(t, "fr", "warning", nil, []string{"phishing"}).ID] = "en" // no French text: English
			h.subscribe(t, "en", "critical", nil, nil)                                 // severity too low for it
			h.subscribe(t, "th", "info", []string{"FR"}, nil)                          // another country
			_ = i
		}
		sender, m := h.sender(t, senderOpts{})
		e := push.NewEngine(h.st, sender, push.EngineConfig{Workers: 2, PageSize: 4, Metrics: m})
		h.run(t, e)
		job := alertJob(t, "a1", "warning", []string{"TH", "MY"}, []string{"phishing"})
		if err := e.Enqueue(context.Background(), job); err != nil {
			t.Fatal(err)
		}
		h.waitIdle(t, 20*time.Second)
		for id := range h.subs {
			got := h.svc.Received(id)
			lang, wanted := want[id]
			if !wanted {
				if len(got) != 0 {
					t.Errorf("%s got %d messages it did not ask for", id, len(got))
				}
				continue
			}
			if len(got) != 1 {
				t.Fatalf("%s got %d messages, want 1", id, len(got))
			}
			p := payloadOf(t, got[0])
			if p.Lang != lang || got[0].Urgency != "normal" || got[0].Topic != job.Topic || got[0].TTL < 47*3600 || got[0].TTL > 48*3600 {
				t.Errorf("%s: lang %s urgency %s topic %s ttl %d", id, p.Lang, got[0].Urgency, got[0].Topic, got[0].TTL)
			}
			if got[0].JWTSubject != "mailto:push@beacon.example" || got[0].JWTAudience != h.url {
				t.Errorf("%s: VAPID claims %s %s", id, got[0].JWTSubject, got[0].JWTAudience)
			}
		}
		if s := m.Sent(); int(s) != len(want) {
			t.Errorf("sent metric %v, want %d", s, len(want))
		}
		// The same job again is a no-op.
		if err := e.Enqueue(context.Background(), job); err != nil {
			t.Fatal(err)
		}
		if n, _ := h.st.PendingTasks(context.Background()); n != 0 {
			t.Errorf("re-enqueued job made %d tasks", n)
		}
	})
}

func TestRetriesAndRemovals(t *testing.T) {
	eachBackend(t, func(t *testing.T, open storetest.Opener) {
		h := newHarness(t, open)
		sub := func() *pushtest.Subscriber { return h.subscribe(t, "en", "info", nil, nil) }
		gone, throttled, flaky, bad, slow, gone404, ok := sub(), sub(), sub(), sub(), sub(), sub(), sub()
		h.svc.Gone(gone.ID)
		h.svc.Inject(throttled.ID, pushtest.Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Second, Times: 1})
		h.svc.Inject(flaky.ID, pushtest.Fault{Status: http.StatusInternalServerError, Times: 2})
		h.svc.Inject(bad.ID, pushtest.Fault{Status: http.StatusBadRequest})
		h.svc.Inject(slow.ID, pushtest.Fault{Delay: 3 * time.Second, Times: 1})
		h.svc.Inject(gone404.ID, pushtest.Fault{Status: http.StatusNotFound})

		sender, m := h.sender(t, senderOpts{timeout: 500 * time.Millisecond, retryBase: 20 * time.Millisecond})
		e := push.NewEngine(h.st, sender, push.EngineConfig{Metrics: m})
		h.run(t, e)
		start := time.Now()
		if err := e.Enqueue(context.Background(), alertJob(t, "f1", "warning", []string{"TH"}, nil)); err != nil {
			t.Fatal(err)
		}
		h.waitIdle(t, 30*time.Second)

		for name, c := range map[string]struct {
			s        *pushtest.Subscriber
			attempts int
			received int
		}{
			"410": {gone, 1, 0}, "429": {throttled, 2, 1}, "500×2": {flaky, 3, 1}, "400": {bad, 1, 0},
			"slow": {slow, 2, 1}, "404": {gone404, 1, 0}, "ok": {ok, 1, 1},
		} {
			if a, r := h.svc.Attempts(c.s.ID), len(h.svc.Received(c.s.ID)); a != c.attempts || r != c.received {
				t.Errorf("%s: %d attempts, %d received; want %d, %d", name, a, r, c.attempts, c.received)
			}
		}
		if at := h.svc.Received(throttled.ID); len(at) == 1 && at[0].At.Sub(start) < time.Second {
			t.Errorf("429 retried after %v, before its Retry-After of 1s", at[0].At.Sub(start))
		}
		n, _ := h.st.CountSubscriptions(context.Background())
		if n != 5 {
			t.Errorf("%d subscriptions left, want 5 (410 and 404 removed)", n)
		}
		if m.Removed() != 2 || m.Failed("400") != 1 || m.Retried() != 4 || m.Sent() != 4 {
			t.Errorf("metrics: removed %v failed400 %v retried %v sent %v", m.Removed(), m.Failed("400"), m.Retried(), m.Sent())
		}
	})
}

// crashingStore stops answering after a number of checkpoints, as if the
// process had been killed: nothing it holds is released.
type crashingStore struct {
	store.Backend
	left atomic.Int32
}

var errDead = errors.New("process killed")

func (c *crashingStore) dead() bool { return c.left.Load() <= 0 }

func (c *crashingStore) CheckpointTask(ctx context.Context, t *push.Task, cursor string, lease time.Duration) error {
	if c.left.Add(-1) < 0 {
		return errDead
	}
	return c.Backend.CheckpointTask(ctx, t, cursor, lease)
}

func (c *crashingStore) ClaimTask(ctx context.Context, owner string, lease time.Duration) (*push.Task, error) {
	if c.dead() {
		return nil, errDead
	}
	return c.Backend.ClaimTask(ctx, owner, lease)
}

func (c *crashingStore) ReleaseTask(context.Context, *push.Task) error { return errDead }
func (c *crashingStore) FinishTask(ctx context.Context, t *push.Task) (bool, error) {
	if c.dead() {
		return false, errDead
	}
	return c.Backend.FinishTask(ctx, t)
}

func TestResumeAfterCrash(t *testing.T) {
	eachBackend(t, func(t *testing.T, open storetest.Opener) {
		h := newHarness(t, open)
		for range 160 {
			h.subscribe(t, "en", "info", nil, nil)
		}
		const page, lease = 5, time.Second
		crashing := &crashingStore{Backend: h.st}
		crashing.left.Store(6)
		senderA, _ := h.sender(t, senderOpts{})
		a := push.NewEngine(crashing, senderA, push.EngineConfig{Owner: "a", Workers: 2, PageSize: page, Lease: lease})
		stopA := h.run(t, a)
		if err := a.Enqueue(context.Background(), alertJob(t, "c1", "warning", nil, nil)); err != nil {
			t.Fatal(err)
		}
		for !crashing.dead() {
			time.Sleep(5 * time.Millisecond)
		}
		stopA()
		before := h.svc.Count()
		if before == 0 || before >= 160 {
			t.Fatalf("the crash came after %d of 160 messages; the test needs it mid-fan-out", before)
		}

		senderB, _ := h.sender(t, senderOpts{})
		b := push.NewEngine(h.st, senderB, push.EngineConfig{Owner: "b", Lease: lease, Poll: 50 * time.Millisecond})
		h.run(t, b)
		h.waitIdle(t, 30*time.Second)
		dups := 0
		for id := range h.subs {
			n := len(h.svc.Received(id))
			if n == 0 {
				t.Fatalf("subscriber %s was skipped after the crash", id)
			}
			dups += n - 1
		}
		// Only what A sent after its last checkpoint can go out twice: at
		// most one page per worker.
		if dups > 2*page {
			t.Errorf("%d duplicates, more than the in-flight window of %d", dups, 2*page)
		}
		t.Logf("crash after %d messages; %d sent twice on resume", before, dups)
	})
}

func TestTwoEnginesShareOneFanOut(t *testing.T) {
	eachBackend(t, func(t *testing.T, open storetest.Opener) {
		h := newHarness(t, open)
		for range 200 {
			h.subscribe(t, "en", "info", nil, nil)
		}
		h.svc.Inject("", pushtest.Fault{Delay: 2 * time.Millisecond})
		var metrics []*push.Metrics
		for i := range 2 {
			s, m := h.sender(t, senderOpts{})
			metrics = append(metrics, m)
			e := push.NewEngine(h.st, s, push.EngineConfig{Owner: fmt.Sprint("node", i), Workers: 2, PageSize: 10,
				Poll: 20 * time.Millisecond})
			h.run(t, e)
		}
		if _, err := h.st.EnqueueJob(context.Background(), alertJob(t, "s1", "warning", nil, nil)); err != nil {
			t.Fatal(err)
		}
		h.waitIdle(t, 30*time.Second)
		for id := range h.subs {
			if n := len(h.svc.Received(id)); n != 1 {
				t.Errorf("%s received %d messages, want exactly 1", id, n)
			}
		}
		a, b := metrics[0].Sent(), metrics[1].Sent()
		if a == 0 || b == 0 || a+b != 200 {
			t.Errorf("node0 sent %v, node1 %v: want both to share 200", a, b)
		}
	})
}

// TestUpdateReplacesUndelivered: an update carries the alert's Topic, so a
// subscriber whose phone was offline gets only the newer version.
func TestUpdateReplacesUndelivered(t *testing.T) {
	eachBackend(t, func(t *testing.T, open storetest.Opener) {
		h := newHarness(t, open)
		offline, online := h.subscribe(t, "th", "info", nil, nil), h.subscribe(t, "th", "info", nil, nil)
		sender, _ := h.sender(t, senderOpts{})
		e := push.NewEngine(h.st, sender, push.EngineConfig{Poll: 20 * time.Millisecond})
		h.run(t, e)
		first := alertJob(t, "u1", "warning", nil, nil)
		if err := e.Enqueue(context.Background(), first); err != nil {
			t.Fatal(err)
		}
		h.waitIdle(t, 10*time.Second)
		if got := h.svc.Deliver(online.ID); len(got) != 1 {
			t.Fatalf("online subscriber got %d", len(got))
		}
		update := *first
		update.ID, update.Kind = "alert:u1:v2:update", push.KindUpdate
		if err := e.Enqueue(context.Background(), &update); err != nil {
			t.Fatal(err)
		}
		h.waitIdle(t, 10*time.Second)
		got := h.svc.Deliver(offline.ID)
		if len(got) != 1 || got[0].Topic != first.Topic || len(h.svc.Received(offline.ID)) != 2 {
			t.Fatalf("offline subscriber would see %d messages (received %d)", len(got), len(h.svc.Received(offline.ID)))
		}
		if len(h.svc.Deliver(online.ID)) != 1 {
			t.Error("the online subscriber did not get the update")
		}
	})
}
