package feeds

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	gatom "github.com/mmcdole/gofeed/atom"
	gjson "github.com/mmcdole/gofeed/json"

	"github.com/antifraud-alliance/beacon/alerts"
)

const xmlLang = "http://www.w3.org/XML/1998/namespace lang"

var formats = []Format{RSS, Atom, JSON}

func render(t *testing.T, cfg Config, f Format, lang string, filter Filter, list ...*alerts.Alert) ([]byte, time.Time, *gofeed.Feed) {
	t.Helper()
	b, mod, err := Alerts(cfg, f, lang, filter, list)
	if err != nil {
		t.Fatalf("Alerts(%s, %s): %v", f, lang, err)
	}
	if f != JSON {
		wellFormed(t, "feed."+string(f), b)
	}
	parsed, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatalf("gofeed cannot read the %s feed: %v\n%s", f, err, b)
	}
	return b, mod, parsed
}

func sample() []*alerts.Alert {
	a := published("0195aa000000000000000001", "sms-toll-scam", t0, alerts.SeverityWarning, []string{"TH"}, "phishing", "parcel-scam")
	a.Translations["th"] = alerts.Translation{Title: "หลอกค่าผ่านทาง", Summary: "ข้อความปลอม", Body: "อย่า**คลิก**"}
	b := published("0195aa000000000000000002", "fake-bank-call", t0.Add(-48*time.Hour), alerts.SeverityCritical, []string{"global"}, "fake-customer-service")
	revise(b, t0.Add(2*time.Hour))
	return []*alerts.Alert{a, b}
}

func TestFeedsReadBack(t *testing.T) {
	cfg := testConfig(t)
	list := sample()
	for _, f := range formats {
		for _, lang := range []string{"en", "th", "zh-hans"} {
			t.Run(string(f)+"/"+lang, func(t *testing.T) {
				b, mod, feed := render(t, cfg, f, lang, Filter{}, list...)
				wantLang := map[string]string{"en": "en", "th": "th", "zh-hans": "zh-Hans"}[lang]
				if feed.Language != wantLang {
					t.Errorf("language = %q, want %q", feed.Language, wantLang)
				}
				self := testBase + "/" + lang + "/feeds/alerts." + string(f)
				if feed.FeedLink != self {
					t.Errorf("self link = %q, want %q", feed.FeedLink, self)
				}
				if feed.Link != testBase+"/"+lang+"/alerts" {
					t.Errorf("alternate link = %q", feed.Link)
				}
				// The feed's updated time is the latest change: b's revision.
				if want := t0.Add(2 * time.Hour).Truncate(time.Second); !mod.Equal(want) {
					t.Errorf("modified = %v, want %v", mod, want)
				}
				if f != JSON && (feed.UpdatedParsed == nil || !feed.UpdatedParsed.Equal(mod)) {
					t.Errorf("feed updated = %v, want %v", feed.UpdatedParsed, mod)
				}
				if len(feed.Items) != 2 {
					t.Fatalf("%d items, want 2", len(feed.Items))
				}
				for i, a := range list {
					it := feed.Items[i]
					if want := "tag:beacon.example.org,2026:alert/" + a.ID + "/" + lang; it.GUID != want {
						t.Errorf("id = %q, want %q", it.GUID, want)
					}
					if want := testBase + "/" + lang + "/alerts/" + a.Slug; it.Link != want {
						t.Errorf("link = %q, want %q", it.Link, want)
					}
					if it.PublishedParsed == nil || !it.PublishedParsed.Equal(a.PublishedAt.Truncate(time.Second)) {
						t.Errorf("published = %v, want %v", it.PublishedParsed, a.PublishedAt)
					}
					if it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(updatedAt(a)) {
						t.Errorf("updated = %v, want %v", it.UpdatedParsed, updatedAt(a))
					}
					if len(it.Authors) != 1 || it.Authors[0].Name != "Royal Thai Police" {
						t.Errorf("authors = %+v", it.Authors)
					}
					cats := it.Categories
					if f == Atom { // gofeed shows Atom labels; the terms are the ids
						cats = atomTerms(t, b, i)
					}
					for _, c := range append(slices.Clone(a.Typologies), string(a.Severity)) {
						if !slices.Contains(cats, c) {
							t.Errorf("categories %v lack %q", it.Categories, c)
						}
					}
				}
				if lang == "th" && feed.Items[0].Title != "หลอกค่าผ่านทาง" {
					t.Errorf("th title = %q", feed.Items[0].Title)
				}
			})
		}
	}
}

// TestStableOutput: the same alerts give the same bytes whenever they are
// rendered (no random ids, no render time); languages get distinct ids.
func TestStableOutput(t *testing.T) {
	cfg := testConfig(t)
	for _, f := range formats {
		b1, _, _ := render(t, cfg, f, "en", Filter{}, sample()...)
		later := cfg
		later.Now = func() time.Time { return now.Add(90 * 24 * time.Hour) }
		b2, _, _ := render(t, later, f, "en", Filter{}, sample()...)
		if string(b1) != string(b2) {
			t.Errorf("%s: output changed between renders", f)
		}
		_, _, th := render(t, cfg, f, "th", Filter{}, sample()...)
		if strings.HasSuffix(th.Items[0].GUID, "/en") {
			t.Errorf("%s: th feed reuses the English id %q", f, th.Items[0].GUID)
		}
	}
}

func TestNewVersionChangesUpdated(t *testing.T) {
	cfg := testConfig(t)
	for _, f := range formats {
		a := sample()[0]
		_, mod1, v1 := render(t, cfg, f, "en", Filter{}, a)
		revise(a, t0.Add(5*time.Hour))
		a.Translations["en"] = alerts.Translation{Title: "Alert, revised", Summary: "New summary.", Body: "New body."}
		_, mod2, v2 := render(t, cfg, f, "en", Filter{}, a)
		i1, i2 := v1.Items[0], v2.Items[0]
		if i1.GUID != i2.GUID || !i1.PublishedParsed.Equal(*i2.PublishedParsed) {
			t.Errorf("%s: id or published changed with a new version: %q %v → %q %v", f, i1.GUID, i1.PublishedParsed, i2.GUID, i2.PublishedParsed)
		}
		want := t0.Add(5 * time.Hour).Truncate(time.Second)
		if !i2.UpdatedParsed.Equal(want) || i1.UpdatedParsed.Equal(want) {
			t.Errorf("%s: updated %v → %v, want → %v", f, i1.UpdatedParsed, i2.UpdatedParsed, want)
		}
		if !mod2.Equal(want) || !mod2.After(mod1) {
			t.Errorf("%s: modified %v → %v, want → %v", f, mod1, mod2, want)
		}
		if i2.Title != "Alert, revised" {
			t.Errorf("%s: title %q", f, i2.Title)
		}
	}
}

func TestFallbackMarked(t *testing.T) {
	cfg := testConfig(t)
	a := sample()[1] // English only
	note := msg("th", "fallback-note", map[string]any{"Language": langName("th", "en")})
	if note == "" || strings.Contains(note, "{{") {
		t.Fatalf("bad note %q", note)
	}
	for _, f := range formats {
		b, _, feed := render(t, cfg, f, "th", Filter{}, a)
		it := feed.Items[0]
		desc := it.Description
		if f == RSS {
			desc = htmlUnescape(desc)
		}
		if !strings.HasPrefix(desc, note+" ") {
			t.Errorf("%s: summary %q does not start with the note %q", f, desc, note)
		}
		if it.Title != "Alert fake-bank-call" {
			t.Errorf("%s: title %q", f, it.Title)
		}
		switch f {
		case Atom:
			if e := attrs(t, b, "entry"); e[0][xmlLang] != "en" {
				t.Errorf("atom entry xml:lang = %q, want en", e[0][xmlLang])
			}
			if fe := attrs(t, b, "feed"); fe[0][xmlLang] != "th" {
				t.Errorf("atom feed xml:lang = %q, want th", fe[0][xmlLang])
			}
		case JSON:
			jf, err := (&gjson.Parser{}).Parse(strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			if jf.Language != "th" || jf.Items[0].Language != "en" {
				t.Errorf("json languages: feed %q item %q", jf.Language, jf.Items[0].Language)
			}
			var ext struct {
				Beacon struct{ Updated time.Time } `json:"_beacon"`
			}
			if err := json.Unmarshal(b, &ext); err != nil || ext.Beacon.Updated.IsZero() {
				t.Errorf("json _beacon.updated missing: %v", err)
			}
		case RSS:
			if it.DublinCoreExt == nil || len(it.DublinCoreExt.Language) == 0 || it.DublinCoreExt.Language[0] != "en" {
				t.Errorf("rss item dc:language = %+v", it.DublinCoreExt)
			}
		}
	}
}

func TestRetraction(t *testing.T) {
	cfg := testConfig(t)
	a := sample()[0]
	when := t0.Add(6 * time.Hour)
	retract(a, when, "Duplicate of another alert.")
	for _, f := range formats {
		for _, lang := range []string{"en", "th"} {
			b, mod, feed := render(t, cfg, f, lang, Filter{}, a)
			it := feed.Items[0]
			word := msg(lang, "status-retracted", nil)
			if !strings.HasPrefix(it.Title, "["+word+"] ") {
				t.Errorf("%s/%s: title %q not marked withdrawn (%q)", f, lang, it.Title, word)
			}
			mustContain(t, string(f)+" summary", htmlUnescape(it.Description), word+": Duplicate of another alert.")
			if strings.Contains(it.Content, "click") {
				t.Errorf("%s: withdrawn body still published: %q", f, it.Content)
			}
			w := when.Truncate(time.Second)
			if !it.UpdatedParsed.Equal(w) || !mod.Equal(w) {
				t.Errorf("%s: updated %v, modified %v, want %v", f, it.UpdatedParsed, mod, w)
			}
			if f != Atom {
				continue
			}
			del := attrs(t, b, "deleted-entry")
			if len(del) != 1 || del[0]["$ns"] != nsTombstones || del[0]["ref"] != it.GUID || del[0]["when"] != w.Format(time.RFC3339) {
				t.Errorf("tombstone = %+v, want ref %q when %v", del, it.GUID, w)
			}
			if ex := feed.Extensions["at"]["deleted-entry"]; len(ex) != 1 || ex[0].Attrs["ref"] != it.GUID {
				t.Errorf("gofeed sees tombstone %+v", ex)
			}
		}
	}
	// No tombstone while the alert is live.
	b, _, _ := render(t, cfg, Atom, "en", Filter{}, sample()[0])
	if strings.Contains(string(b), "deleted-entry") {
		t.Error("tombstone for a live alert")
	}
}

// atomTerms returns the category terms of entry i, read by gofeed's Atom parser.
func atomTerms(t *testing.T, b []byte, i int) []string {
	t.Helper()
	af, err := (&gatom.Parser{}).Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range af.Entries[i].Categories {
		if c.Label == "" {
			t.Errorf("category %q has no label", c.Term)
		}
		out = append(out, c.Term)
	}
	return out
}
