package api

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/httpcache"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

// publicService is what the public read handlers need of the alert domain.
type publicService interface {
	Public(ctx context.Context, slug string) (*alerts.Alert, error)
	PublicList(ctx context.Context, q alerts.PublicQuery) ([]*alerts.Alert, string, error)
}

type publicHandlers struct {
	svc   publicService
	now   func() time.Time
	cache *httpcache.Cache
}

// cacheFor bounds how long a public answer is reused without an invalidation.
const cacheFor = 5 * time.Minute

func (h *publicHandlers) get(c *fiber.Ctx) error {
	slug := c.Params("slug")
	lang := c.Query("lang")
	if lang != "" && !langs.Supported(lang) {
		return invalid("lang", "lang must be one of the supported language tags, e.g. en, th, zh-hans")
	}
	if len(slug) > 100 {
		return alerts.ErrNotFound
	}
	now := h.now()
	key := slug + "\x00" + lang
	e, ok := h.cache.Get(key, now)
	if !ok {
		a, err := h.svc.Public(c.UserContext(), string([]byte(slug)))
		if err != nil {
			return err
		}
		body, err := json.Marshal(toPublic(a, lang, now))
		if err != nil {
			return fmt.Errorf("encode alert %s: %w", a.ID, err)
		}
		until := now.Add(cacheFor)
		if a.ExpiresAt != nil && a.ExpiresAt.After(now) && a.ExpiresAt.Before(until) {
			until = *a.ExpiresAt
		}
		e = h.cache.Put(key, a.Slug, body, until)
	}
	return httpcache.Send(c, e, "public, max-age=60", fiber.MIMEApplicationJSON)
}

func (h *publicHandlers) list(c *fiber.Ctx) error {
	lang := c.Query("lang")
	if lang != "" && !langs.Supported(lang) {
		return invalid("lang", "lang must be one of the supported language tags, e.g. en, th, zh-hans")
	}
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	q := alerts.PublicQuery{
		Scope: alerts.Scope(c.Query("scope")), Region: c.Query("region"), Typology: c.Query("typology"),
		MinSeverity: alerts.Severity(c.Query("severity")), Cursor: c.Query("cursor"), Limit: limit,
	}
	items, next, err := h.svc.PublicList(c.UserContext(), q)
	if err != nil {
		return err
	}
	now := h.now()
	out := page[publicAlert]{Items: make([]publicAlert, len(items)), Next: next}
	for i, a := range items {
		out.Items[i] = toPublic(a, lang, now)
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(out)
}

// Forget drops cached public answers for an alert; the server calls it on
// every change, from this node or (through the store's bus) from another.
func (h *publicHandlers) Forget(slug string) { h.cache.Forget(slug) }
