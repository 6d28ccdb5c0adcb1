package site

import (
	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/content"
)

type scamPageData struct {
	E        *content.Explainer
	Fallback bool
	Related  []*content.Explainer
	Cards    []alertCard
}

func (w *web) scamList(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav, v.Data = v.T("scams-title"), v.T("scams-lede"), "scams", w.lib.List(v.Lang)
	return "scams", nil
}

func (w *web) scamPage(c *fiber.Ctx, v *view) (string, error) {
	e, fallback, ok := w.lib.Get(c.Params("slug"), v.Lang)
	if !ok {
		return "", fiber.ErrNotFound
	}
	d := scamPageData{E: e, Fallback: fallback}
	for _, slug := range e.Related {
		if r, _, ok := w.lib.Get(slug, v.Lang); ok {
			d.Related = append(d.Related, r)
		}
	}
	list, _, err := w.alerts.PublicList(c.UserContext(), alerts.PublicQuery{Scope: alerts.ScopeActive, Typology: e.Slug, Limit: 5})
	if err != nil {
		return "", err
	}
	d.Cards = w.cards(list, v.Lang)
	v.Title, v.Desc, v.Nav, v.Data = e.Title, e.Summary, "scams", d
	return "scam", nil
}
