package feeds

import (
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/antifraud-alliance/beacon/locales"
)

// catalog is Beacon's UI message catalog, loaded once: feed titles, the
// word "Withdrawn", the fallback note and typology names come from the same
// translations the web pages use. If it cannot load (its own tests make
// sure it can), feeds fall back to the English texts in english.
var catalog = sync.OnceValue(func() *locales.Catalog {
	c, err := locales.Load()
	if err != nil {
		return nil
	}
	return c
})

// english holds the messages feeds use, in case the catalog is unavailable.
var english = map[string]string{
	"site-name":        "Beacon",
	"alerts-title":     "Fraud alerts",
	"alerts-lede":      "Warnings about scams happening now, checked and published by public agencies.",
	"status-retracted": "Withdrawn",
	"fallback-note":    "This text is not yet available in your language. It is shown in {{.Language}}.",
	"region-global":    "Worldwide",
	"trends-title":     "Fraud trends",
	"trends-lede":      "Reports on which scams are rising, where, and how to stay safe.",
}

// msg returns message id in lang. data fills the placeholders of the
// English fallback too, so a note never shows "{{.Language}}".
func msg(lang, id string, data map[string]any) string {
	if c := catalog(); c != nil {
		if s := c.T(lang, id, data); s != "" && s != id {
			return s
		}
	}
	s, ok := english[id]
	if !ok {
		return id
	}
	for k, v := range data {
		if str, ok := v.(string); ok {
			s = strings.ReplaceAll(s, "{{."+k+"}}", str)
		}
	}
	return s
}

// typologyName names a typology in lang, with cfg.TypologyName if set.
func (cfg *Config) typologyName(lang, slug string) string {
	if cfg.TypologyName != nil {
		if s := cfg.TypologyName(lang, slug); s != "" {
			return s
		}
	}
	return msg(lang, "typology-"+slug, nil)
}

// tag returns the BCP 47 tag of a URL language in its canonical case
// ("zh-hans" → "zh-Hans"), as feeds and CAP write it.
func tag(lang string) language.Tag { return locales.Tag(lang) }

// langName names language used in the language of the reader (lang).
func langName(lang, used string) string {
	if n := display.Tags(tag(lang)).Name(tag(used)); n != "" {
		return n
	}
	return display.English.Tags().Name(tag(used))
}

// regionName names a country, or "global", in lang.
func regionName(lang, code string) string {
	if code == "global" {
		return msg(lang, "region-global", nil)
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.Regions(tag(lang)).Name(r); n != "" {
		return n
	}
	if n := display.Regions(language.English).Name(r); n != "" {
		return n
	}
	return code
}

// clean makes text written by people safe for XML 1.0 and inert in a
// reader: invalid UTF-8 and every control character except tab and newline
// are removed (XML 1.0 forbids most of them; carriage returns become
// newlines), as are the explicit bidirectional embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069). Those carry direction state
// beyond the character itself, so an unbalanced one in a title could
// reverse the text that follows it in a reader's list (the "Trojan Source"
// trick). The marks LRM, RLM and ALM stay: they are what Arabic text
// legitimately uses, and each affects only its own position.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\t' || r == '\n':
			return r
		case r == 0xFFFE, r == 0xFFFF:
			return -1 // noncharacters outside XML's Char production
		case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// line is clean for one-line fields (titles, names): whitespace runs,
// newlines included, become single spaces.
func line(s string) string { return strings.Join(strings.Fields(clean(s)), " ") }

// utc returns t in UTC without fractions of a second, the precision every
// output format shares, so an entry shows the same instant everywhere.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// epoch is the modification time of a feed with no public alert at all:
// fixed, so such a feed is still cacheable, and never the zero time.
var epoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// tagYear is the date of the tag: URIs (RFC 4151) that identify entries. It
// must never change, or every entry id would.
const tagYear = "2026"
