package site

import (
	"html/template"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup"
)

type formCtx struct {
	V *view
	D checkData
}

// Form pairs the check/report form fields with the view, for their partial.
func (v *view) Form(d checkData) formCtx { return formCtx{V: v, D: d} }

// Err is the message for an invalid field, or "".
func (f formCtx) Err(field string) string { return f.D.Errors[field] }

type verdictCtx struct {
	V          *view
	Verdict    string
	Label      string
	Agencies   string
	Since      string
	SinceISO   string
	Typologies []string
	Alerts     []string
}

// VerdictOf describes a server-side result in the reader's language.
func (v *view) VerdictOf(r *lookup.Result) verdictCtx {
	c := verdictCtx{V: v, Verdict: string(r.Verdict)}
	if l := r.Listing; l != nil && r.Verdict != lookup.VerdictNoRecord {
		names := make([]string, 0, len(l.Agencies()))
		for _, a := range l.Agencies() {
			names = append(names, v.Region(a))
		}
		c.Label, c.Agencies, c.Typologies, c.Alerts = l.Label, strings.Join(names, v.T("list-separator")), l.Typologies, l.Alerts()
		if !l.FirstSeen.IsZero() {
			c.Since, c.SinceISO = v.Date(l.FirstSeen), v.ISODate(l.FirstSeen)
		}
	}
	return c
}

// VerdictShell is a verdict's words with empty slots, for check.js to fill.
func (v *view) VerdictShell(verdict string) verdictCtx {
	now := time.Now()
	return verdictCtx{V: v, Verdict: verdict, Since: v.Date(now), SinceISO: v.ISODate(now)}
}

// Tel is a tel: link for an E.164 number; html/template refuses the scheme
// unless told, and a number that is not all digits gets no link.
func (v *view) Tel(e164 string) template.URL {
	if len(e164) < 2 || e164[0] != '+' || strings.Trim(e164[1:], "0123456789") != "" {
		return ""
	}
	return template.URL("tel:" + e164)
}
