package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func TestLoadEmbeddedPages(t *testing.T) {
	r := NewRenderer()
	ps, err := LoadEmbeddedPages(r)
	if err != nil {
		t.Fatalf("LoadEmbeddedPages: %v", err)
	}
	tests := []struct {
		name, lang   string
		wantLang     string
		wantFallback bool
		ok           bool
	}{
		{"about", "en", "en", false, true},
		{"privacy", "en", "en", false, true},
		{"about", "zh-hans", "zh-hans", false, true},
		{"privacy", "th", "th", false, true},
		{"privacy", "km", "en", true, true},
		{"about", "xx", "en", true, true},
		{"missing", "en", "", false, false},
	}
	for _, tt := range tests {
		p, fallback, ok := ps.Get(tt.name, tt.lang)
		if ok != tt.ok || fallback != tt.wantFallback || (ok && (p.Lang != tt.wantLang || p.Name != tt.name)) {
			t.Errorf("Get(%q, %q) = %+v, %v, %v; want lang %q fallback %v ok %v", tt.name, tt.lang, p, fallback, ok, tt.wantLang, tt.wantFallback, tt.ok)
			continue
		}
		if ok && (p.Title == "" || p.Summary == "" || !strings.Contains(string(p.HTML), "<h2>")) {
			t.Errorf("Get(%q, %q): incomplete page %+v", tt.name, tt.lang, p)
		}
	}

	// The English pages have length limits in their brief; word counts keep
	// later edits honest about them.
	for _, c := range []struct {
		name     string
		min, max int
	}{{"about", 200, 400}, {"privacy", 300, 600}} {
		p, _, _ := ps.Get(c.name, "en")
		if n := len(strings.Fields(r.Text(mdBody(t, "pages/en/"+c.name+".md")))); n < c.min || n > c.max {
			t.Errorf("pages/en/%s.md has %d words, want %d–%d", c.name, n, c.min, c.max)
		}
		if !utf8.ValidString(string(p.HTML)) {
			t.Errorf("%s: invalid UTF-8", c.name)
		}
	}
}

// mdBody returns the Markdown body of an embedded page.
func mdBody(t *testing.T, path string) string {
	t.Helper()
	data, err := pageFiles.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, body, err := splitFrontMatter(data)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func pageDoc(title string) string {
	return "---\ntitle: \"" + title + "\"\nsummary: \"S\"\n---\n### Heading\n\nText.\n"
}

func TestLoadPagesDefects(t *testing.T) {
	valid := func() fstest.MapFS {
		return fstest.MapFS{
			"pages/en/about.md":   {Data: []byte(pageDoc("About"))},
			"pages/en/privacy.md": {Data: []byte(pageDoc("Privacy"))},
			"pages/th/about.md":   {Data: []byte(pageDoc("เกี่ยวกับ"))},
		}
	}
	if _, err := LoadPages(valid(), NewRenderer()); err != nil {
		t.Fatalf("valid pages: %v", err)
	}
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"missing required English page", func(m fstest.MapFS) { delete(m, "pages/en/privacy.md") }, "pages/en/privacy.md: missing"},
		{"missing title", func(m fstest.MapFS) { m["pages/th/about.md"].Data = []byte(pageDoc("")) }, "pages/th/about.md: title is missing"},
		{"unknown key", func(m fstest.MapFS) {
			m["pages/th/about.md"].Data = []byte(strings.Replace(pageDoc("x"), "summary:", "sumary:", 1))
		}, "pages/th/about.md: front matter: unmarshal errors: line 3: field sumary not found"},
		{"unsupported language", func(m fstest.MapFS) { m["pages/xx/about.md"] = &fstest.MapFile{Data: []byte(pageDoc("x"))} },
			`pages/xx: folder "xx" is not a supported language`},
		{"no front matter", func(m fstest.MapFS) { m["pages/th/about.md"].Data = []byte("Text only.\n") }, "pages/th/about.md: no front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := valid()
			tt.change(fsys)
			_, err := LoadPages(fsys, NewRenderer())
			var verr *ValidationError
			if !errors.As(err, &verr) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadPages error = %v, want a *ValidationError containing %q", err, tt.want)
			}
		})
	}
}
