package workflow

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/antifraud-alliance/beacon/internal/langs"
	"github.com/antifraud-alliance/beacon/internal/valid"
)

// Limits on the text of a document. Lengths count characters, not bytes, so
// a Thai or Burmese title gets the same room as an English one.
const (
	MaxTitle   = 200
	MaxSummary = 500
	MaxBody    = 20000
	MaxReason  = 1000
)

// Translation is the text of a document in one language. Body is Markdown.
type Translation struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Body    string `json:"body"`
}

// PickTranslation returns the text in lang, falling back to English, then to
// any language; ok is false on fallback.
func PickTranslation(trs map[string]Translation, lang string) (tr Translation, used string, ok bool) {
	if t, found := trs[lang]; found {
		return t, lang, true
	}
	if t, found := trs[langs.Default]; found {
		return t, langs.Default, false
	}
	keys := sortedKeys(trs) // any language beats nothing; the first, so the choice is stable
	if len(keys) > 0 {
		return trs[keys[0]], keys[0], false
	}
	return Translation{}, "", false
}

// CloneTranslations returns a copy of trs that is never nil.
func CloneTranslations(trs map[string]Translation) map[string]Translation {
	out := make(map[string]Translation, len(trs))
	for k, v := range trs {
		out[k] = v
	}
	return out
}

// CheckTranslations reports every invalid translation; with forReview an
// English one is required too, since every channel falls back to it.
func CheckTranslations(v *valid.Errors, trs map[string]Translation, forReview bool) {
	if len(trs) == 0 {
		v.Add("translations", "at least one translation is required")
	}
	for _, lang := range sortedKeys(trs) {
		f := "translations." + lang
		if !langs.Supported(lang) {
			v.Add(f, "unsupported language tag; use one of %s", strings.Join(langs.All(), ", "))
			continue
		}
		ValidateTranslation(v, f, trs[lang])
	}
	if _, ok := trs[langs.Default]; forReview && len(trs) > 0 && !ok {
		v.Add("translations.en", "an English translation is required before review: every channel falls back to it")
	}
}

// ValidateTranslation checks one translation, reporting fields under prefix.
func ValidateTranslation(v *valid.Errors, prefix string, t Translation) {
	field := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	CheckText(v, field("title"), t.Title, MaxTitle, false)
	CheckText(v, field("summary"), t.Summary, MaxSummary, false)
	CheckText(v, field("body"), t.Body, MaxBody, true)
}

// CheckText rejects empty text, text over max characters, and control
// characters (line breaks and tabs are allowed only where multiline is).
func CheckText(v *valid.Errors, field, s string, max int, multiline bool) {
	if strings.TrimSpace(s) == "" {
		v.Add(field, "is required")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		v.Add(field, "is %d characters; the limit is %d", n, max)
	}
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r'))) {
			v.Add(field, "contains a control character or invalid UTF-8")
			return
		}
	}
}

// ValidateReason checks the reason given for a rejection or retraction of a
// document of kind what.
func ValidateReason(what, reason string) error {
	v := &valid.Errors{What: what}
	CheckText(v, "reason", reason, MaxReason, true)
	return v.Err()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func itoa(i int) string { return strconv.Itoa(i) }
