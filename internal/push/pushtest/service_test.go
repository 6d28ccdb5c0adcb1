package pushtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/antifraud-alliance/beacon/internal/push/pushtest"
)

func TestSendIsDecryptedAndRecorded(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	o := e.options()
	o.TTL, o.Urgency, o.Topic = 3600, webpush.UrgencyHigh, "alert-42"
	payload := []byte(`{"title":"Fake bank calls","lang":"en"}`)

	status, h := send(t, sub, payload, o)
	if status != http.StatusCreated {
		t.Fatalf("status = %d, want 201", status)
	}
	msgs := e.svc.Received(sub.ID)
	if len(msgs) != 1 || e.svc.Count() != 1 || len(e.svc.All()) != 1 {
		t.Fatalf("recorded %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if !bytes.Equal(m.Payload, payload) {
		t.Errorf("payload = %q, want %q", m.Payload, payload)
	}
	if m.TTL != 3600 || m.Urgency != "high" || m.Topic != "alert-42" || m.Subscriber != sub.ID {
		t.Errorf("got TTL %d urgency %q topic %q subscriber %q", m.TTL, m.Urgency, m.Topic, m.Subscriber)
	}
	if m.JWTAudience != e.srv.URL || m.JWTSubject != "mailto:ops@beacon.example" {
		t.Errorf("JWT aud %q sub %q", m.JWTAudience, m.JWTSubject)
	}
	if d := time.Until(m.JWTExpiry); d <= 0 || d > 24*time.Hour {
		t.Errorf("JWT expiry in %v", d)
	}
	if loc := h.Get("Location"); loc != "/message/"+m.ID {
		t.Errorf("Location = %q, want /message/%s", loc, m.ID)
	}
}

func TestDefaultUrgencyAndEmptyPayload(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	if status, _ := send(t, sub, nil, e.options()); status != http.StatusCreated {
		t.Fatalf("status = %d", status)
	}
	m := e.svc.Received(sub.ID)[0]
	if len(m.Payload) != 0 || m.Urgency != "normal" || m.TTL != 60 {
		t.Errorf("payload %q urgency %q TTL %d", m.Payload, m.Urgency, m.TTL)
	}
}

func TestSubscriberJSON(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	var got webpush.Subscription
	if err := json.Unmarshal(sub.JSON(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Endpoint != sub.Endpoint || got.Keys.P256dh != sub.P256dh || got.Keys.Auth != sub.Auth {
		t.Errorf("JSON round trip = %+v", got)
	}
	if !strings.HasPrefix(sub.Endpoint, e.srv.URL+"/push/") {
		t.Errorf("endpoint %q", sub.Endpoint)
	}
	if _, err := e.svc.Subscribe("not a url"); err == nil {
		t.Error("Subscribe accepted a bad base URL")
	}
	if _, err := pushtest.New("%%%"); err == nil {
		t.Error("New accepted a bad VAPID key")
	}
}

func TestWrongVAPIDKeyIs403(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	other := genVAPID(t)
	o := e.options()
	o.VAPIDPublicKey, o.VAPIDPrivateKey = other.pub, other.priv
	if status, _ := send(t, sub, []byte("hi"), o); status != http.StatusForbidden {
		t.Fatalf("status = %d, want 403", status)
	}
	if e.svc.Count() != 0 {
		t.Error("a rejected message was recorded")
	}
}

func TestTamperedBodyIs400(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	o := e.options()
	o.HTTPClient = tamper{c: e.srv.Client(), body: func(b []byte) []byte {
		b[len(b)-1] ^= 1
		return b
	}}
	if status, _ := send(t, sub, []byte("hi"), o); status != http.StatusBadRequest {
		t.Fatalf("status = %d, want 400", status)
	}
	if e.svc.Count() != 0 {
		t.Error("a rejected message was recorded")
	}
}

func TestRejectedRequests(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	hour := time.Now().Add(time.Hour)
	setHeader := func(k, v string) func(http.Header) { return func(h http.Header) { h.Set(k, v) } }
	auth := func(c map[string]any) func(http.Header) {
		return setHeader("Authorization", vapidHeader(t, e.keys, c))
	}
	for _, tc := range []struct {
		name   string
		header func(http.Header)
		body   func([]byte) []byte
		want   int
	}{
		{"valid hand-made token", auth(claims(e.srv.URL, "https://beacon.example/contact", hour)), nil, 201},
		{"no TTL", func(h http.Header) { h.Del("TTL") }, nil, 400},
		{"TTL not a number", setHeader("TTL", "soon"), nil, 400},
		{"bad urgency", setHeader("Urgency", "urgent"), nil, 400},
		{"topic too long", setHeader("Topic", strings.Repeat("a", 33)), nil, 400},
		{"topic not base64url", setHeader("Topic", "a b"), nil, 400},
		{"old content encoding", setHeader("Content-Encoding", "aesgcm"), nil, 415},
		{"no authorization", func(h http.Header) { h.Del("Authorization") }, nil, 401},
		{"bearer scheme", setHeader("Authorization", "Bearer x"), nil, 401},
		{"garbage token", setHeader("Authorization", "vapid t=a.b.c, k="+e.keys.pub), nil, 401},
		{"expired", auth(claims(e.srv.URL, "mailto:a@b.example", time.Now().Add(-time.Minute))), nil, 401},
		{"exp beyond 24h", auth(claims(e.srv.URL, "mailto:a@b.example", time.Now().Add(25*time.Hour))), nil, 401},
		{"no exp", auth(map[string]any{"aud": e.srv.URL, "sub": "mailto:a@b.example"}), nil, 401},
		{"wrong audience", auth(claims("https://fcm.googleapis.com", "mailto:a@b.example", hour)), nil, 401},
		{"bad subject", auth(claims(e.srv.URL, "ops@beacon.example", hour)), nil, 401},
		{"truncated body", nil, func(b []byte) []byte { return b[:40] }, 400},
		{"too large", nil, func(b []byte) []byte { return append(b, make([]byte, 10)...) }, 413},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := e.options()
			o.HTTPClient = tamper{c: e.srv.Client(), header: tc.header, body: tc.body}
			if status, _ := send(t, sub, []byte("x"), o); status != tc.want {
				t.Errorf("status = %d, want %d", status, tc.want)
			}
		})
	}
	if n := e.svc.Count(); n != 1 {
		t.Errorf("recorded %d messages, want only the valid one", n)
	}
}

func TestUnknownEndpointIs404(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	sub.Endpoint = e.srv.URL + "/push/nobody"
	if status, _ := send(t, sub, []byte("x"), e.options()); status != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", status)
	}
}

func TestTopicReplacesUndelivered(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	o := e.options()
	o.Topic = "alert-7"
	for _, p := range []string{"v1", "v2"} {
		send(t, sub, []byte(p), o)
	}
	o.Topic = ""
	send(t, sub, []byte("other"), o)

	all := e.svc.Received(sub.ID)
	if len(all) != 3 || !all[0].Replaced || all[1].Replaced || all[2].Replaced {
		t.Fatalf("replaced flags wrong: %+v", all)
	}
	got := e.svc.Deliver(sub.ID)
	if len(got) != 2 || string(got[0].Payload) != "v2" || string(got[1].Payload) != "other" {
		t.Fatalf("Deliver = %+v", got)
	}
	if len(e.svc.Deliver(sub.ID)) != 0 {
		t.Error("Deliver returned messages twice")
	}
	o.Topic = "alert-7"
	send(t, sub, []byte("v3"), o)
	if e.svc.Received(sub.ID)[1].Replaced {
		t.Error("a delivered message was replaced")
	}
}

func TestConcurrentSends(t *testing.T) {
	e := newEnv(t)
	const subs, each = 40, 5
	var wg sync.WaitGroup
	ids := make([]string, subs)
	for i := range subs {
		sub := e.subscribe(t)
		ids[i] = sub.ID
		for j := range each {
			wg.Go(func() {
				status, _ := send(t, sub, fmt.Appendf(nil, "%d/%d", i, j), e.options())
				if status != http.StatusCreated {
					t.Errorf("status = %d", status)
				}
			})
		}
	}
	wg.Wait()
	if n := e.svc.Count(); n != subs*each {
		t.Fatalf("Count = %d, want %d", n, subs*each)
	}
	for i, id := range ids {
		msgs := e.svc.Received(id)
		if len(msgs) != each {
			t.Fatalf("subscriber %d got %d messages", i, len(msgs))
		}
		for _, m := range msgs {
			if !strings.HasPrefix(string(m.Payload), fmt.Sprintf("%d/", i)) {
				t.Errorf("subscriber %d got %q", i, m.Payload)
			}
		}
	}
}
