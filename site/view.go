package site

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/antifraud-alliance/beacon/internal/langs"
)

// view is what every page template gets: the reader's language and the
// helpers to speak it, plus the page's own data in Data. Its methods are
// called from templates, e.g. {{.T "nav-alerts"}}.
type view struct {
	Lang      string
	Dir       string // ltr or rtl
	Path      string // the page's path after /{lang}, e.g. /alerts
	Query     string // the page's query, kept by the language switcher
	Title     string
	Desc      string
	Canonical string
	Nav       string // which navigation item is current
	NoIndex   bool
	Scripts   []string // static scripts the page loads (deferred)
	Data      any

	site *web
	tag  language.Tag
}

type langLink struct {
	Lang, Name, Href, Switch string
	Current                  bool
}

func (w *web) newView(lang, path, query string) *view {
	dir := "ltr"
	if langs.RTL(lang) {
		dir = "rtl"
	}
	return &view{Lang: lang, Dir: dir, Path: path, Query: query, site: w, tag: w.cat.Tag(lang),
		Canonical: w.baseURL + "/" + lang + path}
}

// T translates a message; args are key, value pairs for its template.
func (v *view) T(id string, args ...any) string { return v.site.cat.T(v.Lang, id, pairs(args)) }

// N translates a message with plural forms for count.
func (v *view) N(id string, count int, args ...any) string {
	return v.site.cat.N(v.Lang, id, count, pairs(args))
}

func pairs(args []any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return m
}

// Link returns a path in the reader's language.
func (v *view) Link(path string) string { return "/" + v.Lang + path }

// Asset returns the versioned URL of a static file.
func (v *view) Asset(name string) string { return v.site.static.url(name) }

// Date formats a day in the reader's language with the translators' pattern.
func (v *view) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return v.site.cat.T(v.Lang, "date-format", map[string]any{
		"Day": v.Num(t.Day()), "Month": v.site.cat.T(v.Lang, fmt.Sprintf("month-%d", int(t.Month())), nil),
		"Year": v.year(t.Year()), "YearBE": v.year(t.Year() + 543),
	})
}

func (v *view) year(y int) string {
	return message.NewPrinter(v.tag).Sprint(number.Decimal(y, number.NoSeparator()))
}

// ISODate is the machine-readable date for <time datetime>.
func (v *view) ISODate(t time.Time) string { return t.UTC().Format("2006-01-02") }

// Num formats a whole number with the language's digits and separators.
func (v *view) Num(n int) string { return message.NewPrinter(v.tag).Sprint(number.Decimal(n)) }

// Region names a country (or "global") in the reader's language.
func (v *view) Region(code string) string {
	if code == "global" {
		return v.T("region-global")
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(v.tag).Name(r); name != "" {
		return name
	}
	return display.Regions(language.English).Name(r)
}

// Typology names a scam type in the reader's language.
func (v *view) Typology(slug string) string { return v.T("typology-" + slug) }

// Languages lists every language for the switcher and the hreflang links.
func (v *view) Languages() []langLink {
	out := make([]langLink, 0, len(langs.All()))
	next := url.QueryEscape(v.Path + querySuffix(v.Query))
	for _, l := range langs.All() {
		tag := v.site.cat.Tag(l)
		out = append(out, langLink{Lang: l, Name: display.Self.Name(tag), Current: l == v.Lang,
			Href: v.site.baseURL + "/" + l + v.Path, Switch: "/lang/" + l + "?next=" + next})
	}
	return out
}

func querySuffix(q string) string {
	if q == "" {
		return ""
	}
	return "?" + q
}

// Markdown renders Markdown safely (used for alert bodies).
func (v *view) Markdown(md string) template.HTML { return v.site.md.HTML(md) }

// LangName names a language in the reader's language, e.g. for the note on
// text shown in English instead.
func (v *view) LangName(lang string) string {
	return display.Tags(v.tag).Name(v.site.cat.Tag(lang))
}

// Join joins strings for compact lists.
func (v *view) Join(items []string) string { return strings.Join(items, v.T("list-separator")) }

// XDefault is the page for readers whose language is not offered: English.
func (v *view) XDefault() string { return v.site.baseURL + "/" + langs.Default + v.Path }

type cardCtx struct {
	V   *view
	C   alertCard
	Top bool // the card's title is an h2 (the list sits right under the h1), not an h3
}

// Card pairs an alert card with the view, for the card partial under an h2.
func (v *view) Card(c alertCard) cardCtx { return cardCtx{V: v, C: c} }

// TopCard is Card for a list directly under the page's h1.
func (v *view) TopCard(c alertCard) cardCtx { return cardCtx{V: v, C: c, Top: true} }

// TextAttrs marks text shown in another language than the page's: its lang,
// and its direction, so English inside an Arabic page reads left to right.
func (v *view) TextAttrs(lang string) template.HTMLAttr {
	if lang == v.Lang || lang == "" {
		return ""
	}
	dir := "ltr"
	if langs.RTL(lang) {
		dir = "rtl"
	}
	return template.HTMLAttr(` lang="` + template.HTMLEscapeString(lang) + `" dir="` + dir + `"`)
}
