package site

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/template/html/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/content"
	"github.com/antifraud-alliance/beacon/internal/httpcache"
	"github.com/antifraud-alliance/beacon/internal/langs"
	"github.com/antifraud-alliance/beacon/locales"
)

//go:embed templates
var templateFS embed.FS

// PublicAlerts is what the pages need of the alert domain.
type PublicAlerts interface {
	Public(ctx context.Context, slug string) (*alerts.Alert, error)
	PublicByID(ctx context.Context, id string) (*alerts.Alert, error)
	PublicList(ctx context.Context, q alerts.PublicQuery) ([]*alerts.Alert, string, error)
}

// WebConfig is what the public website needs.
type WebConfig struct {
	Alerts     PublicAlerts
	Explainers *content.Library
	Pages      *content.Pages
	Markdown   *content.Renderer
	Catalog    *locales.Catalog
	Now        func() time.Time
	Lookup     Lookups
	// Limit returns the rate limit of a kind of request ("lookup", "report").
	Limit func(kind string) fiber.Handler
	// DemoInbox lists what the demo push subscriber received (beacon serve
	// --demo); nil leaves /{lang}/subscribe/demo out.
	DemoInbox func() []DemoNotification
	// Trends serves the trend reports; nil shows the trends page empty.
	Trends PublicTrends
}

// web serves the HTML pages.
type web struct {
	alerts  PublicAlerts
	lib     *content.Library
	pages   *content.Pages
	md      *content.Renderer
	cat     *locales.Catalog
	lookup  Lookups
	limit   func(kind string) fiber.Handler
	engine  *html.Engine
	static  *staticFiles
	cache   *httpcache.Cache
	baseURL string
	now     func() time.Time
	// feedMeta keeps each cached feed's last change and type, beside w.cache.
	feedMeta  sync.Map
	demoInbox func() []DemoNotification
	trends    PublicTrends
	countries countryMenus
}

// pageCacheFor bounds how long a rendered page is reused; every publish,
// update or retraction also clears the cache at once.
const pageCacheFor = time.Minute

func newWeb(cfg WebConfig, baseURL string) (*web, error) {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	engine := html.NewFileSystem(http.FS(sub), ".html")
	engine.AddFunc("deref", func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	})
	engine.AddFunc("list", func(items ...string) []string { return items })
	// Parse every template now, so a broken one stops the boot, not a visitor.
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	static, err := loadStatic()
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Limit == nil {
		cfg.Limit = func(string) fiber.Handler { return func(c *fiber.Ctx) error { return c.Next() } }
	}
	return &web{alerts: cfg.Alerts, lib: cfg.Explainers, pages: cfg.Pages, md: cfg.Markdown, cat: cfg.Catalog,
		lookup: cfg.Lookup, limit: cfg.Limit, demoInbox: cfg.DemoInbox, trends: cfg.Trends,
		engine: engine, static: static, cache: httpcache.New(5000), baseURL: baseURL, now: cfg.Now}, nil
}

func (w *web) routes(app *fiber.App) {
	app.Get("/", w.negotiate)
	app.Get("/lang/:lang", w.switchLang)
	app.Get("/robots.txt", w.robots)
	app.Get("/sitemap.xml", w.sitemap)
	app.Get("/static/:name", w.static.serve)
	w.feedRoutes(app) // before the /:lang group, whose middleware would claim /cap
	w.pushRoutes(app) // /sw.js, /manifest.webmanifest and the demo inbox, also before the group
	g := app.Group("/:lang", w.requireLang)
	g.Get("/", w.page(w.home))
	g.Get("/alerts", w.page(w.alertList))
	g.Get("/alerts/:slug", w.page(w.alertPage))
	g.Get("/scams", w.page(w.scamList))
	g.Get("/scams/:slug", w.page(w.scamPage))
	g.Get("/about", w.page(w.contentPage("about")))
	g.Get("/privacy", w.page(w.contentPage("privacy")))
	g.Get("/check", w.page(w.checkPage))
	g.Post("/check", w.limit("lookup"), w.checkPost)
	g.Get("/report", w.page(w.reportPage))
	g.Post("/report", w.limit("report"), w.reportPost)
	g.Get("/report/thanks", w.page(w.reportThanks))
	g.Get("/trends", w.page(w.trendsPage))
	g.Get("/trends/:slug", w.page(w.trendPage))
	g.Get("/subscribe", w.page(w.subscribePage))
	g.Get("/feeds/build", w.buildFeed)
}

const langKey = "beacon.lang"

// requireLang admits /{lang}/… only for supported languages.
func (w *web) requireLang(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if !langs.Supported(lang) {
		return fiber.ErrNotFound
	}
	c.Locals(langKey, string([]byte(lang)))
	return c.Next()
}

// pageFunc fills a view for one page; it returns the template name.
type pageFunc func(c *fiber.Ctx, v *view) (string, error)

// page renders a page, serving it from the cache when it has not changed.
func (w *web) page(fn pageFunc) fiber.Handler {
	return func(c *fiber.Ctx) error {
		lang, _ := c.Locals(langKey).(string)
		key := string(c.Request().URI().RequestURI())
		now := w.now()
		e, ok := w.cache.Get(key, now)
		if !ok {
			path := strings.TrimPrefix(string(c.Request().URI().Path()), "/"+lang)
			v := w.newView(lang, path, string(c.Request().URI().QueryString()))
			name, err := fn(c, v)
			if err != nil {
				return err
			}
			body, err := w.render(name, v)
			if err != nil {
				return err
			}
			e = w.cache.Put(key, "", body, now.Add(pageCacheFor))
		}
		return httpcache.Send(c, e, "public, max-age=60", fiber.MIMETextHTMLCharsetUTF8)
	}
}

func (w *web) render(name string, v *view) ([]byte, error) {
	var buf bytes.Buffer
	if err := w.engine.Render(&buf, name, v, "layouts/main"); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// Forget drops every cached page: any public change can show on many pages.
func (w *web) Forget() { w.cache.Forget("") }

// negotiate sends / to the reader's language: cookie, then Accept-Language, then English.
func (w *web) negotiate(c *fiber.Ctx) error {
	lang := w.cat.Match(c.Cookies("lang"), c.Get(fiber.HeaderAcceptLanguage))
	c.Set(fiber.HeaderVary, "Cookie, Accept-Language")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Redirect("/"+lang+"/", http.StatusFound)
}

// switchLang remembers an explicit choice in a cookie and goes to the same
// page in that language. next must be a local path, so this is no open redirect.
func (w *web) switchLang(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if !langs.Supported(lang) {
		return fiber.ErrNotFound
	}
	next := c.Query("next", "/")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		next = "/"
	}
	c.Cookie(&fiber.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: "Lax",
		Secure: strings.HasPrefix(w.baseURL, "https://"), HTTPOnly: true})
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Redirect("/"+lang+next, http.StatusSeeOther)
}
