package content

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"slices"

	"github.com/antifraud-alliance/beacon/internal/langs"
)

// pageFiles are the static pages shipped in the binary.
//
//go:embed pages
var pageFiles embed.FS

// requiredPages must exist in English: the site links to them from every
// page footer, and the privacy page is a promise the site must always show.
func requiredPages() []string { return []string{"about", "privacy"} }

// Page is one static page in one language; HTML is sanitised.
// Pages are shared by every request: treat them as read-only.
type Page struct {
	Name, Lang, Title, Summary string
	HTML                       template.HTML
}

// pageMeta is a page's front matter: the page body carries everything else.
type pageMeta struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
}

// Pages is every static page, rendered once at start-up and never changed
// afterwards, so it is safe for concurrent use.
type Pages struct {
	byLang map[string]map[string]*Page // lang → name → page
}

// LoadEmbeddedPages loads the pages built into the binary.
func LoadEmbeddedPages(r *Renderer) (*Pages, error) {
	return LoadPages(pageFiles, r)
}

// LoadPages reads pages/<lang>/<name>.md from fsys and renders them with r.
// Like Load, it returns one *ValidationError listing every problem found.
func LoadPages(fsys fs.FS, r *Renderer) (*Pages, error) {
	p := &problems{dir: "pages"}
	files, err := readTree(fsys, "pages", p)
	if err != nil {
		return nil, err
	}
	ps := &Pages{byLang: map[string]map[string]*Page{}}
	for _, f := range files {
		before := len(p.list)
		var m pageMeta
		if err := decodeStrict(f.meta, &m); err != nil {
			p.addf(f.path, "%v", err)
			continue
		}
		checkText(p, f.path, "title", m.Title)
		checkText(p, f.path, "summary", m.Summary)
		checkText(p, f.path, "body (the Markdown after the front matter)", f.body)
		if len(p.list) > before {
			continue
		}
		if ps.byLang[f.lang] == nil {
			ps.byLang[f.lang] = map[string]*Page{}
		}
		ps.byLang[f.lang][f.name] = &Page{Name: f.name, Lang: f.lang, Title: m.Title, Summary: m.Summary, HTML: r.HTML(f.body)}
	}
	for _, name := range requiredPages() {
		if !slices.ContainsFunc(files, func(f mdFile) bool { return f.lang == langs.Default && f.name == name }) {
			p.addf(fmt.Sprintf("pages/%s/%s.md", langs.Default, name), "missing: this page is required in %s, the fallback language", langs.Default)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return ps, nil
}

// Get returns page name in lang or, failing that, in English with fallback
// set. ok is false only for a page that does not exist at all.
func (ps *Pages) Get(name, lang string) (pg *Page, fallback bool, ok bool) {
	if pg, ok := ps.byLang[lang][name]; ok {
		return pg, false, true
	}
	if pg, ok := ps.byLang[langs.Default][name]; ok {
		return pg, true, true
	}
	return nil, false, false
}

// Languages returns the languages page name is written in, in the order of
// langs.All(), for hreflang links.
func (ps *Pages) Languages(name string) []string {
	var out []string
	for _, lang := range langs.All() {
		if _, ok := ps.byLang[lang][name]; ok {
			out = append(out, lang)
		}
	}
	return out
}
