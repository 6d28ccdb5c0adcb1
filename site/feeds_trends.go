package site

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/feeds"
	"github.com/antifraud-alliance/beacon/internal/trends"
)

// trendFeed is /{lang}/feeds/trends.{rss,atom,json}: the newest public
// reports, withdrawn ones marked, cached like the alert feeds.
func (w *web) trendFeed(c *fiber.Ctx) ([]byte, time.Time, string, error) {
	lang, _ := c.Locals(langKey).(string)
	format := feeds.Format(c.Params("format"))
	if format.ContentType() == "" {
		return nil, time.Time{}, "", fiber.ErrNotFound
	}
	var list []*trends.Report
	if w.trends != nil {
		var err error
		if list, _, err = w.trends.PublicList(c.UserContext(), "", feedItems); err != nil {
			return nil, time.Time{}, "", err
		}
	}
	body, mod, err := feeds.Trends(w.feedConfig(), format, lang, list)
	return body, mod, format.ContentType(), err
}

// sitePath is a page for the sitemap, with its last change (YYYY-MM-DD) if known.
type sitePath = struct{ path, mod string }

// trendPaths lists the public trend reports' pages for the sitemap.
func (w *web) trendPaths(c *fiber.Ctx) ([]sitePath, error) {
	var out []sitePath
	if w.trends == nil {
		return nil, nil
	}
	cursor := ""
	for range 20 { // up to 2,000 reports
		list, next, err := w.trends.PublicList(c.UserContext(), cursor, 100)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			out = append(out, sitePath{"/trends/" + r.Slug, r.Fields().LastPublicChange().UTC().Format(time.DateOnly)})
		}
		if next == "" {
			break
		}
		cursor = next
	}
	return out, nil
}
