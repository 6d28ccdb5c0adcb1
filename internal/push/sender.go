package push

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// Outcome is what became of one message.
type Outcome int

// The outcomes.
const (
	Sent   Outcome = iota // the push service accepted it
	Gone                  // 404 or 410: the subscription no longer exists
	Failed                // refused for good (400, 401, 403, 413 …) or retries ran out
)

// SenderConfig tunes delivery. Zero values take the defaults.
type SenderConfig struct {
	Transport   Transport // shared, with timeouts and the SSRF dialer (NewTransport)
	PerOrigin   int       // concurrent requests per push-service origin; default 64
	MaxAttempts int       // per message; default 5
	RetryBase   time.Duration
	RetryMax    time.Duration // cap of one wait, Retry-After included; default 5 minutes
	Metrics     *Metrics
}

// Sender encrypts and posts messages to push services.
type Sender struct {
	cfg    SenderConfig
	signer *Signer
	sleep  func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	origins map[string]chan struct{}
}

// NewSender returns a sender signing with signer.
func NewSender(signer *Signer, cfg SenderConfig) *Sender {
	if cfg.Transport == nil {
		cfg.Transport = NewTransport(nil, 0)
	}
	if cfg.PerOrigin <= 0 {
		cfg.PerOrigin = 64
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Second
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = 5 * time.Minute
	}
	return &Sender{cfg: cfg, signer: signer, sleep: sleepCtx, origins: map[string]chan struct{}{}}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// attempt is the result of one request.
type attempt struct {
	status     int // 0 for a network error
	retryAfter time.Duration
	err        error
}

func (a attempt) label() string {
	if a.status == 0 {
		return "network"
	}
	return strconv.Itoa(a.status)
}

// Send delivers job's payload to sub, retrying 429, 5xx and network errors
// with exponential backoff and jitter (at least what Retry-After asks).
func (s *Sender) Send(ctx context.Context, sub *Subscription, job *Job, now time.Time) (Outcome, error) {
	rcpt, err := NewRecipient(sub.P256dh, sub.Auth)
	if err != nil {
		s.cfg.Metrics.incFailed("keys")
		return Failed, fmt.Errorf("subscription keys: %w", err)
	}
	u, err := url.Parse(sub.Endpoint)
	if err != nil {
		s.cfg.Metrics.incFailed("endpoint")
		return Failed, fmt.Errorf("endpoint: %w", err)
	}
	origin := u.Scheme + "://" + u.Host
	payload := job.Payload(sub.Lang)
	for n := 1; ; n++ {
		a := s.post(ctx, sub.Endpoint, origin, rcpt, payload, job, now)
		switch {
		case a.status >= 200 && a.status < 300:
			s.cfg.Metrics.incSent()
			return Sent, nil
		case a.status == http.StatusNotFound || a.status == http.StatusGone:
			return Gone, nil
		case !retryable(a.status) || errors.Is(a.err, errEncrypt):
			s.cfg.Metrics.incFailed(a.label())
			return Failed, fmt.Errorf("push service answered %s: %w", a.label(), a.err)
		}
		wait := s.backoff(n, a.retryAfter)
		if n >= s.cfg.MaxAttempts || wait > s.cfg.RetryMax || ctx.Err() != nil {
			s.cfg.Metrics.incFailed(a.label())
			return Failed, fmt.Errorf("gave up after %d attempts, last %s: %w", n, a.label(), a.err)
		}
		s.cfg.Metrics.incRetried()
		if err := s.sleep(ctx, wait); err != nil {
			s.cfg.Metrics.incFailed(a.label())
			return Failed, err
		}
	}
}

var errEncrypt = errors.New("encrypt")

func retryable(status int) bool {
	return status == 0 || status == http.StatusTooManyRequests || status >= 500
}

// backoff is the wait before attempt n+1: RetryBase·2^(n-1), jittered down
// by up to half so that retries of many messages spread out, and never less
// than the push service's Retry-After.
func (s *Sender) backoff(n int, retryAfter time.Duration) time.Duration {
	d := s.cfg.RetryBase << min(n-1, 20)
	d = d/2 + rand.N(d/2+1)
	return max(d, retryAfter)
}

// post makes one request, holding one of the origin's slots while it runs.
func (s *Sender) post(ctx context.Context, endpoint, origin string, r *Recipient, payload []byte, job *Job, now time.Time) attempt {
	body, err := Encrypt(r, payload)
	if err != nil {
		return attempt{status: 400, err: fmt.Errorf("%w: %v", errEncrypt, err)}
	}
	auth, err := s.signer.Header(origin)
	if err != nil {
		return attempt{status: 400, err: fmt.Errorf("%w: %v", errEncrypt, err)}
	}
	header := [][2]string{
		{"TTL", strconv.Itoa(int(job.TTL(now).Seconds()))},
		{"Urgency", job.Urgency},
		{"Topic", job.Topic},
		{"Content-Encoding", "aes128gcm"},
		{"Content-Type", "application/octet-stream"},
		{"Authorization", auth},
	}
	slot := s.slot(origin)
	select {
	case slot <- struct{}{}:
	case <-ctx.Done():
		return attempt{err: ctx.Err()}
	}
	status, retryAfter, msg, err := s.cfg.Transport.Post(ctx, endpoint, header, body)
	<-slot
	if err != nil {
		return attempt{err: err}
	}
	a := attempt{status: status, retryAfter: parseRetryAfter(retryAfter, time.Now())}
	if status >= 300 {
		a.err = fmt.Errorf("%s", bytes.TrimSpace(msg))
	}
	return a
}

// slot returns the semaphore of an origin.
func (s *Sender) slot(origin string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.origins[origin]
	if !ok {
		c = make(chan struct{}, s.cfg.PerOrigin)
		s.origins[origin] = c
	}
	return c
}

// parseRetryAfter reads delay-seconds or an HTTP date (RFC 9110 §10.2.3).
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now))
	}
	return 0
}
