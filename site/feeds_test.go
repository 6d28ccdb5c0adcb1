package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/antifraud-alliance/beacon/alerts"
)

func TestFeedRoutes(t *testing.T) {
	e := newWebEnv(t, true)
	_, retracted, _ := e.publicSlugs()
	for _, tc := range []struct{ path, ctype string }{
		{"/th/feeds/alerts.rss", "xml"}, {"/ar/feeds/alerts.atom", "atom+xml"}, {"/en/feeds/alerts.json", "json"},
		{"/en/feeds/alerts.atom?region=TH&severity=warning", "atom+xml"}, {"/cap/alerts.atom", "atom+xml"},
	} {
		r := e.get(tc.path)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), tc.ctype) || r.header.Get("ETag") == "" || r.header.Get("Last-Modified") == "" {
			t.Fatalf("%s: %d %s", tc.path, r.status, r.header.Get("Content-Type"))
		}
		if strings.HasSuffix(strings.Split(tc.path, "?")[0], "alerts.cap") {
			continue
		}
		feed, err := gofeed.NewParser().ParseString(r.body)
		if err != nil || len(feed.Items) == 0 {
			t.Errorf("%s does not parse as a feed: %v", tc.path, err)
		}
		if r := e.get(tc.path, "If-None-Match", r.header.Get("ETag")); r.status != 304 {
			t.Errorf("%s with If-None-Match: %d", tc.path, r.status)
		}
		if r := e.get(tc.path, "If-Modified-Since", r.header.Get("Last-Modified")); r.status != 304 {
			t.Errorf("%s with If-Modified-Since: %d", tc.path, r.status)
		}
	}
	th := e.get("/th/feeds/alerts.rss")
	if !strings.Contains(th.body, "<language>th</language>") {
		t.Error("the Thai feed does not say its language")
	}
	for _, bad := range []string{"/en/feeds/alerts.rss?severity=loud", "/en/feeds/alerts.atom?region=XX", "/en/feeds/alerts.json?typology=vishing"} {
		r := e.get(bad)
		if r.status != 400 || r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s, want a 400 problem", bad, r.status, r.header.Get("Content-Type"))
		}
	}
	if r := e.get("/en/feeds/alerts.xml"); r.status != 404 {
		t.Errorf("unknown format: %d", r.status)
	}
	if r := e.get("/en/feeds/build?format=atom&region=TH&typology="); r.status != 303 || r.header.Get("Location") != "/en/feeds/alerts.atom?region=TH" {
		t.Errorf("builder: %d %s", r.status, r.header.Get("Location"))
	}
	if r := e.get("/en/"); !strings.Contains(r.body, `<link rel="alternate" type="application/atom+xml"`) || !strings.Contains(r.body, `href="/en/feeds/alerts.rss"`) {
		t.Error("pages do not advertise their feeds")
	}
	a, err := e.svc.Public(context.Background(), retracted)
	if err != nil {
		t.Fatal(err)
	}
	capDoc := e.get("/cap/alerts/" + a.ID + ".xml")
	if capDoc.status != 200 || !strings.Contains(capDoc.body, "<msgType>Cancel</msgType>") {
		t.Errorf("CAP of a retracted alert: %d, want a Cancel message", capDoc.status)
	}
	if r := e.get("/cap/alerts/000000000000000000000000.xml"); r.status != 404 {
		t.Errorf("CAP of an unknown alert: %d", r.status)
	}
}

// TestFeedsFollowPublishing: a feed shows a new alert as soon as it is published.
func TestFeedsFollowPublishing(t *testing.T) {
	e := newWebEnv(t, false)
	first := e.get("/en/feeds/alerts.atom")
	if first.status != 200 {
		t.Fatalf("empty feed: %d", first.status)
	}
	ctx := context.Background()
	exp := time.Now().Add(48 * time.Hour)
	a, err := e.svc.Create(ctx, alerts.Actor{ID: "a", Role: 1, Agency: "MY"}, alerts.Content{Severity: alerts.SeverityWarning,
		Typologies: []string{"loan-scam"}, Regions: []string{"MY"}, Channels: []string{"social"}, ExpiresAt: &exp,
		Translations: map[string]alerts.Translation{"en": {Title: "Loan apps & <fees>", Summary: "Never pay first.", Body: "Stop."}}})
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Submit(ctx, alerts.Actor{ID: "a", Role: 1}, a.ID, 0)
	if _, err := e.svc.Approve(ctx, alerts.Actor{ID: "r", Role: 2}, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	r := e.get("/en/feeds/alerts.atom", "If-None-Match", first.header.Get("ETag"))
	if r.status != http.StatusOK {
		t.Fatalf("after publishing: %d", r.status)
	}
	feed, err := gofeed.NewParser().ParseString(r.body)
	if err != nil || len(feed.Items) != 1 || feed.Items[0].Title != "Loan apps & <fees>" {
		t.Errorf("feed after publishing: %+v %v", feed, err)
	}
}
