package site

import (
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
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

// indicatorRow is an identifier named in a current alert.
type indicatorRow struct {
	Kind, Value string
	Card        alertCard
}

type checkData struct {
	Value   string
	Rows    []indicatorRow
	Matches []indicatorRow
}

// checkPage compares what the reader typed with the identifiers that current
// alerts name. It answers on the server, without JavaScript, and the value is
// never logged (the request log holds the route pattern only).
func (w *web) checkPage(c *fiber.Ctx, v *view) (string, error) {
	d := checkData{Value: strings.TrimSpace(c.Query("value"))}
	if len(d.Value) > 300 {
		d.Value = d.Value[:300]
	}
	list, _, err := w.alerts.PublicList(c.UserContext(), alerts.PublicQuery{Scope: alerts.ScopeActive, Limit: 100})
	if err != nil {
		return "", err
	}
	want := identKey(d.Value)
	for _, a := range list {
		for _, ind := range a.Indicators {
			row := indicatorRow{Kind: ind.Kind, Value: ind.Value, Card: w.card(a, v.Lang)}
			d.Rows = append(d.Rows, row)
			if want != "" && sameIdent(want, identKey(ind.Value)) {
				d.Matches = append(d.Matches, row)
			}
		}
	}
	v.Title, v.Desc, v.Nav, v.Data = v.T("check-title"), v.T("check-lede"), "check", d
	v.NoIndex = d.Value != ""
	return "check", nil
}

// identKey reduces an identifier to lower-case letters and digits, so that
// "+66 2-123 4567" and "66021234567"-like spellings can be compared.
func identKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sameIdent matches equal keys, and phone numbers written with or without
// their country code (the shorter is a suffix of at least 7 digits).
func sameIdent(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	a = strings.TrimLeft(a, "0")
	return len(a) >= 7 && isDigits(a) && isDigits(b) && strings.HasSuffix(b, a)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (w *web) reportPage(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav = v.T("report-title"), v.T("report-lede"), "report"
	return "report", nil
}

func (w *web) trendsPage(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav = v.T("trends-title"), v.T("trends-lede"), "trends"
	return "trends", nil
}

func (w *web) subscribePage(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav = v.T("subscribe-title"), v.T("subscribe-lede"), "subscribe"
	return "subscribe", nil
}
