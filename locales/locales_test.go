package locales

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/antifraud-alliance/beacon/internal/langs"
)

type message map[string]string // category or description → text

func readFile(t *testing.T, lang string) map[string]message {
	t.Helper()
	names, err := langFiles(files, lang)
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	raw := map[string]any{}
	for _, name := range names {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var part map[string]any
		if err := toml.Unmarshal(b, &part); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id, v := range part {
			if _, dup := raw[id]; dup {
				t.Errorf("%s: %s is also in another %s file", name, id, lang)
			}
			raw[id] = v
		}
	}
	out := map[string]message{}
	for id, v := range raw {
		m := message{}
		switch v := v.(type) {
		case string:
			m["other"] = v
		case map[string]any:
			for k, s := range v {
				m[k] = fmt.Sprint(s)
			}
		}
		out[id] = m
	}
	return out
}

// TestEveryMessageInEveryLanguage: the same ids everywhere, none missing, none extra.
func TestEveryMessageInEveryLanguage(t *testing.T) {
	en := readFile(t, "en")
	for _, lang := range langs.All() {
		got := readFile(t, lang)
		for id := range en {
			if _, ok := got[id]; !ok {
				t.Errorf("%s lacks %s", lang, id)
			}
		}
		for id := range got {
			if _, ok := en[id]; !ok {
				t.Errorf("%s has %s, which English does not", lang, id)
			}
		}
	}
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func placeholders(s string) string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// TestPlaceholdersKept: a translation uses the placeholders its English source does.
func TestPlaceholdersKept(t *testing.T) {
	en := readFile(t, "en")
	for _, lang := range langs.All() {
		for id, m := range readFile(t, lang) {
			want := placeholders(en[id]["other"])
			for cat, text := range m {
				if cat == "description" {
					continue
				}
				got := placeholders(text)
				if id == "date-format" {
					got = strings.Replace(got, "YearBE", "Year", 1)
				}
				if got != want {
					t.Errorf("%s %s (%s): placeholders %q, English has %q", lang, id, cat, got, want)
				}
			}
		}
	}
}

// TestPluralFormsComplete localises every plural message for many counts in
// every language: go-i18n fails when the form CLDR picks for a count is missing.
func TestPluralFormsComplete(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var plural []string
	for id, m := range readFile(t, "en") {
		if _, ok := m["one"]; ok {
			plural = append(plural, id)
		}
	}
	if len(plural) == 0 {
		t.Fatal("no plural message found; the test no longer tests anything")
	}
	counts := []int{1000000, 2000000}
	for n := 0; n <= 1100; n++ {
		counts = append(counts, n)
	}
	for _, lang := range langs.All() {
		for _, id := range plural {
			for _, n := range counts {
				_, err := c.localizers[lang].Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}})
				var nf *i18n.MessageNotFoundErr
				if err != nil && !errors.As(err, &nf) {
					t.Errorf("%s %s, count %d: %v", lang, id, n, err)
					break
				}
				if err != nil {
					t.Errorf("%s lacks %s", lang, id)
					break
				}
			}
		}
	}
}

// TestNotLeftInEnglish catches a language file that is English copied over.
func TestNotLeftInEnglish(t *testing.T) {
	en := readFile(t, "en")
	same := map[string]bool{"site-name": true, "list-separator": true, "date-format": true}
	for _, lang := range langs.All() {
		if lang == "en" {
			continue
		}
		n, total := 0, 0
		var examples []string
		for id, m := range readFile(t, lang) {
			if same[id] {
				continue
			}
			total++
			if m["other"] == en[id]["other"] {
				n++
				examples = append(examples, id)
			}
		}
		if n*10 > total { // a few loanwords (e.g. "E-mail") may match; a tenth may not
			sort.Strings(examples)
			t.Errorf("%s: %d of %d messages are identical to English, e.g. %v", lang, n, total, examples[:min(5, len(examples))])
		}
	}
}

func TestMatch(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ cookie, accept, want string }{
		{"", "", "en"}, {"th", "vi", "th"}, {"bogus", "vi-VN,vi;q=0.9", "vi"}, {"", "zh-TW,zh;q=0.9", "zh-hant"},
		{"", "zh-HK", "zh-hant"}, {"", "zh-CN", "zh-hans"}, {"", "zh-SG", "zh-hans"}, {"", "ms-MY", "ms"},
		{"", "fil-PH", "fil"}, {"", "pt-BR,pt;q=0.8", "pt"}, {"", "es-419", "es"}, {"", "ar-SA", "ar"},
		{"", "my-MM", "my"}, {"", "km-KH", "km"}, {"", "lo-LA", "lo"}, {"", "de-DE,de;q=0.9", "en"},
		{"", "xx;;q=", "en"}, {"", strings.Repeat("a,", 400), "en"},
	} {
		if got := c.Match(tc.cookie, tc.accept); got != tc.want {
			t.Errorf("Match(%q, %q) = %q, want %q", tc.cookie, tc.accept, got, tc.want)
		}
	}
}

func TestTranslateFallsBackToEnglish(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T("th", "no-such-message", nil); got != "no-such-message" {
		t.Errorf("unknown id: %q", got)
	}
	if got := c.N("en", "alerts-count", 1, nil); got != "1 alert on this page" {
		t.Errorf("N one: %q", got)
	}
	if got := c.N("en", "alerts-count", 3, nil); got != "3 alerts on this page" {
		t.Errorf("N other: %q", got)
	}
}
