package push

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// Signer makes the VAPID Authorization header (RFC 8292). One token serves
// every endpoint of a push-service origin until it expires, so it is signed
// once per origin and reused: signing per message would cost as much CPU as
// encrypting the message.
type Signer struct {
	key     *ecdsa.PrivateKey
	public  string // base64url, the k= parameter
	subject string
	life    time.Duration
	now     func() time.Time

	mu     sync.Mutex
	tokens map[string]signed
}

type signed struct {
	header string
	renew  time.Time
}

// tokenLife is how long a token is valid; RFC 8292 allows at most 24 hours.
// It is renewed when less than a quarter of it is left.
const tokenLife = 12 * time.Hour

// NewSigner returns a signer for keys with the contact subject (mailto: or https:).
func NewSigner(keys VAPIDKeys, subject string, now func() time.Time) (*Signer, error) {
	if err := keys.Validate(); err != nil {
		return nil, err
	}
	if err := ValidateSubject(subject); err != nil {
		return nil, err
	}
	raw, err := decodeB64URL(keys.Private)
	if err != nil {
		return nil, fmt.Errorf("vapid private key: %w", err)
	}
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw)
	if err != nil {
		return nil, fmt.Errorf("vapid private key: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	return &Signer{key: key, public: keys.Public, subject: subject, life: tokenLife, now: now,
		tokens: map[string]signed{}}, nil
}

// Header returns the Authorization header value for an endpoint origin
// ("https://host[:port]").
func (s *Signer) Header(origin string) (string, error) {
	now := s.now()
	s.mu.Lock()
	t, ok := s.tokens[origin]
	s.mu.Unlock()
	if ok && now.Before(t.renew) {
		return t.header, nil
	}
	jwt, err := s.sign(origin, now.Add(s.life))
	if err != nil {
		return "", err
	}
	t = signed{header: "vapid t=" + jwt + ", k=" + s.public, renew: now.Add(s.life * 3 / 4)}
	s.mu.Lock()
	s.tokens[origin] = t
	s.mu.Unlock()
	return t.header, nil
}

// sign makes an ES256 JWT with the audience, expiry and subject claims.
func (s *Signer) sign(aud string, exp time.Time) (string, error) {
	claims, err := json.Marshal(struct {
		Aud string `json:"aud"`
		Exp int64  `json:"exp"`
		Sub string `json:"sub"`
	}{aud, exp.Unix(), s.subject})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(`{"typ":"JWT","alg":"ES256"}`)) + "." + enc.EncodeToString(claims)
	digest := sha256.Sum256([]byte(input))
	r, sv, err := ecdsa.Sign(rand.Reader, s.key, digest[:])
	if err != nil {
		return "", fmt.Errorf("sign vapid token: %w", err)
	}
	sig := make([]byte, 64) // JWS wants r||s, each 32 bytes, not ASN.1
	r.FillBytes(sig[:32])
	sv.FillBytes(sig[32:])
	return input + "." + enc.EncodeToString(sig), nil
}
