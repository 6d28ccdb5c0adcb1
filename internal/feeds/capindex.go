package feeds

import (
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

// CancelRetention is how long a retracted alert's Cancel message stays in
// the CAP index, so that consumers polling it learn of the cancellation.
const CancelRetention = 30 * 24 * time.Hour

// CAPIndex renders the Atom index of current CAP messages: one entry per
// alert that is in force (published and not expired) and per alert retracted
// within CancelRetention, linking /cap/alerts/{id}.xml. Entries are in
// English (or the alert's first language), since a CAP message carries every
// language itself. The time returned is the index's modification time: the
// latest message listed, or the latest moment an alert left the index
// (expiry or end of retention), whichever is later; never zero.
func CAPIndex(cfg Config, list []*alerts.Alert) ([]byte, time.Time, error) {
	s, err := cfg.resolve()
	if err != nil {
		return nil, time.Time{}, err
	}
	modified := epoch
	m := &feed{
		ID: s.tagURI("cap/alerts"), Lang: tag(langs.Default).String(),
		Title:     msg(langs.Default, "site-name", nil) + ": " + msg(langs.Default, "alerts-title", nil) + " (CAP 1.2)",
		Subtitle:  msg(langs.Default, "alerts-lede", nil),
		Self:      s.base + "/cap/alerts.atom",
		Alternate: s.base + "/" + langs.Default + "/alerts",
	}
	for _, a := range publicNewestFirst(list) {
		left, current := s.capCurrent(a)
		if !current {
			if !left.IsZero() {
				modified = later(modified, left)
			}
			continue
		}
		cm, err := s.capMessage(a)
		if err != nil {
			return nil, time.Time{}, err
		}
		e := s.capEntry(a, cm)
		modified = later(modified, e.Updated)
		m.Entries = append(m.Entries, e)
	}
	m.Updated = modified
	b, err := writeAtom(m)
	return b, modified, err
}

// capCurrent reports whether a's CAP message belongs in the index now, and
// if not, when it left (zero if it never will have been listed).
func (s *site) capCurrent(a *alerts.Alert) (left time.Time, current bool) {
	if a.Status == alerts.StatusRetracted && a.RetractedAt != nil {
		end := utc(a.RetractedAt.Add(CancelRetention))
		return end, s.now.Before(end)
	}
	if a.EffectiveStatus(s.now) == alerts.StatusPublished {
		return time.Time{}, true
	}
	if a.ExpiresAt != nil {
		return utc(*a.ExpiresAt), false
	}
	return time.Time{}, false
}

// capEntry is the index entry of an alert's current CAP message. Its id is
// per alert, so a reader sees one entry updated by each new version.
func (s *site) capEntry(a *alerts.Alert, m *capAlert) *entry {
	tr, used, _ := a.Translation(langs.Default)
	e := &entry{
		ID:        s.tagURI("cap/alert/" + a.ID),
		Link:      s.base + "/cap/alerts/" + a.ID + ".xml",
		LinkType:  "application/cap+xml",
		Lang:      tag(used).String(),
		Title:     line(tr.Title),
		Summary:   m.MsgType + " " + m.Identifier + ": " + line(tr.Summary),
		Published: utc(*a.PublishedAt),
		Updated:   m.sent,
		Author:    line(a.Agency),
	}
	if e.Author == "" {
		e.Author = msg(langs.Default, "site-name", nil)
	}
	if l := levels(a, false); l.Severity != "" {
		e.Categories = append(e.Categories, category{Term: l.Severity, Scheme: capNamespace + "#severity", Label: l.Severity})
	}
	if m.MsgType == "Cancel" {
		word := line(msg(langs.Default, "status-retracted", nil))
		e.Title = "[" + word + "] " + e.Title
		e.Summary = m.MsgType + " " + m.Identifier + ": " + word + ": " + line(a.RetractReason)
	}
	return e
}
