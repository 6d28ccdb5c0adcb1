package feeds

import (
	"html/template"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
)

// feed is a feed independent of its format; the writers turn it into bytes.
type feed struct {
	ID, Lang        string // Lang: BCP 47, canonical case
	Title, Subtitle string
	Self, Alternate string
	Updated         time.Time
	Entries         []*entry
}

// entry is one alert in one feed language. Text fields are cleaned plain text
// except ContentHTML, which is the renderer's sanitised HTML.
type entry struct {
	ID, Link, LinkType string
	Lang               string // BCP 47 of the text actually shown
	Fallback           bool   // text is not in the feed's language
	Title, Summary     string
	ContentHTML        template.HTML // empty for withdrawn alerts
	Published, Updated time.Time
	Author             string
	Categories         []category
	Withdrawn          *withdrawal
}

// category is a term from a scheme, with a label in the feed's language.
type category struct{ Term, Scheme, Label string }

// withdrawal is the retraction of an alert: the Atom tombstone's data.
type withdrawal struct {
	When   time.Time
	Reason string
}

// entry builds the entry of a public alert in lang. Text missing in lang is
// shown in English (or any language the alert has), with the entry's own
// language set where the format allows and a note at the head of the summary.
// A withdrawn alert keeps its entry, titled "[Withdrawn] …" in the feed's
// language, with the agency's reason as summary and no body: a retraction may
// mean the text was wrong, so feeds stop spreading it.
func (s *site) entry(a *alerts.Alert, lang string) *entry {
	tr, used, ok := a.Translation(lang)
	if used == "" {
		used = lang
	}
	e := &entry{
		ID:        s.entryID(a, lang),
		Link:      s.alertURL(a, lang),
		LinkType:  "text/html",
		Lang:      tag(used).String(),
		Fallback:  !ok,
		Title:     line(tr.Title),
		Summary:   line(tr.Summary),
		Published: utc(*a.PublishedAt),
		Updated:   updatedAt(a),
		Author:    line(a.Agency),
	}
	if e.Author == "" {
		e.Author = msg(lang, "site-name", nil)
	}
	for _, t := range a.Typologies {
		e.Categories = append(e.Categories, category{Term: t, Scheme: s.tagURI("typology"), Label: line(s.typologyName(lang, t))})
	}
	if a.Severity != "" {
		e.Categories = append(e.Categories, category{Term: string(a.Severity), Scheme: s.tagURI("severity"),
			Label: line(msg(lang, "severity-"+string(a.Severity), nil))})
	}
	if a.Status == alerts.StatusRetracted && a.RetractedAt != nil {
		word := line(msg(lang, "status-retracted", nil))
		reason := line(a.RetractReason)
		e.Title = "[" + word + "] " + e.Title
		e.Summary = word + ": " + reason
		e.Withdrawn = &withdrawal{When: utc(*a.RetractedAt), Reason: reason}
	} else {
		// Cleaned again on the way out: a numeric reference such as &#1;
		// in the Markdown decodes to a control character.
		e.ContentHTML = template.HTML(strings.TrimSpace(clean(string(s.Markdown.HTML(clean(tr.Body))))))
	}
	if e.Fallback {
		note := line(msg(lang, "fallback-note", map[string]any{"Language": langName(lang, used)}))
		e.Summary = note + " " + e.Summary
	}
	return e
}
