package content

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"slices"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

// explainerFiles are the explainers shipped in the binary, so a node needs
// no content directory next to it and every node serves the same text.
//
//go:embed explainers
var explainerFiles embed.FS

// maxListItems bounds redFlags and whatToDo: a reader scanning a list of
// warnings on a phone stops long before item eleven.
const maxListItems = 10

// Explainer is one typology explained in one language. Title, Summary and
// the list items are plain text; HowItWorks and Body are sanitised HTML.
// Explainers are shared by every request: treat them as read-only.
type Explainer struct {
	Slug, Lang, Title, Summary string
	Related                    []string
	HowItWorks                 template.HTML
	RedFlags, WhatToDo         []string
	Body                       template.HTML
}

// explainerMeta is the front matter exactly as authors write it.
type explainerMeta struct {
	Slug       string   `yaml:"slug"`
	Lang       string   `yaml:"lang"`
	Title      string   `yaml:"title"`
	Summary    string   `yaml:"summary"`
	Related    []string `yaml:"related"`
	HowItWorks string   `yaml:"howItWorks"`
	RedFlags   []string `yaml:"redFlags"`
	WhatToDo   []string `yaml:"whatToDo"`
}

// Library is every explainer, validated and rendered once at start-up. It is
// never changed after Load, so it is safe for concurrent use.
type Library struct {
	typologies []string
	byLang     map[string]map[string]*Explainer // lang → slug → explainer
}

// LoadEmbedded loads the explainers built into the binary for the typologies
// the alert domain knows, so a missing or broken translation stops start-up
// instead of showing up as a 404 in production.
func LoadEmbedded(r *Renderer) (*Library, error) {
	return Load(explainerFiles, alerts.Typologies, r)
}

// Load reads explainers/<lang>/<slug>.md from fsys, checks them against the
// typologies and renders their Markdown with r. It returns one
// *ValidationError listing every problem it found, or the library.
func Load(fsys fs.FS, typologies []string, r *Renderer) (*Library, error) {
	p := &problems{dir: "explainers"}
	files, err := readTree(fsys, "explainers", p)
	if err != nil {
		return nil, err
	}
	lib := &Library{typologies: slices.Clone(typologies), byLang: map[string]map[string]*Explainer{}}
	for _, f := range files {
		e, ok := parseExplainer(f, typologies, r, p)
		if !ok {
			continue
		}
		if lib.byLang[e.Lang] == nil {
			lib.byLang[e.Lang] = map[string]*Explainer{}
		}
		lib.byLang[e.Lang][e.Slug] = e
	}
	for _, slug := range typologies {
		if !hasFile(files, slug, langs.Default) {
			p.addf(fmt.Sprintf("explainers/%s/%s.md", langs.Default, slug), "missing: every typology needs an explainer in %s, the fallback language", langs.Default)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return lib, nil
}

// hasFile reports whether a file for slug in lang was found at all, valid or
// not, so a broken English file is reported once, as broken, not also as missing.
func hasFile(files []mdFile, slug, lang string) bool {
	return slices.ContainsFunc(files, func(f mdFile) bool { return f.lang == lang && f.name == slug })
}

// parseExplainer decodes and checks one file; ok is false if it had problems.
func parseExplainer(f mdFile, typologies []string, r *Renderer, p *problems) (e *Explainer, ok bool) {
	before := len(p.list)
	var m explainerMeta
	if err := decodeStrict(f.meta, &m); err != nil {
		p.addf(f.path, "%v", err)
		return nil, false
	}
	checkText(p, f.path, "slug", m.Slug)
	checkText(p, f.path, "lang", m.Lang)
	checkText(p, f.path, "title", m.Title)
	checkText(p, f.path, "summary", m.Summary)
	checkText(p, f.path, "howItWorks", m.HowItWorks)
	checkText(p, f.path, "body (the Markdown after the front matter)", f.body)
	checkList(p, f.path, "redFlags", m.RedFlags, maxListItems)
	checkList(p, f.path, "whatToDo", m.WhatToDo, maxListItems)
	if m.Slug != "" && m.Slug != f.name {
		p.addf(f.path, "slug %q does not match the file name %q", m.Slug, f.name+".md")
	}
	if m.Lang != "" && m.Lang != f.lang {
		p.addf(f.path, "lang %q does not match the folder %q", m.Lang, f.lang)
	}
	if !slices.Contains(typologies, f.name) {
		p.addf(f.path, "%q is not a typology (alerts.Typologies); add it there first or remove this file", f.name)
	}
	if len(m.Related) == 0 {
		p.addf(f.path, "related is missing or empty")
	}
	for i, rel := range m.Related {
		switch {
		case rel == f.name:
			p.addf(f.path, "related lists the explainer itself")
		case !slices.Contains(typologies, rel):
			p.addf(f.path, "related %q is not a typology", rel)
		case slices.Index(m.Related, rel) < i:
			p.addf(f.path, "related lists %q twice", rel)
		}
	}
	if len(p.list) > before {
		return nil, false
	}
	return &Explainer{
		Slug: m.Slug, Lang: m.Lang, Title: m.Title, Summary: m.Summary,
		Related:    m.Related,
		HowItWorks: r.HTML(m.HowItWorks),
		RedFlags:   m.RedFlags, WhatToDo: m.WhatToDo,
		Body: r.HTML(f.body),
	}, true
}

// Get returns the explainer for slug in lang or, failing that, in English
// with fallback set, so that a page can say "not yet translated". ok is false
// only for a slug with no explainer at all.
func (l *Library) Get(slug, lang string) (e *Explainer, fallback bool, ok bool) {
	if e, ok := l.byLang[lang][slug]; ok {
		return e, false, true
	}
	if e, ok := l.byLang[langs.Default][slug]; ok {
		return e, true, true
	}
	return nil, false, false
}

// List returns one explainer per typology, in the order of the typologies
// given to Load, each in lang or in English where lang lacks it.
func (l *Library) List(lang string) []*Explainer {
	out := make([]*Explainer, 0, len(l.typologies))
	for _, slug := range l.typologies {
		if e, _, ok := l.Get(slug, lang); ok {
			out = append(out, e)
		}
	}
	return out
}

// Has reports whether slug exists in exactly lang, without fallback; the
// language switcher uses it to mark translations that exist.
func (l *Library) Has(slug, lang string) bool {
	_, ok := l.byLang[lang][slug]
	return ok
}

// Languages returns the languages slug is written in, in the order of
// langs.All(), for hreflang links and the language switcher.
func (l *Library) Languages(slug string) []string {
	var out []string
	for _, lang := range langs.All() {
		if l.Has(slug, lang) {
			out = append(out, lang)
		}
	}
	return out
}
