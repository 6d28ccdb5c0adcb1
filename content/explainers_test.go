package content

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

func TestLoadEmbedded(t *testing.T) {
	lib, err := LoadEmbedded(NewRenderer())
	if err != nil {
		t.Fatalf("LoadEmbedded: %v", err)
	}
	var complete []string
	for _, lang := range langs.All() {
		if !slices.ContainsFunc(alerts.Typologies, func(s string) bool { return !lib.Has(s, lang) }) {
			complete = append(complete, lang)
		}
	}
	t.Logf("complete languages (%d): %v", len(complete), complete)
	for _, lang := range []string{"en", "zh-hans"} {
		if !slices.Contains(complete, lang) {
			t.Errorf("%s lacks explainers; complete: %v", lang, complete)
		}
	}
	if len(complete) < 8 {
		t.Errorf("%d complete languages %v, want en, zh-hans and at least 6 more", len(complete), complete)
	}

	list := lib.List("th")
	if len(list) != len(alerts.Typologies) {
		t.Fatalf("List(th) has %d explainers, want %d", len(list), len(alerts.Typologies))
	}
	for i, e := range list {
		if e.Slug != alerts.Typologies[i] || e.Lang != "th" {
			t.Errorf("List(th)[%d] = %s/%s, want th/%s", i, e.Lang, e.Slug, alerts.Typologies[i])
		}
		if e.HowItWorks == "" || e.Body == "" || len(e.RedFlags) == 0 || len(e.WhatToDo) == 0 || len(e.Related) == 0 {
			t.Errorf("th/%s has an empty part: %+v", e.Slug, e)
		}
	}
}

func TestGetFallback(t *testing.T) {
	lib, err := LoadEmbedded(NewRenderer())
	if err != nil {
		t.Fatalf("LoadEmbedded: %v", err)
	}
	type row struct {
		slug, lang       string
		wantLang         string
		wantFallback, ok bool
	}
	tests := []row{
		{"phishing", "en", "en", false, true},
		{"phishing", "zh-hans", "zh-hans", false, true},
		{"romance-scam", "xx", "en", true, true},  // unknown language still gets English
		{"no-such-scam", "en", "", false, false},  // unknown slug
		{"no-such-scam", "xx", "", false, false},  // and no fallback for it
		{"money-mule", "ar", "ar", false, true},   // right-to-left language present
		{"investment-scam", "", "en", true, true}, // empty language
		{"task-scam", "zh-hant", "zh-hant", false, true},
	}
	// A supported language still without a translation, while there is one,
	// falls back to English too (translations arrive over time).
	for _, l := range langs.All() {
		if !lib.Has("parcel-scam", l) {
			tests = append(tests, row{"parcel-scam", l, "en", true, true})
			break
		}
	}
	for _, tt := range tests {
		e, fallback, ok := lib.Get(tt.slug, tt.lang)
		if ok != tt.ok || fallback != tt.wantFallback {
			t.Errorf("Get(%q, %q): fallback=%v ok=%v, want %v %v", tt.slug, tt.lang, fallback, ok, tt.wantFallback, tt.ok)
			continue
		}
		if ok && (e.Lang != tt.wantLang || e.Slug != tt.slug) {
			t.Errorf("Get(%q, %q) = %s/%s, want %s/%s", tt.slug, tt.lang, e.Lang, e.Slug, tt.wantLang, tt.slug)
		}
	}
	if lib.Has("phishing", "xx") {
		t.Error(`Has("phishing", "xx") = true; fallback must not count as present`)
	}
	langsOf := lib.Languages("phishing")
	if len(langsOf) == 0 || langsOf[0] != "en" || slices.Contains(langsOf, "xx") {
		t.Errorf("Languages(phishing) = %v", langsOf)
	}
	if got := lib.List("xx"); len(got) != len(alerts.Typologies) || got[0].Lang != "en" {
		t.Errorf("List(xx) should be all English, got %d items", len(got))
	}
}

// explainerDoc returns a valid explainer file; cases break it on purpose.
func explainerDoc(slug, lang string, related ...string) string {
	return "---\nslug: " + slug + "\nlang: " + lang + "\ntitle: \"T\"\nsummary: \"S\"\n" +
		"related: [" + strings.Join(related, ", ") + "]\n" +
		"howItWorks: |\n  It **works**.\n" +
		"redFlags:\n  - \"flag\"\nwhatToDo:\n  - \"do\"\n---\n### Story\n\nBody.\n"
}

// validExplainers is a small library that loads cleanly for typologies a, b.
func validExplainers() fstest.MapFS {
	return fstest.MapFS{
		"explainers/en/a.md": {Data: []byte(explainerDoc("a", "en", "b"))},
		"explainers/en/b.md": {Data: []byte(explainerDoc("b", "en", "a"))},
		"explainers/th/a.md": {Data: []byte(explainerDoc("a", "th", "b"))},
	}
}

func TestLoadDefects(t *testing.T) {
	typologies := []string{"a", "b"}
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   []string // substrings of the error
	}{
		{"missing field", func(m fstest.MapFS) {
			m["explainers/th/a.md"].Data = []byte(strings.Replace(explainerDoc("a", "th", "b"), "title: \"T\"\n", "", 1))
		}, []string{"explainers/th/a.md: title is missing"}},
		{"empty list", func(m fstest.MapFS) {
			m["explainers/th/a.md"].Data = []byte(strings.Replace(explainerDoc("a", "th", "b"), "whatToDo:\n  - \"do\"\n", "whatToDo: []\n", 1))
		}, []string{"explainers/th/a.md: whatToDo is missing or empty"}},
		{"too many red flags", func(m fstest.MapFS) {
			m["explainers/th/a.md"].Data = []byte(strings.Replace(explainerDoc("a", "th", "b"), "  - \"flag\"\n", strings.Repeat("  - \"flag\"\n", 11), 1))
		}, []string{"explainers/th/a.md: redFlags has 11 items"}},
		{"empty body", func(m fstest.MapFS) {
			doc := explainerDoc("a", "th", "b")
			m["explainers/th/a.md"].Data = []byte(doc[:strings.LastIndex(doc, "---\n")+4])
		}, []string{"explainers/th/a.md: body"}},
		{"unknown related slug", func(m fstest.MapFS) {
			m["explainers/en/a.md"].Data = []byte(explainerDoc("a", "en", "b", "zzz"))
		}, []string{`explainers/en/a.md: related "zzz" is not a typology`}},
		{"related to itself", func(m fstest.MapFS) {
			m["explainers/en/b.md"].Data = []byte(explainerDoc("b", "en", "b"))
		}, []string{"explainers/en/b.md: related lists the explainer itself"}},
		{"slug does not match file", func(m fstest.MapFS) {
			m["explainers/th/a.md"].Data = []byte(explainerDoc("b", "th", "a"))
		}, []string{`explainers/th/a.md: slug "b" does not match the file name "a.md"`}},
		{"lang does not match folder", func(m fstest.MapFS) {
			m["explainers/th/a.md"].Data = []byte(explainerDoc("a", "vi", "b"))
		}, []string{`explainers/th/a.md: lang "vi" does not match the folder "th"`}},
		{"unsupported language folder", func(m fstest.MapFS) {
			m["explainers/klingon/a.md"] = &fstest.MapFile{Data: []byte(explainerDoc("a", "klingon", "b"))}
		}, []string{`explainers/klingon: folder "klingon" is not a supported language`}},
		{"unknown YAML key", func(m fstest.MapFS) {
			m["explainers/th/a.md"].Data = []byte(strings.Replace(explainerDoc("a", "th", "b"), "redFlags:", "redflags:", 1))
		}, []string{"explainers/th/a.md: front matter:", "field redflags not found"}},
		{"missing English", func(m fstest.MapFS) {
			delete(m, "explainers/en/b.md")
		}, []string{"explainers/en/b.md: missing"}},
		{"explainer for an unknown slug", func(m fstest.MapFS) {
			m["explainers/th/c.md"] = &fstest.MapFile{Data: []byte(explainerDoc("c", "th", "a"))}
		}, []string{`explainers/th/c.md: "c" is not a typology`}},
		{"no front matter", func(m fstest.MapFS) {
			m["explainers/th/a.md"].Data = []byte("### Just a body\n")
		}, []string{"explainers/th/a.md: no front matter"}},
		{"unclosed front matter", func(m fstest.MapFS) {
			m["explainers/th/a.md"].Data = []byte("---\nslug: a\n")
		}, []string{"explainers/th/a.md: front matter is not closed"}},
		{"stray file", func(m fstest.MapFS) {
			m["explainers/en/notes.txt"] = &fstest.MapFile{Data: []byte("x")}
		}, []string{"explainers/en/notes.txt: unexpected file"}},
		{"several problems in one error", func(m fstest.MapFS) {
			delete(m, "explainers/en/b.md")
			m["explainers/th/a.md"].Data = []byte(explainerDoc("a", "vi", "zzz"))
		}, []string{"explainers/en/b.md: missing", `explainers/th/a.md: lang "vi"`, `explainers/th/a.md: related "zzz"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validExplainers()
			tt.change(fsys)
			lib, err := Load(fsys, typologies, NewRenderer())
			if err == nil {
				t.Fatalf("Load succeeded (%v), want an error containing %q", lib, tt.want)
			}
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Errorf("error %T is not a *ValidationError: %v", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestLoadValid(t *testing.T) {
	lib, err := Load(validExplainers(), []string{"b", "a"}, NewRenderer())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	e, fallback, ok := lib.Get("a", "th")
	if !ok || fallback || e.Lang != "th" || !strings.Contains(string(e.HowItWorks), "<strong>works</strong>") ||
		!strings.Contains(string(e.Body), "<h2>Story</h2>") {
		t.Errorf("Get(a, th) = %+v, %v, %v", e, fallback, ok)
	}
	got := lib.List("th")
	if len(got) != 2 || got[0].Slug != "b" || got[0].Lang != "en" || got[1].Slug != "a" || got[1].Lang != "th" {
		t.Errorf("List(th) should follow the typologies order with English fallback; got %v", got)
	}
	if langs := lib.Languages("a"); !slices.Equal(langs, []string{"en", "th"}) {
		t.Errorf("Languages(a) = %v, want [en th]", langs)
	}
}
