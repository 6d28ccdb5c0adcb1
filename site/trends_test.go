package site_test

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/antifraud-alliance/beacon/internal/langs"
)

// trendSlug is the slug of the demo trend report.
func (e *webEnv) trendSlug() string {
	e.t.Helper()
	r, err := e.tr.Latest(context.Background())
	if err != nil || r == nil {
		e.t.Fatalf("no published trend report: %v", err)
	}
	return r.Slug
}

// svgs returns every inline <svg> of a page, as markup.
func svgs(t *testing.T, doc string) []string {
	var out []string
	rest := doc
	for {
		i := strings.Index(rest, "<svg")
		if i < 0 {
			return out
		}
		j := strings.Index(rest[i:], "</svg>")
		if j < 0 {
			t.Fatal("unclosed <svg>")
		}
		out = append(out, rest[i:i+j+len("</svg>")])
		rest = rest[i+j:]
	}
}

// TestTrendPageChartsInEveryLanguage: the report's page in each language has
// both charts, well-formed, named and described in that language, each
// beside a table with the same numbers; Arabic labels run right to left.
func TestTrendPageChartsInEveryLanguage(t *testing.T) {
	e := newWebEnv(t, true)
	slug := e.trendSlug()
	for _, lang := range langs.All() {
		r := e.get("/" + lang + "/trends/" + slug)
		if r.status != 200 {
			t.Fatalf("%s: %d", lang, r.status)
		}
		charts := svgs(t, r.body)
		if len(charts) != 2 {
			t.Fatalf("%s: %d charts, want the headline and the weekly one", lang, len(charts))
		}
		for i, svg := range charts {
			dec := xml.NewDecoder(strings.NewReader(svg))
			for {
				if _, err := dec.Token(); err != nil {
					if err.Error() != "EOF" {
						t.Errorf("%s chart %d is not well-formed XML: %v", lang, i, err)
					}
					break
				}
			}
			for _, want := range []string{`role="img"`, `aria-labelledby="trend-`, "<title id=", "<desc id="} {
				if !strings.Contains(svg, want) {
					t.Errorf("%s chart %d lacks %s", lang, i, want)
				}
			}
		}
		if !strings.Contains(charts[0], e.cat.T(lang, "trends-headline-title", nil)) || !strings.Contains(charts[1], e.cat.T(lang, "trends-weekly-title", nil)) {
			t.Errorf("%s: chart titles are not in the page's language", lang)
		}
		// Every bar's value is in the table beside the chart, and the other way round.
		doc := parse(t, r.body)
		var cells []string
		walk(doc, func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "td" && n.FirstChild != nil {
				cells = append(cells, n.FirstChild.Data)
			}
		})
		for _, c := range cells[:3] {
			if !strings.Contains(charts[0], ">"+c+"<") {
				t.Errorf("%s: the table's %q is not drawn in the headline chart", lang, c)
			}
		}
		dir := strings.Count(charts[0], `direction="rtl"`)
		if (lang == "ar") != (dir > 0) {
			t.Errorf("%s: %d right-to-left texts in the chart", lang, dir)
		}
		if lang == "ar" && strings.Contains(charts[0], `direction="ltr"`) {
			t.Error("ar: a chart text runs left to right")
		}
		if !strings.Contains(r.body, `/api/v1/public/trends/`+slug+`/data.csv`) {
			t.Errorf("%s: no link to the CSV download", lang)
		}
	}
}

func TestTrendsListHomeAndFeeds(t *testing.T) {
	e := newWebEnv(t, true)
	slug := e.trendSlug()
	list := e.get("/th/trends")
	if list.status != 200 || !strings.Contains(list.body, `href="/th/trends/`+slug+`"`) || strings.Contains(list.body, e.cat.T("th", "trends-empty", nil)) {
		t.Errorf("trends list: %d, want the demo report linked", list.status)
	}
	home := e.get("/ar/")
	if len(svgs(t, home.body)) != 1 || !strings.Contains(home.body, e.cat.T("ar", "trends-latest", nil)) {
		t.Error("the home page lacks the latest report's headline chart")
	}
	for _, f := range []struct{ ext, ctype, want string }{
		{"rss", "application/rss+xml", "<item>"}, {"atom", "application/atom+xml", "<entry xml:lang=\"en\">"},
		{"json", "application/feed+json", `"language": "vi"`},
	} {
		r := e.get("/vi/feeds/trends." + f.ext)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), f.ctype) || !strings.Contains(r.body, f.want) ||
			!strings.Contains(r.body, "https://beacon.test/vi/trends/"+slug) || r.header.Get("Last-Modified") == "" {
			t.Errorf("trends.%s: %d %s\n%.400s", f.ext, r.status, r.header.Get("Content-Type"), r.body)
		}
	}
	atom := e.get("/th/feeds/trends.atom").body
	if !strings.Contains(atom, "tag:beacon.test,2026:trend/") || !strings.Contains(atom, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="th">`) {
		t.Errorf("atom feed ids or language: %.600s", atom)
	}
	if r := e.get("/th/feeds/trends.xml"); r.status != 404 || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
		t.Errorf("unknown feed format: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := e.get("/en/trends/no-such-report"); r.status != 404 {
		t.Errorf("unknown report: %d", r.status)
	}
	sm := e.get("/sitemap.xml").body
	for _, l := range langs.All() {
		if !strings.Contains(sm, "<loc>https://beacon.test/"+l+"/trends/"+slug+"</loc>") {
			t.Errorf("sitemap lacks /%s/trends/%s", l, slug)
		}
	}
}
