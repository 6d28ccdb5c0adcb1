package site_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

// TestEveryPageInEveryLanguage: 200, the right lang and dir, and no message
// id left untranslated in the visible text.
func TestEveryPageInEveryLanguage(t *testing.T) {
	e := newWebEnv(t, true)
	updated, retracted, _ := e.publicSlugs()
	paths := []string{"/", "/alerts", "/alerts?scope=archive", "/alerts?region=TH&severity=warning", "/alerts/" + updated,
		"/alerts/" + retracted, "/scams", "/scams/phishing", "/scams/sextortion", "/about", "/privacy", "/check",
		"/check?value=%2B66+2+123+4567", "/report", "/trends", "/subscribe", "/subscribe/demo", "/trends/" + e.trendSlug()}
	ids, err := e.cat.IDs()
	if err != nil {
		t.Fatal(err)
	}
	idPattern := regexp.MustCompile(`\b(` + strings.Join(ids, "|") + `)\b`)
	for _, lang := range langs.All() {
		dir := "ltr"
		if lang == "ar" {
			dir = "rtl"
		}
		for _, p := range paths {
			r := e.get("/" + lang + p)
			if r.status != 200 {
				t.Errorf("%s%s: status %d", lang, p, r.status)
				continue
			}
			if want := fmt.Sprintf(`<html lang="%s" dir="%s">`, lang, dir); !strings.Contains(r.body, want) {
				t.Errorf("/%s%s lacks %s", lang, p, want)
			}
			if m := idPattern.FindString(textOf(r.body)); m != "" {
				t.Errorf("/%s%s shows the message id %q", lang, p, m)
			}
		}
	}
}

func TestLocalisedNotFound(t *testing.T) {
	e := newWebEnv(t, false)
	for _, tc := range []struct{ path, accept, lang string }{
		{"/th/no-such-page", "", "th"}, {"/ar/alerts/no-such-alert", "", "ar"}, {"/en/scams/no-such-scam", "", "en"},
		{"/xx/", "fr-CA,fr;q=0.9", "fr"}, {"/no-such-thing", "vi", "vi"},
	} {
		r := e.get(tc.path, "Accept-Language", tc.accept)
		if r.status != 404 || !strings.Contains(r.body, `<html lang="`+tc.lang+`"`) ||
			!strings.Contains(r.body, e.cat.T(tc.lang, "error-404-title", nil)) {
			t.Errorf("%s: %d, want a 404 page in %s", tc.path, r.status, tc.lang)
		}
	}
	if r := e.get("/en/alerts?severity=loud"); r.status != 400 || !strings.Contains(r.body, "<html") {
		t.Errorf("bad filter: %d, want a 400 page", r.status)
	}
}

func TestLanguageNegotiation(t *testing.T) {
	e := newWebEnv(t, false)
	for _, tc := range []struct{ cookie, accept, want string }{
		{"", "", "/en/"}, {"", "th-TH,th;q=0.9,en;q=0.5", "/th/"}, {"", "zh-TW", "/zh-hant/"}, {"", "zh-CN,zh;q=0.9", "/zh-hans/"},
		{"", "pt-BR", "/pt/"}, {"", "tl", "/fil/"}, {"", "de-DE,de", "/en/"}, {"km", "th", "/km/"}, {"klingon", "ar-EG", "/ar/"},
	} {
		h := []string{"Accept-Language", tc.accept}
		if tc.cookie != "" {
			h = append(h, "Cookie", "lang="+tc.cookie)
		}
		r := e.get("/", h...)
		if r.status != 302 || r.header.Get("Location") != tc.want || !strings.Contains(r.header.Get("Vary"), "Accept-Language") {
			t.Errorf("cookie %q, Accept-Language %q: %d → %q, want %s", tc.cookie, tc.accept, r.status, r.header.Get("Location"), tc.want)
		}
	}
	for _, tc := range []struct{ path, want string }{
		{"/lang/th?next=/alerts%3Fregion%3DTH", "/th/alerts?region=TH"}, {"/lang/ar?next=//evil.example", "/ar/"},
		{"/lang/ar?next=https://evil.example", "/ar/"}, {"/lang/vi?next=/%5Cevil.example", "/vi/"},
	} {
		r := e.get(tc.path)
		if r.status != 303 || r.header.Get("Location") != tc.want || !strings.Contains(r.header.Get("Set-Cookie"), "lang=") {
			t.Errorf("%s: %d → %q, want %s with a cookie", tc.path, r.status, r.header.Get("Location"), tc.want)
		}
	}
	if r := e.get("/lang/xx?next=/"); r.status != 404 {
		t.Errorf("switch to an unsupported language: %d", r.status)
	}
}

// TestSwitcherKeepsPath: every language link of a page leads to the same page.
func TestSwitcherKeepsPath(t *testing.T) {
	e := newWebEnv(t, false)
	r := e.get("/th/scams/phishing")
	for _, l := range langs.All() {
		if !strings.Contains(r.body, `href="/lang/`+l+`?next=%2Fscams%2Fphishing"`) {
			t.Errorf("no switcher link to %s keeping the path", l)
		}
		if !strings.Contains(r.body, `<link rel="alternate" hreflang="`+l+`" href="https://beacon.test/`+l+`/scams/phishing">`) {
			t.Errorf("no hreflang alternate for %s", l)
		}
	}
}

func TestPagesChangeOnPublish(t *testing.T) {
	e := newWebEnv(t, false)
	first := e.get("/en/")
	if first.status != 200 || !strings.Contains(first.body, e.cat.T("en", "alerts-empty", nil)) {
		t.Fatalf("empty home: %d", first.status)
	}
	if r := e.get("/en/", "If-None-Match", first.header.Get("ETag")); r.status != 304 {
		t.Errorf("If-None-Match: %d, want 304", r.status)
	}
	ctx := context.Background()
	exp := time.Now().Add(24 * time.Hour)
	a, err := e.svc.Create(ctx, alerts.Actor{ID: "a", Role: auth.RoleAuthor, Agency: "TH"}, alerts.Content{
		Severity: alerts.SeverityCritical, Typologies: []string{"parcel-scam"}, Regions: []string{"TH"}, Channels: []string{"sms"},
		ExpiresAt:    &exp,
		Translations: map[string]alerts.Translation{"en": {Title: "Fake customs fee texts", Summary: "Do not pay.", Body: "Delete."}}})
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Submit(ctx, alerts.Actor{ID: "a", Role: auth.RoleAuthor}, a.ID, 0)
	if _, err := e.svc.Approve(ctx, alerts.Actor{ID: "r", Role: auth.RoleReviewer}, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	r := e.get("/en/", "If-None-Match", first.header.Get("ETag"))
	if r.status != 200 || !strings.Contains(r.body, "Fake customs fee texts") {
		t.Errorf("after publishing, home: %d, want the new alert", r.status)
	}
	e.svc.Retract(ctx, alerts.Actor{ID: "r", Role: auth.RoleReviewer}, a.ID, 0, "Sent in error")
	if r := e.get("/en/alerts/" + a.Slug); !strings.Contains(r.body, e.cat.T("en", "alert-withdrawn-title", nil)) {
		t.Error("a retracted alert's page lacks the withdrawn banner")
	}
}

// TestPageQuality checks, on every kind of page in a left-to-right and a
// right-to-left language: weight, no inline script or style (the CSP forbids
// them), one h1, landmarks, a skip link, labels for inputs, alt on images.
func TestPageQuality(t *testing.T) {
	e := newWebEnv(t, true)
	updated, _, _ := e.publicSlugs()
	css := e.get("/static/beacon.css")
	if css.status != 200 || !strings.Contains(css.header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %s", css.status, css.header.Get("Content-Type"))
	}
	for _, lang := range []string{"en", "ar", "th", "my"} {
		for _, p := range []string{"/", "/alerts", "/alerts/" + updated, "/scams/investment-scam", "/check", "/privacy", "/subscribe",
			"/subscribe/demo", "/trends", "/trends/" + e.trendSlug()} {
			path := "/" + lang + p
			r := e.get(path)
			if weight := len(r.body) + len(css.body); weight > 60*1024 {
				t.Errorf("%s weighs %d bytes with its CSS, over 60 KB", path, weight)
			}
			csp := r.header.Get("Content-Security-Policy")
			if strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("%s CSP: %q", path, csp)
			}
			checkMarkup(t, path, r.body)
		}
	}
}

func checkMarkup(t *testing.T, path, doc string) {
	t.Helper()
	root := parse(t, doc)
	count := map[string]int{}
	labels, ids := map[string]bool{}, map[string]int{}
	var inputs []string
	walk(root, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		count[n.Data]++
		if _, ok := attr(n, "style"); ok {
			t.Errorf("%s: inline style on <%s>", path, n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: inline handler %s on <%s>", path, a.Key, n.Data)
			}
		}
		if id, ok := attr(n, "id"); ok {
			ids[id]++
		}
		switch n.Data {
		case "script":
			if _, ok := attr(n, "src"); !ok {
				t.Errorf("%s: inline <script>", path)
			}
		case "img":
			if _, ok := attr(n, "alt"); !ok {
				t.Errorf("%s: <img> without alt", path)
			}
		case "label":
			if f, ok := attr(n, "for"); ok {
				labels[f] = true
			}
		case "input", "select", "textarea":
			if typ, _ := attr(n, "type"); typ != "hidden" && typ != "submit" {
				id, _ := attr(n, "id")
				inputs = append(inputs, id)
			}
		}
	})
	for _, id := range inputs {
		if id == "" || !labels[id] {
			t.Errorf("%s: a form field (%q) has no <label for>", path, id)
		}
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("%s: id %q used %d times", path, id, n)
		}
	}
	for _, tag := range []string{"header", "nav", "main", "footer", "h1"} {
		if count[tag] == 0 {
			t.Errorf("%s: no <%s>", path, tag)
		}
	}
	if count["h1"] > 1 {
		t.Errorf("%s: %d <h1> elements", path, count["h1"])
	}
	if !strings.Contains(doc, `class="skip" href="#main"`) || !strings.Contains(doc, `<main id="main"`) {
		t.Errorf("%s: no working skip link", path)
	}
}

func TestSitemapAndRobots(t *testing.T) {
	e := newWebEnv(t, true)
	r := e.get("/sitemap.xml")
	if r.status != 200 {
		t.Fatalf("sitemap: %d", r.status)
	}
	for _, l := range langs.All() {
		if !strings.Contains(r.body, "<loc>https://beacon.test/"+l+"/scams/phishing</loc>") {
			t.Errorf("sitemap lacks /%s/scams/phishing", l)
		}
	}
	if !strings.Contains(r.body, `hreflang="x-default"`) {
		t.Error("sitemap lacks x-default alternates")
	}
	_, _, slugs := e.publicSlugs()
	if !strings.Contains(r.body, "/th/alerts/"+slugs[0]+"</loc>") {
		t.Error("sitemap lacks the alerts")
	}
	rb := e.get("/robots.txt")
	if rb.status != 200 || !strings.Contains(rb.body, "Sitemap: https://beacon.test/sitemap.xml") || !strings.Contains(rb.body, "Disallow: /api/") {
		t.Errorf("robots.txt: %d %q", rb.status, rb.body)
	}
}
