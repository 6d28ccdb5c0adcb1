package site_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
	"github.com/antifraud-alliance/beacon/site"
)

// demoReceived is what a demo subscriber might have received, out of order:
// an alert replaced by its update, an Arabic critical alert, a trend report.
var demoReceived = []site.DemoNotification{
	{At: time.Date(2026, 11, 2, 9, 5, 0, 0, time.UTC), Kind: "alert", Title: "Fake police calls about parcels",
		Body: "Hang up. The police never ask for money on the phone.", URL: "https://beacon.test/en/alerts/fake-police-calls",
		Tag: "alert-a1", Severity: "warning", Lang: "en", Urgency: "normal", Topic: "a1-topic", TTL: 86400, Replaced: true},
	{At: time.Date(2026, 11, 3, 7, 40, 0, 0, time.UTC), Kind: "report", Title: "October scam trends",
		Body: "Task scams rose again.", URL: "https://beacon.test/en/trends/october", Tag: "report-r9", Lang: "en",
		Urgency: "very-low", Topic: "r9-topic", TTL: 604800},
	{At: time.Date(2026, 11, 2, 14, 30, 0, 0, time.UTC), Kind: "update", Title: "Fake police calls: new numbers",
		Body: "Two more numbers are in use.", URL: "https://beacon.test/en/alerts/fake-police-calls",
		Tag: "alert-a1", Severity: "critical", Lang: "en", Urgency: "high", Topic: "a1-topic", TTL: 43200},
	{At: time.Date(2026, 11, 1, 18, 0, 0, 0, time.UTC), Kind: "alert", Title: "رسائل مزيفة عن طرود",
		Body: "لا تدفع أي رسوم.", URL: "https://beacon.test/ar/alerts/fake-parcel-texts", Tag: "alert-b2",
		Severity: "advisory", Lang: "ar", Urgency: "low", Topic: "b2-topic", TTL: 3600},
}

// demoInboxFor gives the site a demo inbox when the environment is the demo.
func demoInboxFor(withDemo bool) func() []site.DemoNotification {
	if !withDemo {
		return nil
	}
	return func() []site.DemoNotification { return append([]site.DemoNotification(nil), demoReceived...) }
}

func byID(root *html.Node, id string) *html.Node {
	var found *html.Node
	walk(root, func(n *html.Node) {
		if v, ok := attr(n, "id"); ok && v == id && found == nil {
			found = n
		}
	})
	return found
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestSubscribePagePush: the push section is there for the script, hidden
// without it, with a noscript pointer to the feeds; every state's words
// are on the page in its language; the choices start from sensible defaults.
func TestSubscribePagePush(t *testing.T) {
	e := newWebEnv(t, true)
	css, js := e.get("/static/beacon.css"), e.get("/static/subscribe.js")
	if js.status != 200 || !strings.Contains(js.header.Get("Content-Type"), "javascript") {
		t.Fatalf("subscribe.js: %d %s", js.status, js.header.Get("Content-Type"))
	}
	states := map[string]string{"checking": "push-state-checking", "off": "push-state-off", "working": "push-state-working",
		"subscribed": "push-state-subscribed", "unsubscribed": "push-state-unsubscribed", "dismissed": "push-state-dismissed",
		"blocked": "push-state-blocked", "unsupported": "push-state-unsupported", "error": ""}
	for _, lang := range langs.All() {
		r := e.get("/" + lang + "/subscribe")
		if r.status != 200 {
			t.Fatalf("%s: %d", lang, r.status)
		}
		if weight := len(r.body) + len(css.body) + len(js.body); weight > 60*1024 {
			t.Errorf("/%s/subscribe weighs %d bytes with its CSS and script, over 60 KB", lang, weight)
		}
		root := parse(t, r.body)
		app := byID(root, "push-app")
		if app == nil {
			t.Fatalf("%s: no #push-app", lang)
		}
		if _, hidden := attr(app, "hidden"); !hidden {
			t.Errorf("%s: the push section is not hidden for browsers without script", lang)
		}
		for _, a := range []string{"data-all-regions", "data-all-typologies", "data-yes", "data-no", "data-error-network",
			"data-error-service", "data-error-server"} {
			if v, _ := attr(app, a); v == "" || strings.HasPrefix(v, "push-") || strings.HasPrefix(v, "filter-") {
				t.Errorf("%s: %s is %q, want words in the language", lang, a, v)
			}
		}
		seen := map[string]bool{}
		walk(app, func(n *html.Node) {
			if s, ok := attr(n, "data-state"); ok {
				seen[s] = true
				if id := states[s]; id != "" && !strings.Contains(nodeText(n), e.cat.T(lang, id, nil)) {
					t.Errorf("%s: state %s lacks its words %q", lang, s, e.cat.T(lang, id, nil))
				}
			}
		})
		for s := range states {
			if !seen[s] {
				t.Errorf("%s: no element for the %s state", lang, s)
			}
		}
		walk(app, func(n *html.Node) {
			if s, _ := attr(n, "data-state"); s != "unsupported" {
				return
			}
			links := 0
			walk(n, func(a *html.Node) {
				if href, _ := attr(a, "href"); a.Data == "a" && href == "#feeds-h" {
					links++
				}
			})
			if !strings.Contains(nodeText(n), e.cat.T(lang, "push-unsupported-ios", nil)) || links != 1 {
				t.Errorf("%s: the unsupported state does not explain iPhones and point to the feeds", lang)
			}
		})
		if !regexp.MustCompile(`<noscript><p class="banner">[^<]+<a href="#feeds-h">`).MatchString(r.body) {
			t.Errorf("%s: no noscript pointer to the feeds", lang)
		}
		if !strings.Contains(r.body, `<script src="/static/subscribe.js?v=`) {
			t.Errorf("%s: subscribe.js is not loaded", lang)
		}
		// Defaults: the page's language, advisories and up, the language's home country.
		if !strings.Contains(r.body, `<option value="`+lang+`" lang="`+lang+`" selected>`) {
			t.Errorf("%s: the notification language does not default to the page's", lang)
		}
		if !strings.Contains(r.body, `id="p-sev-advisory" name="minSeverity" value="advisory" checked>`) {
			t.Errorf("%s: advisory is not the default severity", lang)
		}
		menu := byID(root, "p-regions")
		list, _ := attr(menu, "data-countries")
		entries := strings.Split(list, "|")
		codes := map[string]bool{}
		for _, c := range entries {
			if len(c) < 3 || strings.ToUpper(c[:2]) != c[:2] {
				t.Fatalf("%s: country entry %q is not a code and a name", lang, c)
			}
			codes[c[:2]] = true
		}
		if len(codes) < 240 || len(codes) != len(entries) {
			t.Errorf("%s: %d countries (%d distinct) to choose from", lang, len(entries), len(codes))
		}
		home, _ := attr(menu, "data-home")
		if want := map[string]string{"th": "TH", "vi": "VN", "ar": "AE", "en": ""}[lang]; (want != "" || lang == "en") && home != want {
			t.Errorf("%s: preselected %q, want %q", lang, home, want)
		}
		if home != "" && !codes[home] {
			t.Errorf("%s: the preselected country %s is not on the menu", lang, home)
		}
		for _, typ := range alerts.Typologies {
			if !strings.Contains(r.body, `<input type="checkbox" id="p-t-`+typ+`" name="typologies" value="`+typ+`"><label for="p-t-`+typ+`">`+
				html.EscapeString(e.cat.T(lang, "typology-"+typ, nil))+`</label>`) {
				t.Errorf("%s: no labelled check box for %s", lang, typ)
			}
		}
		checkMarkup(t, "/"+lang+"/subscribe", r.body)
	}
}

// TestDemoInbox: without an inbox the page does not exist; with one it lists
// what arrived, newest first, in the reader's language, never from a cache.
func TestDemoInbox(t *testing.T) {
	plain := newWebEnv(t, false)
	if r := plain.get("/en/subscribe/demo"); r.status != 404 {
		t.Errorf("no demo: %d, want 404", r.status)
	}
	if r := plain.get("/en/subscribe"); strings.Contains(r.body, "/subscribe/demo") {
		t.Error("no demo: the subscribe page links to a demo inbox")
	}

	e := newWebEnv(t, true)
	if r := e.get("/th/subscribe"); !strings.Contains(r.body, `<a href="/th/subscribe/demo">`+e.cat.T("th", "push-demo-link", nil)+`</a>`) {
		t.Error("demo: the subscribe page does not link to the demo inbox")
	}
	if r := e.get("/xx/subscribe/demo"); r.status != 404 {
		t.Errorf("/xx/subscribe/demo: %d", r.status)
	}
	r := e.get("/en/subscribe/demo")
	if r.status != 200 || r.header.Get("Cache-Control") != "no-store" || !strings.Contains(r.body, `<meta name="robots" content="noindex">`) {
		t.Fatalf("demo inbox: %d, Cache-Control %q", r.status, r.header.Get("Cache-Control"))
	}
	order := []string{"October scam trends", "Fake police calls: new numbers", "Fake police calls about parcels", "رسائل مزيفة عن طرود"}
	last := -1
	for _, title := range order {
		i := strings.Index(r.body, title)
		if i < last {
			t.Errorf("%q is not in newest-first order", title)
		}
		last = i
	}
	root := parse(t, r.body)
	var items []*html.Node
	walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "li" && n.Parent != nil {
			if c, _ := attr(n.Parent, "class"); c == "push-inbox" {
				items = append(items, n)
			}
		}
	})
	if len(items) != len(demoReceived) {
		t.Fatalf("%d notifications listed, want %d", len(items), len(demoReceived))
	}
	replaced := nodeText(items[2])
	for _, want := range []string{"2 November 2026, 09:05 UTC", "New alert", "Warning", "normal", "86,400", "a1-topic", "alert-a1",
		e.cat.T("en", "push-demo-replaced", nil), "https://beacon.test/en/alerts/fake-police-calls"} {
		if !strings.Contains(replaced, want) {
			t.Errorf("the replaced alert's entry lacks %q: %s", want, replaced)
		}
	}
	if c, _ := attr(items[2], "class"); !strings.Contains(c, "push-replaced") {
		t.Error("the replaced notification is not marked")
	}
	if s := nodeText(items[1]); !strings.Contains(s, "Updated alert") || !strings.Contains(s, "Critical") || strings.Contains(s, e.cat.T("en", "push-demo-replaced", nil)) {
		t.Errorf("the update's entry: %s", s)
	}
	if !strings.Contains(r.body, `<h2 class="card-title" lang="ar" dir="rtl">رسائل مزيفة عن طرود</h2>`) {
		t.Error("an Arabic notification on an English page is not marked as Arabic, right to left")
	}
	// Dates in the reader's language and calendar.
	if th := e.get("/th/subscribe/demo"); !strings.Contains(th.body, "2569") || !strings.Contains(th.body, e.cat.T("th", "push-kind-report", nil)) {
		t.Error("the Thai inbox does not give Buddhist-era dates and Thai kinds")
	}
}

// TestServiceWorkerAndManifest: /sw.js at the root as JavaScript that is
// revalidated on every check, the manifest as JSON with what installing the
// site needs, its icons real PNGs of the stated sizes, linked from pages.
func TestServiceWorkerAndManifest(t *testing.T) {
	e := newWebEnv(t, false)
	sw := e.get("/sw.js")
	want, err := os.ReadFile("static/sw.js")
	if err != nil {
		t.Fatal(err)
	}
	if sw.status != 200 || sw.header.Get("Content-Type") != "text/javascript; charset=utf-8" || sw.body != string(want) {
		t.Fatalf("/sw.js: %d %q", sw.status, sw.header.Get("Content-Type"))
	}
	if sw.header.Get("Cache-Control") != "no-cache" || sw.header.Get("ETag") == "" {
		t.Errorf("/sw.js caching: %q, ETag %q", sw.header.Get("Cache-Control"), sw.header.Get("ETag"))
	}
	if r := e.get("/sw.js", "If-None-Match", sw.header.Get("ETag")); r.status != 304 {
		t.Errorf("/sw.js revalidation: %d, want 304", r.status)
	}
	csp := sw.header.Get("Content-Security-Policy")
	for _, d := range []string{"worker-src 'self'", "manifest-src 'self'", "connect-src 'self'", "script-src 'self'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP lacks %s: %q", d, csp)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("CSP allows something unsafe: %q", csp)
	}
	// Every file the worker shows must exist: the icon and the badge.
	for _, m := range regexp.MustCompile(`"(/static/[^"]+)"`).FindAllStringSubmatch(sw.body, -1) {
		if r := e.get(m[1]); r.status != 200 || r.header.Get("Content-Type") != "image/png" {
			t.Errorf("sw.js shows %s: %d %s", m[1], r.status, r.header.Get("Content-Type"))
		}
	}
	badge := e.get("/static/badge-96.png")
	img, err := png.Decode(strings.NewReader(badge.body))
	if err != nil {
		t.Fatal(err)
	}
	opaque := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, a := img.At(x, y).RGBA()
			if a > 0 && (r != a || g != a || b != a) {
				t.Fatalf("the badge is not white on transparent at %d,%d", x, y)
			}
			if a == 0xffff {
				opaque++
			}
		}
	}
	if opaque < 96*96/5 {
		t.Errorf("the badge is almost empty: %d opaque pixels", opaque)
	}

	r := e.get("/manifest.webmanifest")
	if r.status != 200 || r.header.Get("Content-Type") != "application/manifest+json" {
		t.Fatalf("manifest: %d %q", r.status, r.header.Get("Content-Type"))
	}
	var m struct {
		Name            string `json:"name"`
		ShortName       string `json:"short_name"`
		StartURL        string `json:"start_url"`
		Display, Scope  string
		ThemeColor      string `json:"theme_color"`
		BackgroundColor string `json:"background_color"`
		Icons           []manifestIcon
	}
	dec := json.NewDecoder(strings.NewReader(r.body))
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest: %v\n%s", err, r.body)
	}
	if m.Name == "" || m.ShortName == "" || m.StartURL != "/" || m.Display != "standalone" || m.Scope != "/" || m.BackgroundColor == "" {
		t.Errorf("manifest fields: %+v", m)
	}
	css := e.get("/static/beacon.css").body
	if brand := regexp.MustCompile(`--brand: (#[0-9a-f]{6})`).FindStringSubmatch(css); brand == nil || brand[1] != m.ThemeColor {
		t.Errorf("theme_color %q is not the stylesheet's brand colour %v", m.ThemeColor, brand)
	}
	page := e.get("/ar/alerts")
	if !strings.Contains(page.body, `<meta name="theme-color" content="`+m.ThemeColor+`">`) {
		t.Error("the pages' theme-color differs from the manifest's")
	}
	pngs := map[string]bool{}
	for _, icon := range m.Icons {
		res := e.get(icon.Src)
		if res.status != 200 || res.header.Get("Content-Type") != icon.Type {
			t.Errorf("icon %s: %d %q, manifest says %q", icon.Src, res.status, res.header.Get("Content-Type"), icon.Type)
			continue
		}
		if icon.Type != "image/png" {
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader([]byte(res.body)))
		if err != nil {
			t.Errorf("icon %s: %v", icon.Src, err)
			continue
		}
		if got := fmt.Sprintf("%dx%d", cfg.Width, cfg.Height); got != icon.Sizes {
			t.Errorf("icon %s is %s, manifest says %s", icon.Src, got, icon.Sizes)
		}
		pngs[icon.Sizes+icon.Purpose] = true
	}
	for _, need := range []string{"96x96", "192x192", "512x512", "512x512maskable"} {
		if !pngs[need] {
			t.Errorf("manifest lacks a %s PNG icon", need)
		}
	}
	// A maskable icon is full bleed: its corners are opaque.
	if mask := e.get(iconSrc(m.Icons, "512x512", "maskable")); mask.status == 200 {
		img, err := png.Decode(strings.NewReader(mask.body))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0xffff {
			t.Error("the maskable icon's corner is transparent")
		}
	}
	for _, p := range []string{"/en/", "/ar/alerts", "/th/subscribe", "/my/check"} {
		if !strings.Contains(e.get(p).body, `<link rel="manifest" href="/manifest.webmanifest">`) {
			t.Errorf("%s does not link the manifest", p)
		}
	}
	if res := e.get("/manifest.webmanifest", "If-None-Match", r.header.Get("ETag")); res.status != http.StatusNotModified {
		t.Errorf("manifest revalidation: %d", res.status)
	}
}

type manifestIcon struct{ Src, Sizes, Type, Purpose string }

func iconSrc(icons []manifestIcon, sizes, purpose string) string {
	for _, i := range icons {
		if i.Sizes == sizes && i.Purpose == purpose {
			return i.Src
		}
	}
	return "/no-such-icon"
}
