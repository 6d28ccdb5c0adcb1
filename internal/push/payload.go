package push

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

// MaxPayload is the largest payload that fits one aes128gcm record of
// RecordSize bytes: less the header, the 16-byte GCM tag and the delimiter.
const MaxPayload = RecordSize - headerLen - 16 - 1

// Text limits: a notification shows a line or two, and a short payload
// leaves room for the longest scripts within MaxPayload.
const (
	maxTitleRunes = 120
	maxBodyRunes  = 400
)

// Payload is what the service worker gets, as JSON, before encryption.
type Payload struct {
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	URL      string `json:"url"`
	Tag      string `json:"tag"`
	Severity string `json:"severity,omitempty"`
	Lang     string `json:"lang"`
}

// Texts localises a message of the catalog (locales.Catalog.T); has says
// whether lang has its own translation of id.
type Texts struct {
	T   func(lang, id string, data map[string]any) string
	Has func(lang, id string) bool
}

// Text is a title and summary in one language.
type Text struct{ Title, Summary string }

// Source is what a notification is about, with its text in each language.
type Source struct {
	Subject  string // "alert:<id>" or "trend:<id>"
	Path     string // the page under /{lang}, e.g. "/alerts/slug"
	Kind     string
	Severity alerts.Severity
	Texts    map[string]Text
}

// BuildPayloads writes the payload for every supported language: the
// source's text in that language, else in English (else any it has), with
// the title and body worded for the kind, and a link to the page in the
// subscriber's own language.
func BuildPayloads(src Source, baseURL string, t Texts) (map[string][]byte, error) {
	out := make(map[string][]byte, len(langs.All()))
	for _, lang := range langs.All() {
		textLang := pickLang(src.Texts, lang)
		if textLang == "" {
			return nil, fmt.Errorf("%s has no text in any language", src.Subject)
		}
		txt := src.Texts[textLang]
		p := Payload{Kind: src.Kind, Lang: textLang, Severity: string(src.Severity),
			URL: strings.TrimSuffix(baseURL, "/") + "/" + lang + src.Path, Tag: src.Subject}
		p.Title, p.Body = wording(src.Kind, textLang, clean(txt.Title, maxTitleRunes), clean(txt.Summary, maxBodyRunes), t)
		b, err := encodePayload(p)
		if err != nil {
			return nil, fmt.Errorf("payload %s %s: %w", src.Subject, lang, err)
		}
		out[lang] = b
	}
	return out, nil
}

// pickLang chooses the language of the text a subscriber in lang gets.
func pickLang(texts map[string]Text, lang string) string {
	if _, ok := texts[lang]; ok {
		return lang
	}
	if _, ok := texts[langs.Default]; ok {
		return langs.Default
	}
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// wording frames the title and body for the kind of notification, in the
// language of the text so the two never mix.
func wording(kind, lang, title, summary string, t Texts) (string, string) {
	msg := func(id string, data map[string]any) string {
		if t.T == nil {
			return ""
		}
		if t.Has != nil && !t.Has(lang, id) {
			lang = langs.Default
		}
		return t.T(lang, id, data)
	}
	switch kind {
	case KindUpdate:
		return msg("push-title-update", map[string]any{"Title": title}), summary
	case KindRetraction:
		return msg("push-title-retraction", map[string]any{"Title": title}), msg("push-body-retraction", nil)
	case KindReport:
		return msg("push-title-report", map[string]any{"Title": title}), summary
	}
	return title, summary
}

// encodePayload marshals p, shortening the body until it fits MaxPayload.
func encodePayload(p Payload) ([]byte, error) {
	for {
		b, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		if len(b) <= MaxPayload {
			return b, nil
		}
		n := utf8.RuneCountInString(p.Body)
		if n == 0 {
			return nil, fmt.Errorf("payload of %d bytes exceeds %d without a body", len(b), MaxPayload)
		}
		p.Body = clean(p.Body, n*3/4)
	}
}

// clean makes text fit a notification: no control characters or Markdown
// emphasis marks, single spaces, at most n runes with an ellipsis when cut.
// Notifications render plain text, so nothing here is ever interpreted as
// markup; this only keeps them readable.
func clean(s string, n int) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), r == '*', r == '_', r == '`', r == '#':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if utf8.RuneCountInString(out) <= n {
		return out
	}
	r := []rune(out)
	return strings.TrimSpace(string(r[:max(0, n-1)])) + "…"
}

// AlertJob builds the job for a change of a published alert: its first
// publication (KindAlert), an approved update (KindUpdate) or a retraction.
// The job's ID names the alert, version and kind, so a repeat is a no-op.
func AlertJob(a *alerts.Alert, kind, baseURL string, t Texts, now time.Time) (*Job, error) {
	src := Source{Subject: "alert:" + a.ID, Path: "/alerts/" + a.Slug, Kind: kind, Severity: a.Severity,
		Texts: map[string]Text{}}
	for lang, tr := range a.Translations {
		src.Texts[lang] = Text{Title: tr.Title, Summary: tr.Summary}
	}
	payloads, err := BuildPayloads(src, baseURL, t)
	if err != nil {
		return nil, err
	}
	expires := now.Add(MaxTTL)
	if a.ExpiresAt != nil && a.ExpiresAt.Before(expires) {
		expires = *a.ExpiresAt
	}
	if kind == KindRetraction && expires.Before(now.Add(24*time.Hour)) {
		expires = now.Add(24 * time.Hour) // whoever got the alert should hear it was withdrawn
	}
	return &Job{
		ID:   fmt.Sprintf("alert:%s:v%d:%s", a.ID, a.Version, kind),
		Kind: kind, Subject: src.Subject,
		Filter:  Filter{Severity: string(a.Severity), Regions: a.Regions, Typologies: a.Typologies},
		Urgency: UrgencyOf(a.Severity), Topic: TopicOf(src.Subject),
		Expires: expires.UTC(), CreatedAt: now.UTC(), Payloads: payloads,
	}, nil
}

// KindOfChange says which notification an alert change calls for, if any.
func KindOfChange(action string, a *alerts.Alert) (string, bool) {
	switch {
	case action == "alert.retract":
		return KindRetraction, true
	case action == "alert.approve" && a.Version > 1:
		return KindUpdate, true
	case action == "alert.approve" && a.Version == 1:
		return KindAlert, true
	}
	return "", false
}

// reportTTL is how long a trend report's push waits for an offline
// subscriber: it is news for about a week.
const reportTTL = 7 * 24 * time.Hour

// ReportJob builds the job announcing a newly published trend report to the
// subscribers who opted in to reports. Updates of a report are not pushed.
func ReportJob(id, slug string, texts map[string]Text, baseURL string, t Texts, now time.Time) (*Job, error) {
	src := Source{Subject: "trend:" + id, Path: "/trends/" + slug, Kind: KindReport, Texts: texts}
	payloads, err := BuildPayloads(src, baseURL, t)
	if err != nil {
		return nil, err
	}
	return &Job{ID: "trend:" + id + ":v1:report", Kind: KindReport, Subject: src.Subject, Filter: Filter{Reports: true},
		Urgency: "low", Topic: TopicOf(src.Subject), Expires: now.Add(reportTTL).UTC(), CreatedAt: now.UTC(),
		Payloads: payloads}, nil
}
