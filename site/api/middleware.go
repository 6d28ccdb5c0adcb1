package api

import (
	"context"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/auth"
)

// Authenticator checks a bearer token.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (auth.Principal, error)
}

const principalKey = "beacon.principal"

// requireRole admits requests with a valid bearer token of at least role min.
// A missing or bad token is 401 (who are you?); a weak role is 403 (not you).
func requireRole(tokens Authenticator, min auth.Role) fiber.Handler {
	return func(c *fiber.Ctx) error {
		h := c.Get(fiber.HeaderAuthorization)
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return unauthorized("Send an API token as \"Authorization: Bearer <token>\".", "")
		}
		p, err := tokens.Authenticate(c.UserContext(), strings.TrimSpace(token))
		if errors.Is(err, auth.ErrUnauthorized) {
			return unauthorized("The token is unknown or revoked.", "invalid_token")
		}
		if err != nil {
			return err
		}
		if p.Role < min {
			return NewProblem("forbidden", "This action needs the "+min.String()+" role; your token has "+p.Role.String()+".")
		}
		c.Locals(principalKey, p)
		return c.Next()
	}
}

func unauthorized(detail, oauthErr string) *Problem {
	p := NewProblem("unauthorized", detail)
	challenge := `Bearer realm="beacon"`
	if oauthErr != "" {
		challenge += `, error="` + oauthErr + `"`
	}
	p.headers = map[string]string{fiber.HeaderWWWAuthenticate: challenge}
	return p
}

// actor returns the authenticated caller as the alert domain sees it.
func actor(c *fiber.Ctx) alerts.Actor {
	p, _ := c.Locals(principalKey).(auth.Principal)
	return alerts.Actor{ID: p.ID, Name: p.Name, Role: p.Role, Agency: p.Agency}
}
