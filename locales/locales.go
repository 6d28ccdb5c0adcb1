// Package locales holds Beacon's UI messages in every supported language
// (go-i18n TOML files, embedded) and picks a reader's language.
package locales

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/antifraud-alliance/beacon/internal/langs"
)

//go:embed *.toml
var files embed.FS

// Catalog translates message IDs for the supported languages.
type Catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	tags       map[string]language.Tag
	matcher    language.Matcher
	order      []string
}

// Tag returns the x/text tag of a URL language ("zh-hans" → zh-Hans).
func Tag(lang string) language.Tag {
	t, err := language.Parse(lang)
	if err != nil {
		return language.English
	}
	return t
}

// Load reads the embedded message files. Every supported language must have one.
func Load() (*Catalog, error) { return load(files) }

func load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{
		bundle:     i18n.NewBundle(language.English),
		localizers: map[string]*i18n.Localizer{},
		tags:       map[string]language.Tag{},
		order:      langs.All(),
	}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	var tags []language.Tag
	for _, lang := range c.order {
		names, err := langFiles(fsys, lang)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("locales: %s: %w", name, err)
			}
			if _, err := c.bundle.ParseMessageFileBytes(b, name); err != nil {
				return nil, fmt.Errorf("locales: %s: %w", name, err)
			}
		}
		tag := Tag(lang)
		c.tags[lang] = tag
		tags = append(tags, tag)
		c.localizers[lang] = i18n.NewLocalizer(c.bundle, tag.String())
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// T returns message id in lang, with data for its template. A message missing
// in lang falls back to English (go-i18n returns the English text and an
// error); a message missing everywhere yields its id, which the tests catch.
func (c *Catalog) T(lang, id string, data map[string]any) string {
	return c.localize(lang, &i18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// N returns the plural form of message id for count; data may also use {{.Count}}.
func (c *Catalog) N(lang, id string, count int, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["Count"]; !ok {
		data["Count"] = count
	}
	return c.localize(lang, &i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
}

func (c *Catalog) localize(lang string, cfg *i18n.LocalizeConfig) string {
	l, ok := c.localizers[lang]
	if !ok {
		l = c.localizers[langs.Default]
	}
	s, err := l.Localize(cfg)
	var nf *i18n.MessageNotFoundErr
	if err != nil && !errors.As(err, &nf) && s == "" {
		return cfg.MessageID
	}
	if s == "" {
		return cfg.MessageID
	}
	return s
}

// Has reports whether lang has its own translation of id (not a fallback).
func (c *Catalog) Has(lang, id string) bool {
	_, err := c.localizers[lang].Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: 1})
	var nf *i18n.MessageNotFoundErr
	return err == nil || !errors.As(err, &nf)
}

// Match picks the supported language for a cookie value and an
// Accept-Language header: the cookie if it names one, then the best match of
// the header, then English.
func (c *Catalog) Match(cookie, acceptLanguage string) string {
	if langs.Supported(cookie) {
		return cookie
	}
	if acceptLanguage == "" || len(acceptLanguage) > 500 {
		return langs.Default
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return langs.Default
	}
	_, idx, conf := c.matcher.Match(prefs...)
	if conf == language.No {
		return langs.Default
	}
	return c.order[idx]
}

// Tag returns the x/text tag of a supported language.
func (c *Catalog) Tag(lang string) language.Tag {
	if t, ok := c.tags[lang]; ok {
		return t
	}
	return language.English
}

// IDs returns every message id of the default language, sorted by file order.
func (c *Catalog) IDs() ([]string, error) {
	names, err := langFiles(files, langs.Default)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, name := range names {
		var raw map[string]any
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		if err := toml.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
		for k := range raw {
			ids = append(ids, k)
		}
	}
	return ids, nil
}

// langFiles names a language's message files, "<area>.<lang>.toml": one area
// per part of the site (active, push, trends …), so that each part keeps its
// messages together. Every language must have "active".
func langFiles(fsys fs.FS, lang string) ([]string, error) {
	all, err := fs.Glob(fsys, "*."+lang+".toml")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range all {
		if !strings.Contains(strings.TrimSuffix(n, "."+lang+".toml"), ".") {
			names = append(names, n)
		}
	}
	if !slices.Contains(names, "active."+lang+".toml") {
		return nil, fmt.Errorf("locales: active.%s.toml is missing", lang)
	}
	return names, nil
}
