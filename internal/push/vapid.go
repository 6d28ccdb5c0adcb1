package push

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"

	webpush "github.com/SherClockHolmes/webpush-go"
)

// VAPIDSecretName is the name the VAPID key pair is kept under in the store.
const VAPIDSecretName = "vapid"

// VAPIDKeys is the server's VAPID key pair, base64url without padding as
// webpush-go takes them: Public is the 65-byte uncompressed P-256 point the
// browser gets as applicationServerKey, Private the 32-byte scalar.
type VAPIDKeys struct {
	Public  string `json:"public"`
	Private string `json:"private"`
}

// SecretFunc has the signature of lookup.Store.Secret: it returns the named
// secret, creating it with gen the first time, the same on every node.
type SecretFunc func(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error)

// NewVAPIDKeys generates a fresh key pair (with webpush-go).
func NewVAPIDKeys() (VAPIDKeys, error) {
	priv, pub, err := webpush.GenerateVAPIDKeys()
	return VAPIDKeys{Public: pub, Private: priv}, err
}

// LoadOrCreateVAPID returns the VAPID keys kept through secret, generating
// them the first time, so every node signs with one pair and subscriptions
// survive restarts. The stored pair is checked for consistency.
func LoadOrCreateVAPID(ctx context.Context, secret SecretFunc) (VAPIDKeys, error) {
	raw, err := secret(ctx, VAPIDSecretName, func() ([]byte, error) {
		k, err := NewVAPIDKeys()
		if err != nil {
			return nil, err
		}
		return json.Marshal(k)
	})
	if err != nil {
		return VAPIDKeys{}, fmt.Errorf("vapid keys: %w", err)
	}
	var k VAPIDKeys
	if err := json.Unmarshal(raw, &k); err != nil {
		return VAPIDKeys{}, fmt.Errorf("vapid keys: stored secret is not a key pair: %w", err)
	}
	if err := k.Validate(); err != nil {
		return VAPIDKeys{}, err
	}
	return k, nil
}

// Validate checks that Private is a P-256 scalar and Public its point.
func (k VAPIDKeys) Validate() error {
	priv, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.Private, "="))
	if err != nil {
		return fmt.Errorf("vapid keys: private key is not base64url: %w", err)
	}
	pk, err := ecdh.P256().NewPrivateKey(priv)
	if err != nil {
		return fmt.Errorf("vapid keys: private key: %w", err)
	}
	pub, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.Public, "="))
	if err != nil {
		return fmt.Errorf("vapid keys: public key is not base64url: %w", err)
	}
	if !bytes.Equal(pub, pk.PublicKey().Bytes()) {
		return errors.New("vapid keys: public key does not match the private key")
	}
	return nil
}

// ValidateSubject checks the VAPID subject (the "sub" claim), by which push
// services contact the sender: a mailto: URL with one address, or an https URL.
func ValidateSubject(s string) error {
	switch {
	case strings.HasPrefix(s, "mailto:"):
		addr := strings.TrimPrefix(s, "mailto:")
		a, err := mail.ParseAddress(addr)
		if err != nil || a.Address != addr || a.Name != "" {
			return fmt.Errorf("vapid subject %q: mailto: must be followed by one plain e-mail address", s)
		}
		return nil
	case strings.HasPrefix(s, "https://"):
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || u.Hostname() == "" || u.User != nil {
			return fmt.Errorf("vapid subject %q: not a valid https URL", s)
		}
		return nil
	}
	return fmt.Errorf("vapid subject %q: must be mailto:address or an https:// URL", s)
}
