package feeds

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/internal/langs"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Trends renders the trend-report feed for lang in format f. list is every
// public report (published or withdrawn), in any order; reports never
// published are skipped. The time returned is the feed's modification time:
// the latest change any public report made, never zero.
func Trends(cfg Config, f Format, lang string, list []*trends.Report) ([]byte, time.Time, error) {
	if f.ContentType() == "" {
		return nil, time.Time{}, fmt.Errorf("%w %q", ErrFormat, f)
	}
	if !langs.Supported(lang) {
		return nil, time.Time{}, fmt.Errorf("%w %q", ErrLanguage, lang)
	}
	s, err := cfg.resolve()
	if err != nil {
		return nil, time.Time{}, err
	}
	var pub []*trends.Report
	for _, r := range list {
		if r != nil && r.Public() {
			pub = append(pub, r)
		}
	}
	slices.SortStableFunc(pub, func(x, y *trends.Report) int { // newest first, as the public order
		switch kx, ky := x.Fields().Key(), y.Fields().Key(); {
		case kx.Before(ky):
			return -1
		case ky.Before(kx):
			return 1
		}
		return 0
	})
	modified := epoch
	for _, r := range pub {
		modified = later(modified, utc(r.Fields().LastPublicChange()))
	}
	self := s.base + "/" + lang + "/feeds/trends." + string(f)
	m := &feed{ID: self, Lang: tag(lang).String(), Self: self, Alternate: s.base + "/" + lang + "/trends", Updated: modified,
		Title:    msg(lang, "site-name", nil) + ": " + msg(lang, "trends-title", nil),
		Subtitle: msg(lang, "trends-lede", nil)}
	for _, r := range pub[:min(len(pub), MaxEntries)] {
		m.Entries = append(m.Entries, s.trendEntry(r, lang))
	}
	b, err := write(m, f)
	return b, modified, err
}

// trendEntry is a report's entry in lang's feed. As with alerts, a withdrawn
// report keeps its entry, marked, with the reason and no body.
func (s *site) trendEntry(r *trends.Report, lang string) *entry {
	tr, used, ok := r.Translation(lang)
	if used == "" {
		used = lang
	}
	e := &entry{
		ID:       s.tagURI("trend/" + r.ID + "/" + lang),
		Link:     s.base + "/" + lang + "/trends/" + url.PathEscape(r.Slug),
		LinkType: "text/html", Lang: tag(used).String(), Fallback: !ok,
		Title: line(tr.Title), Summary: line(tr.Summary),
		Published: utc(*r.PublishedAt), Updated: utc(r.Fields().LastPublicChange()),
		Author: line(r.Agency),
	}
	if e.Author == "" {
		e.Author = msg(lang, "site-name", nil)
	}
	if r.Status == workflow.StatusRetracted && r.RetractedAt != nil {
		word := line(msg(lang, "status-retracted", nil))
		e.Title, e.Summary = "["+word+"] "+e.Title, word+": "+line(r.RetractReason)
		e.Withdrawn = &withdrawal{When: utc(*r.RetractedAt), Reason: line(r.RetractReason)}
	} else {
		e.ContentHTML = template.HTML(strings.TrimSpace(clean(string(s.Markdown.HTML(clean(tr.Body))))))
	}
	if e.Fallback {
		e.Summary = line(msg(lang, "fallback-note", map[string]any{"Language": langName(lang, used)})) + " " + e.Summary
	}
	return e
}
