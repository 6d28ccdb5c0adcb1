// Package pushtest is a local Web Push service for tests and demos.
//
// A Service plays the part of a browser vendor's push service (RFC 8030). It
// hands out subscriptions whose endpoints point at itself, accepts push
// requests on POST /push/{id}, verifies the VAPID token (RFC 8292), decrypts
// the aes128gcm payload (RFC 8188, RFC 8291) with the subscriber's private
// key and records what arrived. Faults (410, 429 with Retry-After, 500, slow
// answers) can be injected per endpoint or for every endpoint.
//
// Typical use:
//
//	svc, _ := pushtest.New(vapidPublicKey)
//	srv := httptest.NewServer(svc)
//	sub, _ := svc.Subscribe(srv.URL)
//	// ... store sub.Endpoint, sub.P256dh, sub.Auth as a subscription, send ...
//	msgs := svc.Received(sub.ID)
//
// Answers: 201 Created with a Location header when the message was decrypted
// and recorded; 400 for malformed headers or a body that does not decrypt;
// 401 for a missing or invalid VAPID token; 403 when the token's key is not
// the configured VAPID public key; 404 for unknown subscriptions; 410 for
// subscriptions marked Gone; 413 for bodies over 4096 bytes; 415 when
// Content-Encoding is not aes128gcm. Only 201 answers record a Message.
//
// Topics (RFC 8030 §5.4): a message with a Topic replaces an undelivered
// earlier message with the same Topic for the same subscriber. Both are kept
// by Received and All; the earlier one has Replaced set. Deliver returns what
// a browser would now receive (undelivered, not replaced) and marks it
// delivered, after which a later message with that Topic replaces nothing.
package pushtest

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Service is a local push service. It is an http.Handler and safe for
// concurrent use.
type Service struct {
	// DecryptEvery, when above 1, decrypts only every n-th accepted message
	// (the others are recorded with a nil Payload): for load tests, where
	// decrypting in the same process would halve what the sender measures.
	// Set it before the first request.
	DecryptEvery int

	vapidKey []byte // uncompressed P-256 point
	mux      *http.ServeMux
	tokens   sync.Map // verified Authorization header + origin → vapidClaims

	mu       sync.Mutex
	subs     map[string]*Subscriber
	gone     map[string]bool
	faults   map[string][]*faultState // "" = every endpoint
	attempts map[string]int
	msgs     []*Message
	bySub    map[string][]*Message
	accepted int
}

// Subscriber is one push subscription handed out by Subscribe. Endpoint,
// P256dh and Auth are what PushSubscription.toJSON() gives a web page
// (keys in unpadded base64url).
type Subscriber struct {
	ID       string // the {id} in Endpoint
	Endpoint string
	P256dh   string
	Auth     string

	priv *ecdh.PrivateKey
	auth []byte
}

// JSON returns the subscription as PushSubscription.toJSON() serialises it.
func (s *Subscriber) JSON() []byte {
	b, _ := json.Marshal(map[string]any{
		"endpoint":       s.Endpoint,
		"expirationTime": nil,
		"keys":           map[string]string{"p256dh": s.P256dh, "auth": s.Auth},
	})
	return b
}

// Message is one push message that was accepted and decrypted.
type Message struct {
	ID          string // last path element of the Location header
	Subscriber  string // the subscriber's ID
	Payload     []byte // decrypted, padding removed
	TTL         int
	Urgency     string // "normal" when the request had no Urgency header
	Topic       string
	At          time.Time
	JWTAudience string
	JWTSubject  string
	JWTExpiry   time.Time
	Replaced    bool // a later message with the same Topic replaced it before delivery
	Delivered   bool // returned by Deliver
}

// Fault makes the service misbehave. Delay is waited first (or until the
// client gives up); then, if Status is non-zero, the request is answered with
// Status (and a Retry-After header in whole seconds, rounded up, when
// RetryAfter > 0) instead of being processed. Times is how many requests the
// fault applies to; 0 means every request until cleared.
type Fault struct {
	Status     int
	RetryAfter time.Duration
	Delay      time.Duration
	Times      int
}

type faultState struct {
	Fault
	used int
}

// New returns a Service that accepts VAPID tokens signed by the key pair
// whose public key is vapidPublicKey (base64url, padded or not, of the
// uncompressed P-256 point, as webpush.GenerateVAPIDKeys returns it).
func New(vapidPublicKey string) (*Service, error) {
	key, err := decodeB64URL(vapidPublicKey)
	if err != nil {
		return nil, fmt.Errorf("pushtest: VAPID public key: %w", err)
	}
	if _, err := ecdh.P256().NewPublicKey(key); err != nil {
		return nil, fmt.Errorf("pushtest: VAPID public key: %w", err)
	}
	s := &Service{
		vapidKey: key,
		mux:      http.NewServeMux(),
		subs:     map[string]*Subscriber{},
		gone:     map[string]bool{},
		faults:   map[string][]*faultState{},
		attempts: map[string]int{},
		bySub:    map[string][]*Message{},
	}
	s.mux.HandleFunc("POST /push/{id}", s.handlePush)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Subscribe creates a subscriber with endpoint baseURL+"/push/<random id>", a
// fresh P-256 key pair and a 16-byte auth secret. baseURL is where the
// Service is reachable, such as an httptest.Server's URL.
func (s *Service) Subscribe(baseURL string) (*Subscriber, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("pushtest: base URL %q is not an http(s) URL", baseURL)
	}
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	auth := make([]byte, 16)
	if _, err := rand.Read(auth); err != nil {
		return nil, err
	}
	id := randomID()
	sub := &Subscriber{
		ID:       id,
		Endpoint: strings.TrimRight(baseURL, "/") + "/push/" + id,
		P256dh:   base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes()),
		Auth:     base64.RawURLEncoding.EncodeToString(auth),
		priv:     priv,
		auth:     auth,
	}
	s.mu.Lock()
	s.subs[id] = sub
	s.mu.Unlock()
	return sub, nil
}

// Received returns copies of the messages recorded for one subscriber, in
// arrival order, replaced ones included.
func (s *Service) Received(endpointID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, len(s.bySub[endpointID]))
	for _, m := range s.bySub[endpointID] {
		c := *m
		c.Payload = append([]byte(nil), m.Payload...)
		out = append(out, c)
	}
	return out
}

// All returns copies of every recorded message, in arrival order.
func (s *Service) All() []Message {
	return s.collect(func(*Message) bool { return true }, false)
}

// Count returns how many messages were recorded, replaced ones included.
func (s *Service) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.msgs)
}

// Deliver returns the subscriber's messages that a browser coming online now
// would receive (not yet delivered and not replaced) and marks them delivered.
func (s *Service) Deliver(endpointID string) []Message {
	return s.collect(func(m *Message) bool {
		return m.Subscriber == endpointID && !m.Delivered && !m.Replaced
	}, true)
}

func (s *Service) collect(match func(*Message) bool, deliver bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.msgs {
		if match(m) {
			if deliver {
				m.Delivered = true
			}
			c := *m
			c.Payload = append([]byte(nil), m.Payload...)
			out = append(out, c)
		}
	}
	return out
}

// Attempts returns how many push requests reached a known subscriber's
// endpoint, whatever the answer (faults included); "" counts all endpoints.
func (s *Service) Attempts(endpointID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if endpointID != "" {
		return s.attempts[endpointID]
	}
	n := 0
	for _, a := range s.attempts {
		n += a
	}
	return n
}

// Inject adds a fault for one endpoint ID, or for every endpoint when
// endpointID is "". Faults are used in the order injected; an endpoint's own
// faults come before the ones for every endpoint.
func (s *Service) Inject(endpointID string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[endpointID] = append(s.faults[endpointID], &faultState{Fault: f})
}

// ClearFaults removes the faults injected for endpointID ("" = the faults for
// every endpoint).
func (s *Service) ClearFaults(endpointID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.faults, endpointID)
}

// Gone makes the subscription answer 410 Gone from now on, as when the user
// unsubscribed.
func (s *Service) Gone(endpointID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[endpointID] = true
}

// takeFault returns the fault that applies to the next request to id, if any,
// and uses it up once.
func (s *Service) takeFault(id string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range []string{id, ""} {
		list := s.faults[key]
		if len(list) == 0 {
			continue
		}
		f := list[0]
		f.used++
		if f.Times > 0 && f.used >= f.Times {
			s.faults[key] = list[1:]
		}
		return f.Fault, true
	}
	return Fault{}, false
}

func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeB64URL decodes base64url with or without padding.
func decodeB64URL(s string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, errors.New("not base64url")
	}
	return b, nil
}
