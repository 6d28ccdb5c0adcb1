// Package api is Beacon's JSON API under /api/v1: authoring with bearer
// tokens, public reads, and the OpenAPI description. Every error leaves as
// application/problem+json (see problem.go).
package api

import (
	"context"
	_ "embed"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/httpcache"
)

//go:embed openapi.yaml
var openapiYAML []byte

// OpenAPI returns the embedded API description.
func OpenAPI() []byte { return openapiYAML }

// AlertService is everything the API needs of the alert domain.
type AlertService interface {
	alertService
	publicService
}

// Deps are the API's collaborators.
type Deps struct {
	Alerts AlertService
	Tokens Authenticator
	Audit  interface {
		ListAudit(ctx context.Context, q audit.Query) ([]audit.Entry, error)
	}
	Now func() time.Time
}

// API holds what the server must reach after start-up.
type API struct {
	public *publicHandlers
}

// Forget drops cached public answers for an alert slug ("" for all).
func (a *API) Forget(slug string) { a.public.Forget(slug) }

// Register mounts the API on r under /api/v1.
func Register(r fiber.Router, d Deps) *API {
	if d.Now == nil {
		d.Now = time.Now
	}
	ah := &alertHandlers{svc: d.Alerts, now: d.Now}
	ph := &publicHandlers{svc: d.Alerts, now: d.Now, cache: httpcache.New(10000)}
	author := requireRole(d.Tokens, auth.RoleAuthor)
	reviewer := requireRole(d.Tokens, auth.RoleReviewer)
	admin := requireRole(d.Tokens, auth.RoleAdmin)

	v1 := r.Group("/api/v1")
	v1.Get("/openapi.yaml", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "application/yaml")
		return c.Send(openapiYAML)
	})

	v1.Post("/alerts", author, ah.create)
	v1.Get("/alerts", author, ah.list)
	v1.Get("/alerts/:id", author, ah.get)
	v1.Patch("/alerts/:id", author, ah.patch)
	v1.Put("/alerts/:id/translations/:lang", author, ah.putTranslation)
	v1.Post("/alerts/:id/submit", author, ah.transition(submit))
	v1.Post("/alerts/:id/approve", reviewer, ah.transition(approve))
	v1.Post("/alerts/:id/reject", reviewer, ah.transition(reject))
	v1.Post("/alerts/:id/retract", reviewer, ah.transition(retract))
	v1.Get("/audit", admin, (&auditHandler{store: d.Audit}).list)

	v1.Get("/public/alerts", ph.list)
	v1.Get("/public/alerts/:slug", ph.get)
	return &API{public: ph}
}
