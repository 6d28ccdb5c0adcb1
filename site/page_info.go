package site

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/content"
)

type contentPageData struct {
	Page     *content.Page
	Fallback bool
}

// contentPage serves about and privacy from content/pages.
func (w *web) contentPage(name string) pageFunc {
	return func(c *fiber.Ctx, v *view) (string, error) {
		p, fallback, ok := w.pages.Get(name, v.Lang)
		if !ok {
			return "", fiber.ErrNotFound
		}
		v.Title, v.Desc, v.Nav, v.Data = p.Title, p.Summary, name, contentPageData{Page: p, Fallback: fallback}
		return "page", nil
	}
}

// buildFeed turns the subscribe page's form into the feed's address, so a
// reader can copy it from the address bar; it works without JavaScript.
func (w *web) buildFeed(c *fiber.Ctx) error {
	lang, _ := c.Locals(langKey).(string)
	format := c.Query("format")
	if format != "rss" && format != "atom" && format != "json" {
		format = "rss"
	}
	q := url.Values{}
	for _, k := range []string{"region", "typology", "severity"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	target := "/" + lang + "/feeds/alerts." + format
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}
