package site

import (
	"encoding/xml"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

func (w *web) robots(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.SendString("User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /lang/\n\nSitemap: " + w.baseURL + "/sitemap.xml\n")
}

type urlset struct {
	XMLName xml.Name   `xml:"urlset"`
	NS      string     `xml:"xmlns,attr"`
	XHTML   string     `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapU `xml:"url"`
}

type sitemapU struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	Alts    []alternate `xml:"xhtml:link"`
}

type alternate struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap lists every page in every language, each with its alternates.
func (w *web) sitemap(c *fiber.Ctx) error {
	paths := []struct{ path, mod string }{{"/", ""}, {"/alerts", ""}, {"/scams", ""}, {"/check", ""}, {"/report", ""},
		{"/trends", ""}, {"/subscribe", ""}, {"/about", ""}, {"/privacy", ""}}
	for _, e := range w.lib.List(langs.Default) {
		paths = append(paths, struct{ path, mod string }{"/scams/" + e.Slug, ""})
	}
	q := alerts.PublicQuery{Scope: alerts.ScopeAll, Limit: 100}
	for range 100 { // up to 10,000 alerts
		list, next, err := w.alerts.PublicList(c.UserContext(), q)
		if err != nil {
			return err
		}
		for _, a := range list {
			mod := a.PublishedAt
			if a.RevisedAt != nil {
				mod = a.RevisedAt
			}
			paths = append(paths, struct{ path, mod string }{"/alerts/" + a.Slug, mod.UTC().Format("2006-01-02")})
		}
		if next == "" {
			break
		}
		q.Cursor = next
	}
	trendPaths, err := w.trendPaths(c)
	if err != nil {
		return err
	}
	paths = append(paths, trendPaths...)
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range paths {
		var alts []alternate
		for _, l := range langs.All() {
			alts = append(alts, alternate{Rel: "alternate", HrefLang: l, Href: w.baseURL + "/" + l + p.path})
		}
		alts = append(alts, alternate{Rel: "alternate", HrefLang: "x-default", Href: w.baseURL + "/" + langs.Default + p.path})
		for _, l := range langs.All() {
			set.URLs = append(set.URLs, sitemapU{Loc: w.baseURL + "/" + l + p.path, LastMod: p.mod, Alts: alts})
		}
	}
	out, err := xml.Marshal(set)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.Send(append([]byte(xml.Header), out...))
}

// errorPage renders a localised 404 or 500 page. The language comes from the
// path when it names one, else from the reader's preferences.
func (w *web) errorPage(c *fiber.Ctx, status int) error {
	seg, _, _ := strings.Cut(strings.TrimPrefix(c.Path(), "/"), "/")
	lang := seg
	if !langs.Supported(lang) {
		lang = w.cat.Match(c.Cookies("lang"), c.Get(fiber.HeaderAcceptLanguage))
	}
	v := w.newView(lang, "/", "")
	v.NoIndex = true
	switch {
	case status == fiber.StatusNotFound:
		v.Title, v.Data = v.T("error-404-title"), v.T("error-404-text")
	case status >= 500:
		v.Title, v.Data = v.T("error-500-title"), v.T("error-500-text")
	default:
		v.Title, v.Data = v.T("error-400-title"), v.T("error-400-text")
	}
	body, err := w.render("error", v)
	if err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(body)
}
