package site_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/content"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/demo"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/locales"
	"github.com/antifraud-alliance/beacon/site"
	"github.com/antifraud-alliance/beacon/site/api"
)

type webEnv struct {
	t   *testing.T
	srv *site.Server
	svc *alerts.Service
	st  store.Backend
	cat *locales.Catalog
	lk  *lookup.Service
	tr  *trends.Service
}

// newWebEnv is the whole site on SQLite; with demo, filled with the demo
// alerts and, as `beacon serve --demo`, showing a demo push inbox.
func newWebEnv(t *testing.T, withDemo bool) *webEnv { return newWebEnvOpts(t, withDemo, nil) }

// newWebEnvWithLog is newWebEnv (no demo) logging to log.
func newWebEnvWithLog(t *testing.T, log *slog.Logger) *webEnv { return newWebEnvOpts(t, false, log) }

func newWebEnvOpts(t *testing.T, withDemo bool, log *slog.Logger) *webEnv {
	t.Helper()
	st := storetest.SQLite(t)
	lk := lookup.NewService(st, lookup.Config{})
	if withDemo {
		if err := demo.Load(context.Background(), st, lk, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		if err := demo.LoadTrends(context.Background(), st, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
	}
	md := content.NewRenderer()
	lib, err := content.LoadEmbedded(md)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := content.LoadEmbeddedPages(md)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := &webEnv{t: t, st: st, cat: cat, lk: lk}
	e.tr = trends.NewService(st, st, trends.Options{OnChange: func(ch trends.Change) { e.srv.Forget(ch.Slug) }})
	e.svc = alerts.NewService(st, alerts.Options{OnChange: func(ch alerts.Change) {
		e.srv.Forget(ch.Slug)
		if ch.Public {
			if err := lk.SyncAlert(context.Background(), ch.Alert); err != nil {
				t.Error(err)
			}
		}
	}})
	e.srv, err = site.New(site.Config{BaseURL: "https://beacon.test", Ready: st.Ping, Log: log,
		API: api.Deps{Alerts: e.svc, Tokens: auth.NewService(st, nil), Audit: st, Lookup: lk, Trends: e.tr},
		Web: &site.WebConfig{Alerts: e.svc, Explainers: lib, Pages: pages, Markdown: md, Catalog: cat, Lookup: e.lk,
			DemoInbox: demoInboxFor(withDemo), Trends: e.tr}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

type page struct {
	status int
	header http.Header
	body   string
}

func (e *webEnv) get(path string, headers ...string) page {
	e.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.srv.App.Test(req, 10000)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, header: res.Header, body: string(b)}
}

// publicSlugs returns a few slugs of the demo: an updated and a retracted alert first.
func (e *webEnv) publicSlugs() (updated, retracted string, all []string) {
	list, _, err := e.svc.PublicList(context.Background(), alerts.PublicQuery{Scope: alerts.ScopeAll, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, a := range list {
		all = append(all, a.Slug)
		if a.Version > 1 {
			updated = a.Slug
		}
		if a.Status == alerts.StatusRetracted {
			retracted = a.Slug
		}
	}
	return updated, retracted, all
}

// textOf returns the visible text of an HTML document (no tags, no attributes).
func textOf(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
				b.WriteByte(' ')
			}
		}
	}
}

// attrs lists every attribute value of the elements named tag.
func parse(t *testing.T, doc string) *html.Node {
	n, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
