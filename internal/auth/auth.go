// Package auth issues and checks the API's bearer tokens. A token is shown to
// its holder once; only its SHA-256 hash is stored. Tokens carry 256 random
// bits, so a fast hash is enough: there is nothing to brute-force.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/iso3166"
)

// Role orders what a token may do: each role can do all the lower ones can.
type Role int

// The roles, lowest first.
const (
	RoleNone Role = iota
	RoleAuthor
	RoleReviewer
	RoleAdmin
)

var roleNames = map[Role]string{RoleAuthor: "author", RoleReviewer: "reviewer", RoleAdmin: "admin"}

func (r Role) String() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return "none"
}

// ParseRole turns "author", "reviewer" or "admin" into a Role.
func ParseRole(s string) (Role, error) {
	for r, n := range roleNames {
		if n == s {
			return r, nil
		}
	}
	return RoleNone, fmt.Errorf("unknown role %q (want author, reviewer or admin)", s)
}

// Token is a stored token: never the secret itself.
type Token struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Role      string     `json:"role"`
	Agency    string     `json:"agency"`
	Hash      string     `json:"hash"`
	CreatedAt time.Time  `json:"createdAt"`
	RevokedAt *time.Time `json:"revokedAt,omitempty"`
}

// Principal is who is making an API call.
type Principal struct {
	ID     string
	Name   string
	Role   Role
	Agency string
}

// Store keeps tokens. CreateToken and RevokeToken append e to the audit log atomically.
type Store interface {
	CreateToken(ctx context.Context, t Token, e audit.Entry) error
	TokenByHash(ctx context.Context, hash string) (Token, error)
	ListTokens(ctx context.Context) ([]Token, error)
	RevokeToken(ctx context.Context, id string, at time.Time, e audit.Entry) error
}

// Errors the store and service return.
var (
	ErrNotFound     = errors.New("token not found")
	ErrUnauthorized = errors.New("missing, unknown or revoked token")
)

const tokenPrefix = "bcn_"

// Service issues and checks tokens.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a token service over store; now is the clock (time.Now if nil).
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Issue creates a token and returns its secret, which is not kept anywhere.
func (s *Service) Issue(ctx context.Context, name string, role Role, agency string) (string, Token, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", Token{}, errors.New("name must be 1 to 100 characters")
	}
	if role == RoleNone {
		return "", Token{}, errors.New("a role is required")
	}
	if !iso3166.Valid(agency) {
		return "", Token{}, fmt.Errorf("agency %q is not an ISO 3166-1 alpha-2 country code", agency)
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", Token{}, fmt.Errorf("read random: %w", err)
	}
	plain := tokenPrefix + base64.RawURLEncoding.EncodeToString(secret)
	now := s.now().UTC()
	t := Token{ID: ids.New(now), Name: name, Role: role.String(), Agency: agency, Hash: Hash(plain), CreatedAt: now}
	e := audit.Entry{At: now, Actor: "cli", ActorName: "beacon token", Action: "token.create", Subject: "token:" + t.ID,
		Reason: fmt.Sprintf("%s (%s, %s)", name, t.Role, agency)}
	if err := s.store.CreateToken(ctx, t, e); err != nil {
		return "", Token{}, fmt.Errorf("store token: %w", err)
	}
	return plain, t, nil
}

// Authenticate finds the live token matching the secret.
func (s *Service) Authenticate(ctx context.Context, plain string) (Principal, error) {
	if !strings.HasPrefix(plain, tokenPrefix) || len(plain) > 100 {
		return Principal{}, ErrUnauthorized
	}
	h := Hash(plain)
	t, err := s.store.TokenByHash(ctx, h)
	if errors.Is(err, ErrNotFound) {
		return Principal{}, ErrUnauthorized
	}
	if err != nil {
		return Principal{}, fmt.Errorf("look up token: %w", err)
	}
	// The index lookup already matched; compare again in constant time so the
	// decision never depends on a byte-by-byte comparison of secret material.
	if subtle.ConstantTimeCompare([]byte(t.Hash), []byte(h)) != 1 || t.RevokedAt != nil {
		return Principal{}, ErrUnauthorized
	}
	role, err := ParseRole(t.Role)
	if err != nil {
		return Principal{}, fmt.Errorf("token %s: %w", t.ID, err)
	}
	return Principal{ID: t.ID, Name: t.Name, Role: role, Agency: t.Agency}, nil
}

// List returns every token, revoked ones included, without secrets.
func (s *Service) List(ctx context.Context) ([]Token, error) { return s.store.ListTokens(ctx) }

// Revoke disables a token for good.
func (s *Service) Revoke(ctx context.Context, id string) error {
	now := s.now().UTC()
	e := audit.Entry{At: now, Actor: "cli", ActorName: "beacon token", Action: "token.revoke", Subject: "token:" + id}
	return s.store.RevokeToken(ctx, id, now, e)
}

// Hash is the stored form of a token secret.
func Hash(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
