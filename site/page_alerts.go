package site

import (
	"errors"
	"html/template"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/content"
)

// alertCard is an alert as lists show it, in the reader's language or English.
type alertCard struct {
	Slug, Title, Summary, TextLang string
	Fallback                       bool
	Severity                       alerts.Severity
	Status                         alerts.Status
	Regions, Typologies            []string
	Published                      time.Time
	Updated                        *time.Time
}

func (w *web) card(a *alerts.Alert, lang string) alertCard {
	tr, used, ok := a.Translation(lang)
	return alertCard{Slug: a.Slug, Title: tr.Title, Summary: tr.Summary, TextLang: used, Fallback: !ok,
		Severity: a.Severity, Status: a.EffectiveStatus(w.now()), Regions: a.Regions, Typologies: a.Typologies,
		Published: *a.PublishedAt, Updated: a.RevisedAt}
}

func (w *web) cards(list []*alerts.Alert, lang string) []alertCard {
	out := make([]alertCard, len(list))
	for i, a := range list {
		out[i] = w.card(a, lang)
	}
	return out
}

type alertListData struct {
	Cards                             []alertCard
	Next                              string
	Scope, Region, Typology, Severity string
	Regions, Typologies, Severities   []string
	Filtered                          bool
}

func (w *web) alertList(c *fiber.Ctx, v *view) (string, error) {
	q := alerts.PublicQuery{Scope: alerts.Scope(c.Query("scope")), Region: c.Query("region"),
		Typology: c.Query("typology"), MinSeverity: alerts.Severity(c.Query("severity")), Cursor: c.Query("cursor"), Limit: 20}
	list, next, err := w.alerts.PublicList(c.UserContext(), q)
	var ve *alerts.ValidationError
	if errors.As(err, &ve) {
		return "", fiber.NewError(fiber.StatusBadRequest, ve.Error())
	}
	if err != nil {
		return "", err
	}
	regions, err := w.regionsInUse(c)
	if err != nil {
		return "", err
	}
	d := alertListData{Cards: w.cards(list, v.Lang), Next: next, Scope: string(q.Scope), Region: q.Region,
		Typology: q.Typology, Severity: string(q.MinSeverity), Regions: regions, Typologies: alerts.Typologies,
		Filtered: q.Region != "" || q.Typology != "" || q.MinSeverity != ""}
	for _, s := range alerts.Severities {
		d.Severities = append(d.Severities, string(s))
	}
	v.Title, v.Nav, v.Data = v.T("alerts-title"), "alerts", d
	if q.Scope == alerts.ScopeArchive {
		v.Title = v.T("alerts-archive-title")
	}
	v.Desc = v.T("alerts-lede")
	v.NoIndex = q.Cursor != "" || d.Filtered
	return "alerts", nil
}

// regionsInUse lists the countries public alerts name, for the filter.
func (w *web) regionsInUse(c *fiber.Ctx) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	q := alerts.PublicQuery{Scope: alerts.ScopeAll, Limit: 100}
	for range 10 { // bounded: the filter lists what the first thousand alerts name
		list, next, err := w.alerts.PublicList(c.UserContext(), q)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			for _, r := range a.Regions {
				if !seen[r] && r != alerts.RegionGlobal {
					seen[r] = true
					out = append(out, r)
				}
			}
		}
		if next == "" {
			break
		}
		q.Cursor = next
	}
	return out, nil
}

type alertPageData struct {
	Card       alertCard
	Alert      *alerts.Alert
	Body       template.HTML
	Version    int
	Explainers []*content.Explainer
	WhatToDo   *content.Explainer
	WTDFallbak bool
}

func (w *web) alertPage(c *fiber.Ctx, v *view) (string, error) {
	a, err := w.alerts.Public(c.UserContext(), c.Params("slug"))
	if errors.Is(err, alerts.ErrNotFound) {
		return "", fiber.ErrNotFound
	}
	if err != nil {
		return "", err
	}
	tr, _, _ := a.Translation(v.Lang)
	d := alertPageData{Card: w.card(a, v.Lang), Alert: a, Body: w.md.HTML(tr.Body), Version: a.Version}
	for _, slug := range a.Typologies {
		if e, fallback, ok := w.lib.Get(slug, v.Lang); ok {
			d.Explainers = append(d.Explainers, e)
			if d.WhatToDo == nil {
				d.WhatToDo, d.WTDFallbak = e, fallback
			}
		}
	}
	v.Title, v.Desc, v.Nav, v.Data = tr.Title, tr.Summary, "alerts", d
	return "alert", nil
}

type homeData struct {
	Cards []alertCard
	Scams []*content.Explainer
	Trend *homeTrend // the latest trend report's headline chart; nil when none
}

func (w *web) home(c *fiber.Ctx, v *view) (string, error) {
	list, _, err := w.alerts.PublicList(c.UserContext(), alerts.PublicQuery{Scope: alerts.ScopeActive, Limit: 6})
	if err != nil {
		return "", err
	}
	trend, err := w.latestTrend(c.UserContext(), v)
	if err != nil {
		return "", err
	}
	v.Title, v.Desc, v.Nav = v.T("site-name"), v.T("home-lede"), "home"
	v.Data = homeData{Cards: w.cards(list, v.Lang), Scams: w.lib.List(v.Lang), Trend: trend}
	return "home", nil
}
