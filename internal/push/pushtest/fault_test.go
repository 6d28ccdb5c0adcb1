package pushtest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/antifraud-alliance/beacon/internal/push/pushtest"
)

func TestGoneIs410(t *testing.T) {
	e := newEnv(t)
	sub, other := e.subscribe(t), e.subscribe(t)
	e.svc.Gone(sub.ID)
	for range 2 {
		if status, _ := send(t, sub, []byte("x"), e.options()); status != http.StatusGone {
			t.Fatalf("status = %d, want 410", status)
		}
	}
	if status, _ := send(t, other, []byte("x"), e.options()); status != http.StatusCreated {
		t.Fatalf("other subscriber: status = %d, want 201", status)
	}
	if e.svc.Count() != 1 || e.svc.Attempts(sub.ID) != 2 || e.svc.Attempts("") != 3 {
		t.Errorf("Count %d Attempts %d/%d", e.svc.Count(), e.svc.Attempts(sub.ID), e.svc.Attempts(""))
	}
}

func TestInjected410(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	e.svc.Inject(sub.ID, pushtest.Fault{Status: http.StatusGone})
	for range 3 {
		if status, _ := send(t, sub, []byte("x"), e.options()); status != http.StatusGone {
			t.Fatalf("status = %d, want 410 every time (Times 0)", status)
		}
	}
	e.svc.ClearFaults(sub.ID)
	if status, _ := send(t, sub, []byte("x"), e.options()); status != http.StatusCreated {
		t.Fatalf("after ClearFaults: status = %d", status)
	}
}

func TestRateLimitedWithRetryAfter(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	e.svc.Inject(sub.ID, pushtest.Fault{Status: http.StatusTooManyRequests, RetryAfter: 6500 * time.Millisecond, Times: 2})
	for i := range 2 {
		status, h := send(t, sub, []byte("x"), e.options())
		if status != http.StatusTooManyRequests || h.Get("Retry-After") != "7" {
			t.Fatalf("try %d: status %d Retry-After %q, want 429 and 7", i, status, h.Get("Retry-After"))
		}
	}
	if status, _ := send(t, sub, []byte("x"), e.options()); status != http.StatusCreated {
		t.Fatalf("third try: status = %d, want 201", status)
	}
	if e.svc.Count() != 1 || e.svc.Attempts(sub.ID) != 3 {
		t.Errorf("Count %d Attempts %d", e.svc.Count(), e.svc.Attempts(sub.ID))
	}
}

func TestServerErrorForEveryEndpointOnce(t *testing.T) {
	e := newEnv(t)
	a, b := e.subscribe(t), e.subscribe(t)
	e.svc.Inject("", pushtest.Fault{Status: http.StatusInternalServerError, Times: 1})
	e.svc.Inject(b.ID, pushtest.Fault{Status: http.StatusServiceUnavailable, Times: 1})
	for _, step := range []struct {
		sub  *pushtest.Subscriber
		want int
	}{
		{b, 503}, // the endpoint's own fault comes first
		{a, 500}, // then the one for every endpoint, used up here
		{a, 201},
		{b, 201},
	} {
		if status, _ := send(t, step.sub, []byte("x"), e.options()); status != step.want {
			t.Fatalf("status = %d, want %d", status, step.want)
		}
	}
}

func TestSlowAnswer(t *testing.T) {
	e := newEnv(t)
	sub := e.subscribe(t)
	const delay = 150 * time.Millisecond
	e.svc.Inject(sub.ID, pushtest.Fault{Delay: delay, Times: 1})
	start := time.Now()
	if status, _ := send(t, sub, []byte("slow"), e.options()); status != http.StatusCreated {
		t.Fatalf("status = %d, want 201 after the delay", status)
	}
	if d := time.Since(start); d < delay {
		t.Errorf("answered after %v, want at least %v", d, delay)
	}
	if e.svc.Count() != 1 {
		t.Errorf("Count = %d", e.svc.Count())
	}

	// A client that gives up before the delay ends gets a timeout.
	e.svc.Inject(sub.ID, pushtest.Fault{Delay: 5 * time.Second, Status: http.StatusInternalServerError})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	o := e.options()
	_, err := webpush.SendNotificationWithContext(ctx, []byte("x"), &webpush.Subscription{
		Endpoint: sub.Endpoint,
		Keys:     webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth},
	}, o)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
}
