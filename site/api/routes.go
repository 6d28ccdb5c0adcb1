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
	"github.com/antifraud-alliance/beacon/internal/lookup"
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
	// Lookup serves checks, listings and citizen reports; nil leaves them out.
	Lookup LookupService
	Limits Limits
	// Push serves the push subscription routes; nil leaves them out.
	Push *PushDeps
	// Trends serves trend reports, authoring and public; nil leaves them out.
	Trends TrendService
	// Advice is the plain-words advice for a verdict in a language.
	Advice func(lang string, v lookup.Verdict) string
}

// API holds what the server must reach after start-up.
type API struct {
	public *publicHandlers
	lookup *lookupHandlers
	trends *publicTrends
}

// Forget drops cached public answers for an alert slug ("" for all), and
// the range answers, whose listings an alert's change may have changed.
func (a *API) Forget(slug string) {
	a.public.Forget(slug)
	if a.trends != nil {
		a.trends.cache.Forget("") // any alert or report change may change report data
	}
	if a.lookup != nil {
		a.lookup.ranges.Forget("")
	}
}

// Register mounts the API on r under /api/v1.
func Register(r fiber.Router, d Deps) *API {
	if d.Now == nil {
		d.Now = time.Now
	}
	ah := newAlertHandlers(d.Alerts, d.Now)
	ph := &publicHandlers{svc: d.Alerts, now: d.Now, cache: httpcache.New(10000)}
	author := requireRole(d.Tokens, auth.RoleAuthor)
	reviewer := requireRole(d.Tokens, auth.RoleReviewer)
	admin := requireRole(d.Tokens, auth.RoleAdmin)

	v1 := r.Group("/api/v1")
	v1.Get("/openapi.yaml", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "application/yaml")
		return c.Send(openapiYAML)
	})

	ah.routes(v1, "/alerts", ah.create, patchWith(ah.docHandlers, ah.patch), author, reviewer)
	v1.Get("/audit", admin, (&auditHandler{store: d.Audit}).list)

	v1.Get("/public/alerts", ph.list)
	v1.Get("/public/alerts/:slug", ph.get)
	out := &API{public: ph}
	if d.Lookup != nil {
		lh := &lookupHandlers{svc: d.Lookup, advice: d.Advice, ranges: httpcache.New(5000)}
		out.lookup = lh
		if lh.advice == nil {
			lh.advice = func(string, lookup.Verdict) string { return "" }
		}
		v1.Get("/lookup", d.Limits.Middleware("lookup", d.Limits.Lookup), lh.get)
		v1.Get("/lookup/range/:prefix", d.Limits.Middleware("lookup", d.Limits.Lookup), lh.rangeq)
		v1.Post("/listings/import", admin, lh.forgetRanges, lh.importListings)
		v1.Post("/listings/:id/delist", admin, lh.forgetRanges, lh.delist)
		v1.Post("/reports", d.Limits.Middleware("report", d.Limits.Report), lh.submitReport)
		v1.Get("/reports", reviewer, lh.listReports)
		v1.Post("/reports/:id/accept", reviewer, lh.forgetRanges, lh.decideReport(true))
		v1.Post("/reports/:id/reject", reviewer, lh.decideReport(false))
	}
	if d.Trends != nil {
		newTrendHandlers(d.Trends, d.Now).routes(v1, author, reviewer)
		out.trends = &publicTrends{svc: d.Trends, now: d.Now, cache: httpcache.New(2000)}
		out.trends.routes(v1)
	}
	if d.Push != nil {
		h := &pushHandlers{d: *d.Push, now: d.Now}
		limit := d.Limits.Middleware("subscribe", d.Push.Limit)
		v1.Get("/push/vapid-public-key", h.publicKey)
		v1.Post("/push/subscriptions", limit, h.subscribe)
		v1.Delete("/push/subscriptions", limit, h.unsubscribe)
	}
	return out
}
