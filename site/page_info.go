package site

import (
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

func (w *web) trendsPage(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav = v.T("trends-title"), v.T("trends-lede"), "trends"
	return "trends", nil
}

func (w *web) subscribePage(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav = v.T("subscribe-title"), v.T("subscribe-lede"), "subscribe"
	return "subscribe", nil
}
