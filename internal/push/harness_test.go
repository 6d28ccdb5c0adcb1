package push_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/push/pushtest"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

// harness is a store, a local push service and a sender that may reach it.
type harness struct {
	st   store.Backend
	svc  *pushtest.Service
	url  string
	keys push.VAPIDKeys
	subs map[string]*pushtest.Subscriber // by pushtest id
}

func newHarness(t *testing.T, open storetest.Opener) *harness {
	t.Helper()
	st := open(t)
	keys, err := push.LoadOrCreateVAPID(context.Background(), st.Secret)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := pushtest.New(keys.Public)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc)
	t.Cleanup(srv.Close)
	return &harness{st: st, svc: svc, url: srv.URL, keys: keys, subs: map[string]*pushtest.Subscriber{}}
}

// subscribe registers a subscriber at the push service and stores its subscription.
func (h *harness) subscribe(t *testing.T, lang, minSeverity string, regions, typologies []string) *pushtest.Subscriber {
	t.Helper()
	ps, err := h.svc.Subscribe(h.url)
	if err != nil {
		t.Fatal(err)
	}
	sub := push.Subscription{Endpoint: ps.Endpoint, P256dh: ps.P256dh, Auth: ps.Auth, Lang: lang,
		MinSeverity: minSeverity, Regions: regions, Typologies: typologies, CreatedAt: time.Now()}
	if err := sub.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.SaveSubscription(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	h.subs[ps.ID] = ps
	return ps
}

type senderOpts struct {
	timeout   time.Duration
	retryBase time.Duration
}

func (h *harness) sender(t *testing.T, o senderOpts) (*push.Sender, *push.Metrics) {
	t.Helper()
	signer, err := push.NewSigner(h.keys, "mailto:push@beacon.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	m := push.NewMetrics(prometheus.NewRegistry(), h.st.PendingTasks)
	return push.NewSender(signer, push.SenderConfig{Transport: push.NewTransport(&push.EndpointPolicy{AllowLocal: true}, o.timeout),
		RetryBase: max(o.retryBase, 10*time.Millisecond), Metrics: m}), m
}

// run starts an engine until the test ends or stop is called.
func (h *harness) run(t *testing.T, e *push.Engine) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Run(ctx); close(done) }()
	stop = func() { cancel(); <-done }
	t.Cleanup(stop)
	return stop
}

// waitIdle waits until no task is left.
func (h *harness) waitIdle(t *testing.T, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if n, err := h.st.PendingTasks(context.Background()); err == nil && n == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	n, _ := h.st.PendingTasks(context.Background())
	t.Fatalf("%d tasks still pending after %v", n, within)
}

func payloadOf(t *testing.T, m pushtest.Message) push.Payload {
	t.Helper()
	var p push.Payload
	if err := json.Unmarshal(m.Payload, &p); err != nil {
		t.Fatalf("payload %q: %v", m.Payload, err)
	}
	return p
}

func alertJob(t *testing.T, id, severity string, regions, typologies []string) *push.Job {
	t.Helper()
	now := time.Now()
	src := push.Source{Subject: "alert:" + id, Path: "/alerts/" + id, Kind: push.KindAlert, Severity: "warning",
		Texts: map[string]push.Text{"en": {Title: "Fake bank calls " + id, Summary: "Hang up."},
			"th": {Title: "โทรปลอมจากธนาคาร " + id, Summary: "วางสาย"}}}
	payloads, err := push.BuildPayloads(src, "https://beacon.example", push.Texts{})
	if err != nil {
		t.Fatal(err)
	}
	return &push.Job{ID: "alert:" + id + ":v1:alert", Kind: push.KindAlert, Subject: src.Subject,
		Filter:  push.Filter{Severity: severity, Regions: regions, Typologies: typologies},
		Urgency: "normal", Topic: push.TopicOf(src.Subject), Expires: now.Add(48 * time.Hour), CreatedAt: now,
		Payloads: payloads}
}
