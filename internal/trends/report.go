// Package trends is the trend-report domain: reports that tell the public
// what is rising and where, written and reviewed like alerts (the shared
// lifecycle of internal/workflow), and the aggregates of Beacon's own data
// for a report's period that their charts are drawn from. SVG rendering of
// those aggregates is in trends/chart. Like every domain package it knows
// nothing of HTTP, SQL or Redis: storage comes in through Store and Counter.
package trends

import (
	"fmt"
	"time"

	"github.com/antifraud-alliance/beacon/internal/valid"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// MaxPeriodDays bounds a report's period: a year, leap day included.
const MaxPeriodDays = 366

// ValidationError lists every invalid field of an input.
type ValidationError = valid.Errors

// Translation is the text of a report in one language. Body is Markdown.
type Translation = workflow.Translation

// Content is everything an author writes: the period the report covers and
// its text per language. A pending revision holds a second copy.
type Content struct {
	// From and To are the first and last day of the period (YYYY-MM-DD, UTC), inclusive.
	From         string                 `json:"from"`
	To           string                 `json:"to"`
	Translations map[string]Translation `json:"translations"`
}

// Pending is an edit of a published report waiting for review.
type Pending = workflow.Revision[Content]

// Report is a trend report in any state.
type Report struct {
	workflow.Record
	Content
	Pending *Pending `json:"pending,omitempty"`
}

// Versions implements workflow.Doc.
func (r *Report) Versions() workflow.Versions[Content] {
	return workflow.Versions[Content]{Live: &r.Content, Pending: &r.Pending}
}

// Copy implements workflow.Doc: a deep copy.
func (r *Report) Copy() *Report {
	c := *r
	workflow.CopySlices(c.Fields())
	c.Versions().Detach()
	return &c
}

// Public reports whether the report has ever been published.
func (r *Report) Public() bool { return r.Fields().Public() }

// Translation returns the text in lang, falling back to English; ok is false on fallback.
func (c *Content) Translation(lang string) (tr Translation, used string, ok bool) {
	return workflow.PickTranslation(c.Translations, lang)
}

// Clone implements workflow.Content.
func (c Content) Clone() Content {
	c.Translations = workflow.CloneTranslations(c.Translations)
	return c
}

// Texts implements workflow.Content.
func (c Content) Texts() map[string]Translation { return c.Translations }

// Check implements workflow.Content: a valid period of whole past days
// (today included), and valid translations.
func (c Content) Check(now time.Time, forReview bool) error {
	v := &valid.Errors{What: "trend report"}
	from, errFrom := ParseDay(c.From)
	if errFrom != nil {
		v.Add("from", "must be a date written YYYY-MM-DD")
	}
	to, errTo := ParseDay(c.To)
	if errTo != nil {
		v.Add("to", "must be a date written YYYY-MM-DD")
	}
	if errFrom == nil && errTo == nil {
		today := now.UTC().Truncate(24 * time.Hour)
		switch days := int(to.Sub(from).Hours()/24) + 1; {
		case days < 1:
			v.Add("to", "must not be before from")
		case days > MaxPeriodDays:
			v.Add("to", "the period is %d days; at most %d are allowed", days, MaxPeriodDays)
		case to.After(today):
			v.Add("to", "must not be in the future: there is no data for days to come")
		}
	}
	workflow.CheckTranslations(v, c.Translations, forReview)
	return v.Err()
}

// Period is the report's period as a half-open span of time.
func (c *Content) Period() (Span, error) {
	from, err := ParseDay(c.From)
	if err != nil {
		return Span{}, err
	}
	to, err := ParseDay(c.To)
	if err != nil {
		return Span{}, err
	}
	return Span{From: from, To: to.AddDate(0, 0, 1)}, nil
}

// Span is the half-open time range [From, To), in UTC, at whole days.
type Span struct {
	From, To time.Time
}

// Days returns the days of the span as YYYY-MM-DD, the first and the last.
func (s Span) Days() (first, last string) {
	return s.From.Format(time.DateOnly), s.To.AddDate(0, 0, -1).Format(time.DateOnly)
}

// ParseDay parses a YYYY-MM-DD day in UTC, refusing any other spelling of it.
func ParseDay(day string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil || t.Format(time.DateOnly) != day {
		return time.Time{}, fmt.Errorf("day %q is not YYYY-MM-DD", day)
	}
	return t, nil
}
