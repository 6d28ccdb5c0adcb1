package site

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/feeds"
	"github.com/antifraud-alliance/beacon/internal/httpcache"
	"github.com/antifraud-alliance/beacon/site/api"
)

// feedItems bounds how many alerts a feed carries: readers poll, and the
// newest are what matter.
const feedItems = 50

func (w *web) feedConfig() feeds.Config {
	return feeds.Config{BaseURL: w.baseURL, Markdown: w.md, Explainers: w.lib, Now: w.now,
		TypologyName: func(lang, slug string) string { return w.cat.T(lang, "typology-"+slug, nil) }}
}

// feedRoutes registers the alert feeds and the CAP documents. They are
// cached like pages (dropped on every publish, update or retraction) and
// answer conditional requests by ETag and by date.
func (w *web) feedRoutes(app *fiber.App) {
	app.Get("/cap/alerts.atom", w.cached(w.capIndex))
	app.Get("/cap/alerts/:file", w.cached(w.capMessage))
	app.Get("/:lang/feeds/alerts.:format", w.requireLang, w.cached(w.alertFeed))
	app.Get("/:lang/feeds/trends.:format", w.requireLang, w.cached(w.trendFeed))
}

// feedFunc makes a document and its last change.
type feedFunc func(c *fiber.Ctx) (body []byte, modified time.Time, ctype string, err error)

func (w *web) cached(fn feedFunc) fiber.Handler {
	return func(c *fiber.Ctx) error {
		key := "feed " + string(c.Request().URI().RequestURI())
		now := w.now()
		e, ok := w.cache.Get(key, now)
		if !ok {
			body, mod, ctype, err := fn(c)
			if err != nil {
				return err
			}
			e = w.cache.Put(key, "", body, now.Add(pageCacheFor))
			mod = mod.UTC().Truncate(time.Second)
			w.feedMeta.Store(key, feedMeta{modified: mod, lastModified: mod.Format(http.TimeFormat), ctype: ctype})
		}
		m, _ := w.feedMeta.Load(key)
		meta, _ := m.(feedMeta)
		c.Set(fiber.HeaderLastModified, meta.lastModified)
		if since := c.Get(fiber.HeaderIfModifiedSince); since != "" && c.Get(fiber.HeaderIfNoneMatch) == "" {
			if ims, err := http.ParseTime(since); err == nil && !meta.modified.After(ims) {
				c.Set(fiber.HeaderETag, e.ETag)
				return c.SendStatus(http.StatusNotModified)
			}
		}
		return httpcache.Send(c, e, "public, max-age=300", meta.ctype)
	}
}

type feedMeta struct {
	modified     time.Time
	lastModified string // modified, formatted once for the header
	ctype        string
}

// publicAlerts lists the newest public alerts passing the filter, retracted
// ones included: a feed keeps a withdrawn entry and marks it.
func (w *web) publicAlerts(c *fiber.Ctx, f feeds.Filter) ([]*alerts.Alert, error) {
	q := alerts.PublicQuery{Scope: alerts.ScopeAll, Region: f.Region, Typology: f.Typology, MinSeverity: f.MinSeverity, Limit: feedItems}
	list, _, err := w.alerts.PublicList(c.UserContext(), q)
	return list, err
}

func (w *web) alertFeed(c *fiber.Ctx) ([]byte, time.Time, string, error) {
	lang, _ := c.Locals(langKey).(string)
	format := feeds.Format(c.Params("format"))
	if format != feeds.RSS && format != feeds.Atom && format != feeds.JSON {
		return nil, time.Time{}, "", fiber.ErrNotFound
	}
	f := feeds.Filter{Region: c.Query("region"), Typology: c.Query("typology"), MinSeverity: alerts.Severity(c.Query("severity"))}
	var ve *alerts.ValidationError
	if err := f.Validate(); errors.As(err, &ve) {
		return nil, time.Time{}, "", api.ToProblem(ve) // a feed reader gets problem+json, not a page
	}
	list, err := w.publicAlerts(c, f)
	if err != nil {
		return nil, time.Time{}, "", err
	}
	body, mod, err := feeds.Alerts(w.feedConfig(), format, lang, f, list)
	return body, mod, format.ContentType(), err
}

// capIndexAlerts bounds the alerts read for the CAP index: every alert in
// force belongs there, not only the newest, but there is a limit to a page.
const capIndexAlerts = 2000

func (w *web) capIndex(c *fiber.Ctx) ([]byte, time.Time, string, error) {
	var list []*alerts.Alert
	q := alerts.PublicQuery{Scope: alerts.ScopeAll, Limit: 100}
	for len(list) < capIndexAlerts {
		page, next, err := w.alerts.PublicList(c.UserContext(), q)
		if err != nil {
			return nil, time.Time{}, "", err
		}
		list = append(list, page...)
		if next == "" {
			break
		}
		q.Cursor = next
	}
	body, mod, err := feeds.CAPIndex(w.feedConfig(), list)
	return body, mod, "application/atom+xml; charset=utf-8", err
}

func (w *web) capMessage(c *fiber.Ctx) ([]byte, time.Time, string, error) {
	id, ok := strings.CutSuffix(c.Params("file"), ".xml")
	if !ok {
		return nil, time.Time{}, "", fiber.ErrNotFound
	}
	a, err := w.alerts.PublicByID(c.UserContext(), id)
	if errors.Is(err, alerts.ErrNotFound) {
		return nil, time.Time{}, "", fiber.ErrNotFound
	}
	if err != nil {
		return nil, time.Time{}, "", err
	}
	body, err := feeds.CAPMessage(w.feedConfig(), a)
	mod := *a.PublishedAt
	for _, t := range []*time.Time{a.RevisedAt, a.RetractedAt} {
		if t != nil && t.After(mod) {
			mod = *t
		}
	}
	return body, mod, "application/cap+xml; charset=utf-8", err
}
