// Package push holds Web Push for Beacon: VAPID keys, subscriptions and their
// validation, the SSRF-safe endpoint policy, payloads and delivery.
package push

import (
	"bytes"
	"crypto/ecdh"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/iso3166"
	"github.com/antifraud-alliance/beacon/internal/langs"
	"github.com/antifraud-alliance/beacon/internal/valid"
)

// Limits on a subscription's filters.
const (
	MaxRegions    = 60
	MaxTypologies = 14
	MaxEndpoint   = 2048 // bytes; real push endpoints are a few hundred
	// DefaultMinSeverity applies when a subscriber does not choose one.
	DefaultMinSeverity = alerts.SeverityAdvisory
)

// Subscription is one browser's push subscription and what it wants to get.
// Regions and Typologies empty mean "all".
type Subscription struct {
	ID          string // SubscriptionID(Endpoint), set by the store
	Endpoint    string
	P256dh      string // base64url, uncompressed P-256 point of the user agent
	Auth        string // base64url, 16-byte authentication secret
	Lang        string
	Regions     []string
	Typologies  []string
	MinSeverity string
	Reports     bool // also wants trend reports
	CreatedAt   time.Time
}

// Keys are the keys object of a PushSubscription, as the browser gives it.
type Keys struct {
	P256dh string `json:"p256dh"`
	Auth   string `json:"auth"`
}

// subscriptionJSON is the API shape: endpoint, keys{p256dh, auth}, lang, regions,
// typologies, minSeverity, reports (and createdAt in responses).
type subscriptionJSON struct {
	Endpoint    string    `json:"endpoint"`
	Keys        Keys      `json:"keys"`
	Lang        string    `json:"lang,omitempty"`
	Regions     []string  `json:"regions,omitempty"`
	Typologies  []string  `json:"typologies,omitempty"`
	MinSeverity string    `json:"minSeverity,omitempty"`
	Reports     bool      `json:"reports"`
	CreatedAt   time.Time `json:"createdAt,omitzero"`
	// ExpirationTime comes with PushSubscription.toJSON(); push services
	// that expire subscriptions answer 404 or 410, which removes them.
	ExpirationTime *float64 `json:"expirationTime,omitempty"`
}

// MarshalJSON writes the API shape.
func (s Subscription) MarshalJSON() ([]byte, error) {
	return json.Marshal(subscriptionJSON{s.Endpoint, Keys{s.P256dh, s.Auth}, s.Lang,
		s.Regions, s.Typologies, s.MinSeverity, s.Reports, s.CreatedAt, nil})
}

// UnmarshalJSON reads the API shape, refusing unknown fields.
func (s *Subscription) UnmarshalJSON(b []byte) error {
	var w subscriptionJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	*s = w.subscription(SubscriptionID(w.Endpoint))
	return nil
}

// DecodeStored reads a subscription a store wrote with json.Marshal. It
// skips the unknown-field check of UnmarshalJSON, which is for what clients
// send, because fan-out decodes every stored subscription and the check
// would double the cost.
// The store passes the id it keeps the subscription under.
func DecodeStored(id string, b []byte) (Subscription, error) {
	var w subscriptionJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return Subscription{}, err
	}
	return w.subscription(id), nil
}

func (w *subscriptionJSON) subscription(id string) Subscription {
	return Subscription{id, w.Endpoint, w.Keys.P256dh, w.Keys.Auth, w.Lang,
		w.Regions, w.Typologies, w.MinSeverity, w.Reports, w.CreatedAt}
}

// FieldError and ValidationError are the shared field errors of internal/valid.
type (
	FieldError      = valid.FieldError
	ValidationError = valid.Errors
)

// ValidateKeys checks that keys.p256dh is an uncompressed point on P-256 and
// keys.auth a 16-byte secret, both base64url with or without padding. Without
// them no payload could be encrypted for the subscriber.
func (s *Subscription) ValidateKeys() error {
	v := &ValidationError{What: "subscription"}
	s.validateKeys(v)
	return v.Err()
}

func (s *Subscription) validateKeys(v *ValidationError) {
	if p, err := decodeB64URL(s.P256dh); err != nil {
		v.Add("keys.p256dh", "must be base64url: %v", err)
	} else if len(p) != 65 || p[0] != 4 {
		v.Add("keys.p256dh", "must be a 65-byte uncompressed P-256 point (got %d bytes)", len(p))
	} else if _, err := ecdh.P256().NewPublicKey(p); err != nil {
		v.Add("keys.p256dh", "is not a point on the P-256 curve")
	}
	if a, err := decodeB64URL(s.Auth); err != nil {
		v.Add("keys.auth", "must be base64url: %v", err)
	} else if len(a) != 16 {
		v.Add("keys.auth", "must be 16 bytes (got %d)", len(a))
	}
}

// decodeB64URL decodes base64url with or without '=' padding.
func decodeB64URL(s string) ([]byte, error) {
	if s == "" {
		return nil, fmt.Errorf("empty")
	}
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// Validate fills defaults (lang "en", minSeverity "advisory") and checks every
// field except the endpoint's reachability, which EndpointPolicy.Check owns;
// here the endpoint only has to be present and bounded. It reports every
// invalid field as a *ValidationError.
func (s *Subscription) Validate() error {
	v := &ValidationError{What: "subscription"}
	switch {
	case s.Endpoint == "":
		v.Add("endpoint", "is required")
	case len(s.Endpoint) > MaxEndpoint:
		v.Add("endpoint", "at most %d bytes", MaxEndpoint)
	}
	s.validateKeys(v)
	if s.Lang == "" {
		s.Lang = langs.Default
	} else if !langs.Supported(s.Lang) {
		v.Add("lang", "must be one of %s (got %q)", strings.Join(langs.All(), ", "), s.Lang)
	}
	checkSet(v, "regions", s.Regions, MaxRegions, iso3166.Valid,
		"must be an upper-case ISO 3166-1 alpha-2 code")
	checkSet(v, "typologies", s.Typologies, MaxTypologies,
		func(t string) bool { return slices.Contains(alerts.Typologies, t) },
		"is not a known typology")
	if s.MinSeverity == "" {
		s.MinSeverity = string(DefaultMinSeverity)
	} else if alerts.Severity(s.MinSeverity).Rank() == 0 {
		v.Add("minSeverity", "must be one of info, advisory, warning, critical (got %q)", s.MinSeverity)
	}
	return v.Err()
}

// checkSet bounds a filter list and checks each value once.
func checkSet(v *ValidationError, field string, vals []string, max int, ok func(string) bool, bad string) {
	if len(vals) > max {
		v.Add(field, "at most %d values", max)
		return
	}
	seen := map[string]bool{}
	for i, s := range vals {
		f := field + "[" + strconv.Itoa(i) + "]"
		if !ok(s) {
			v.Add(f, "%q %s", s, bad)
		} else if seen[s] {
			v.Add(f, "%q is listed twice", s)
		}
		seen[s] = true
	}
}
