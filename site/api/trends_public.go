package api

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/httpcache"
	"github.com/antifraud-alliance/beacon/internal/langs"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// publicTrends serves published trend reports and their data to anyone.
// Answers are cached; every change to an alert or report drops them all,
// since an alert's publication changes the data of every period it falls in,
// and the deadline heals what changes without notice (moderated reports,
// listings, lookups).
type publicTrends struct {
	svc   TrendService
	now   func() time.Time
	cache *httpcache.Cache
}

func (h *publicTrends) routes(v1 fiber.Router) {
	v1.Get("/public/trends", h.list)
	v1.Get("/public/trends/:slug", h.cached(fiber.MIMEApplicationJSON, h.report))
	v1.Get("/public/trends/:slug/data", h.cached(fiber.MIMEApplicationJSON, h.data))
	v1.Get("/public/trends/:slug/data.csv", h.cached(csvType, h.csv))
}

// publicTrend is what anyone may read of a report: no token ids, no drafts,
// no pending revision.
type publicTrend struct {
	Slug          string                        `json:"slug"`
	Version       int                           `json:"version"`
	Status        workflow.Status               `json:"status"`
	From          string                        `json:"from"`
	To            string                        `json:"to"`
	Agency        string                        `json:"agency"`
	PublishedAt   time.Time                     `json:"publishedAt"`
	UpdatedAt     time.Time                     `json:"updatedAt"`
	RetractedAt   *time.Time                    `json:"retractedAt,omitempty"`
	RetractReason string                        `json:"retractReason,omitempty"`
	Lang          string                        `json:"lang,omitempty"`
	Fallback      bool                          `json:"fallback,omitempty"`
	Translations  map[string]trends.Translation `json:"translations"`
	Data          string                        `json:"data"` // where its data are, as JSON; data.csv beside it
}

func toPublicTrend(r *trends.Report, lang string) publicTrend {
	p := publicTrend{Slug: r.Slug, Version: r.Version, Status: r.Status, From: r.From, To: r.To, Agency: r.Agency,
		PublishedAt: *r.PublishedAt, UpdatedAt: r.Fields().LastPublicChange(), RetractedAt: r.RetractedAt,
		RetractReason: r.RetractReason, Translations: r.Translations, Data: "/api/v1/public/trends/" + r.Slug + "/data"}
	if lang != "" {
		tr, used, ok := r.Translation(lang)
		p.Lang, p.Fallback = used, !ok
		p.Translations = map[string]trends.Translation{used: tr}
	}
	return p
}

func (h *publicTrends) list(c *fiber.Ctx) error {
	lang, err := queryLang(c)
	if err != nil {
		return err
	}
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	items, next, err := h.svc.PublicList(c.UserContext(), c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	out := page[publicTrend]{Items: make([]publicTrend, len(items)), Next: next}
	for i, r := range items {
		out.Items[i] = toPublicTrend(r, lang)
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(out)
}

// publicAnswer makes the body of one cached answer about a published report.
type publicAnswer func(c *fiber.Ctx, r *trends.Report, lang string) ([]byte, error)

// csvType is the media type of the data download (RFC 4180 with its header
// parameter, UTF-8).
const csvType = "text/csv; charset=utf-8; header=present"

// cached finds the report, then serves the answer of type ctype from the
// cache or makes it.
func (h *publicTrends) cached(ctype string, fn publicAnswer) fiber.Handler {
	return func(c *fiber.Ctx) error {
		lang, err := queryLang(c)
		if err != nil {
			return err
		}
		slug := c.Params("slug")
		if len(slug) > 100 {
			return workflow.ErrNotFound
		}
		now := h.now()
		key := string(c.Request().URI().Path()) + "\x00" + lang
		e, ok := h.cache.Get(key, now)
		if !ok {
			r, err := h.svc.Public(c.UserContext(), string([]byte(slug)))
			if err != nil {
				return err
			}
			body, err := fn(c, r, lang)
			if err != nil {
				return err
			}
			e = h.cache.Put(key, "", body, now.Add(cacheFor))
		}
		if ctype == csvType {
			c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+slug+`.csv"`)
		}
		return httpcache.Send(c, e, "public, max-age=60", ctype)
	}
}

func (h *publicTrends) report(_ *fiber.Ctx, r *trends.Report, lang string) ([]byte, error) {
	return json.Marshal(toPublicTrend(r, lang))
}

// trendData is a report's data as the public API serves it.
type trendData struct {
	Slug string `json:"slug"`
	*trends.Data
}

func (h *publicTrends) data(c *fiber.Ctx, r *trends.Report, _ string) ([]byte, error) {
	d, err := h.svc.Data(c.UserContext(), r)
	if err != nil {
		return nil, fmt.Errorf("data of trend report %s: %w", r.Slug, err)
	}
	return json.Marshal(trendData{Slug: r.Slug, Data: d})
}

func (h *publicTrends) csv(c *fiber.Ctx, r *trends.Report, _ string) ([]byte, error) {
	d, err := h.svc.Data(c.UserContext(), r)
	if err != nil {
		return nil, fmt.Errorf("data of trend report %s: %w", r.Slug, err)
	}
	return d.CSV()
}

func queryLang(c *fiber.Ctx) (string, error) {
	lang := c.Query("lang")
	if lang != "" && !langs.Supported(lang) {
		return "", invalid("lang", "lang must be one of the supported language tags, e.g. en, th, zh-hans")
	}
	return string([]byte(lang)), nil
}
