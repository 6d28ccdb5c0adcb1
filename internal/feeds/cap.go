package feeds

import (
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

// The CAP 1.2 elements Beacon writes, in the order the schema requires.
type capAlert struct {
	XMLName    xml.Name  `xml:"urn:oasis:names:tc:emergency:cap:1.2 alert"`
	Identifier string    `xml:"identifier"`
	Sender     string    `xml:"sender"`
	Sent       string    `xml:"sent"`
	Status     string    `xml:"status"`
	MsgType    string    `xml:"msgType"`
	Scope      string    `xml:"scope"`
	References string    `xml:"references,omitempty"`
	Incidents  string    `xml:"incidents"`
	Info       []capInfo `xml:"info"`
	sent       time.Time // Sent as a time, for the index
}

type capInfo struct {
	Language     string     `xml:"language"`
	Category     string     `xml:"category"`
	Event        string     `xml:"event"`
	ResponseType string     `xml:"responseType"`
	Urgency      string     `xml:"urgency"`
	Severity     string     `xml:"severity"`
	Certainty    string     `xml:"certainty"`
	EventCodes   []capValue `xml:"eventCode"`
	Expires      string     `xml:"expires,omitempty"`
	SenderName   string     `xml:"senderName,omitempty"`
	Headline     string     `xml:"headline"`
	Description  string     `xml:"description"`
	Instruction  string     `xml:"instruction,omitempty"`
	Web          string     `xml:"web"`
	Areas        []capArea  `xml:"area"`
}

type capValue struct {
	ValueName string `xml:"valueName"`
	Value     string `xml:"value"`
}

type capArea struct {
	AreaDesc string     `xml:"areaDesc"`
	Geocodes []capValue `xml:"geocode"`
}

// capTime formats t as CAP 1.2 requires (section 3.3.2): no fractional
// seconds, a numeric offset, and UTC written "-00:00", never "Z".
func capTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") + "-00:00" }

// capVersion is one published version of an alert as a CAP message.
type capVersion struct {
	N    int
	Sent time.Time
}

// versions lists the alert's published versions, oldest first, from its
// history; the first and the current version are known even when history is
// incomplete (first and latest publication), others without a date are
// left out rather than given an invented one.
func versions(a *alerts.Alert) []capVersion {
	at := map[int]time.Time{}
	for _, h := range a.History {
		if h.Version > 0 && !h.PublishedAt.IsZero() {
			at[h.Version] = h.PublishedAt
		}
	}
	if _, ok := at[1]; !ok {
		at[1] = *a.PublishedAt
	}
	cur := max(a.Version, 1)
	if _, ok := at[cur]; !ok {
		at[cur] = *a.PublishedAt
		if a.RevisedAt != nil {
			at[cur] = *a.RevisedAt
		}
	}
	var out []capVersion
	for n := 1; n <= cur; n++ {
		if t, ok := at[n]; ok {
			out = append(out, capVersion{N: n, Sent: utc(t)})
		}
	}
	return out
}

// incident names every message about one alert (CAP <incidents>).
func (s *site) incident(a *alerts.Alert) string { return s.host + "-alert-" + a.ID }

// identifier is the CAP identifier of version n, unique per version.
func (s *site) identifier(a *alerts.Alert, n int) string {
	return s.incident(a) + "-v" + strconv.Itoa(n)
}

// reference is one "sender,identifier,sent" triple of CAP <references>.
func (s *site) reference(a *alerts.Alert, v capVersion) string {
	return s.sender + "," + s.identifier(a, v.N) + "," + capTime(v.Sent)
}

// CAPMessage renders the current CAP 1.2 message of a public alert: an
// Alert for its first version, an Update for later ones, a Cancel once it is
// retracted. Updates and Cancels reference every earlier version they
// supersede, so a consumer that missed one still retires it.
func CAPMessage(cfg Config, a *alerts.Alert) ([]byte, error) {
	s, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	m, err := s.capMessage(a)
	if err != nil {
		return nil, err
	}
	return marshalXML(m)
}

func (s *site) capMessage(a *alerts.Alert) (*capAlert, error) {
	if a == nil || !a.Public() {
		return nil, ErrNotPublic
	}
	vs := versions(a)
	cur := vs[len(vs)-1]
	m := &capAlert{
		Identifier: s.identifier(a, cur.N), Sender: s.sender, Sent: capTime(cur.Sent),
		Status: capStatus, MsgType: "Alert", Scope: capScope, Incidents: s.incident(a), sent: cur.Sent,
	}
	refs := vs[:len(vs)-1]
	cancel := a.Status == alerts.StatusRetracted && a.RetractedAt != nil
	if cancel {
		m.MsgType, m.Identifier, m.sent = "Cancel", m.Identifier+"-cancel", utc(*a.RetractedAt)
		m.Sent = capTime(m.sent)
		refs = vs
	} else if len(refs) > 0 {
		m.MsgType = "Update"
	}
	var rs []string
	for _, v := range refs {
		rs = append(rs, s.reference(a, v))
	}
	m.References = strings.Join(rs, " ")
	for _, lang := range langs.All() {
		if _, ok := a.Translations[lang]; ok {
			m.Info = append(m.Info, s.capInfo(a, lang, cancel))
		}
	}
	if len(m.Info) == 0 {
		return nil, fmt.Errorf("feeds: alert %s has no translation in a supported language", a.ID)
	}
	return m, nil
}

// capInfo is the <info> block of a in one of its languages.
func (s *site) capInfo(a *alerts.Alert, lang string, cancel bool) capInfo {
	tr := a.Translations[lang]
	l := levels(a, cancel)
	in := capInfo{
		Language: tag(lang).String(), Category: capCategory,
		ResponseType: l.ResponseType, Urgency: l.Urgency, Severity: l.Severity, Certainty: capCertainty,
		SenderName: line(a.Agency), Headline: line(tr.Title), Web: s.alertURL(a, lang),
	}
	var names []string
	for _, t := range a.Typologies {
		names = append(names, line(s.typologyName(lang, t)))
		in.EventCodes = append(in.EventCodes, capValue{ValueName: capTypologyCode, Value: t})
	}
	in.Event = strings.Join(names, msg(lang, "list-separator", nil))
	if a.ExpiresAt != nil {
		in.Expires = capTime(*a.ExpiresAt)
	}
	if cancel {
		word := line(msg(lang, "status-retracted", nil))
		in.Headline = "[" + word + "] " + in.Headline
		in.Description = word + ": " + clean(a.RetractReason)
	} else {
		in.Description = line(tr.Summary)
		if body := line(s.Markdown.Text(clean(tr.Body))); body != "" {
			in.Description += "\n\n" + body
		}
		in.Instruction = s.instruction(a, lang)
	}
	for _, r := range a.Regions {
		area := capArea{AreaDesc: line(regionName(lang, r))}
		if r != alerts.RegionGlobal {
			area.Geocodes = []capValue{{ValueName: capGeocode, Value: r}}
		}
		in.Areas = append(in.Areas, area)
	}
	return in
}

// instruction is what to do, from the explainers of the alert's typologies,
// one step a line, without repeats. Only explainers written in lang are
// used: an <info> declares its language, and English steps in a Thai block
// would mislead consumers that pick the block by language.
func (s *site) instruction(a *alerts.Alert, lang string) string {
	if s.Explainers == nil {
		return ""
	}
	var steps []string
	for _, t := range a.Typologies {
		e, fallback, ok := s.Explainers.Get(t, lang)
		if !ok || fallback {
			continue
		}
		for _, step := range e.WhatToDo {
			if step = line(step); step != "" && !slices.Contains(steps, step) {
				steps = append(steps, step)
			}
		}
	}
	return strings.Join(steps, "\n")
}
