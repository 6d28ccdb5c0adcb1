// Package feeds renders Beacon's public alerts as syndication feeds (RSS 2.0,
// Atom 1.0 and JSON Feed 1.1, one per language, optionally filtered) and as
// OASIS Common Alerting Protocol 1.2 messages with their Atom index.
//
// Everything here is a pure function of its arguments: no HTTP, no storage.
// The caller validates the request, fetches the public alerts, and caches the
// bytes with the returned modification time until the next publish.
package feeds

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/content"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

// MaxEntries bounds a feed: readers poll feeds often, and the site's
// archive pages are there for anything older.
const MaxEntries = 50

// Errors for requests the caller should have routed elsewhere: each is a 404.
var (
	ErrFormat    = errors.New("feeds: unknown feed format")
	ErrLanguage  = errors.New("feeds: unsupported language")
	ErrNotPublic = errors.New("feeds: alert has not been published")
)

// Config is what every feed needs to know about the site.
type Config struct {
	BaseURL      string                         // e.g. "https://beacon.example.org", no trailing slash needed
	Sender       string                         // CAP sender; "beacon@<host of BaseURL>" if empty
	Markdown     *content.Renderer              // required: alert bodies as HTML (feeds) and text (CAP)
	Explainers   *content.Library               // what-to-do steps for CAP <instruction>; nil: none
	TypologyName func(lang, slug string) string // nil: the UI catalog's "typology-<slug>"
	// Now decides which CAP messages are current (CAPIndex); nil is
	// time.Now. The alert feeds never depend on it, so their bytes change
	// only when an alert does.
	Now func() time.Time
}

// site is Config checked and resolved once per call.
type site struct {
	*Config
	base, host, sender string
	now                time.Time
}

func (cfg *Config) resolve() (*site, error) {
	base := strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return nil, fmt.Errorf("feeds: BaseURL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if cfg.Markdown == nil {
		return nil, errors.New("feeds: Config.Markdown is required")
	}
	s := &site{Config: cfg, base: base, host: strings.ToLower(u.Hostname()), sender: cfg.Sender, now: time.Now()}
	if s.sender == "" {
		s.sender = "beacon@" + s.host
	}
	if strings.ContainsAny(s.sender, " ,<&\t\n\r") || strings.ContainsAny(s.host, ",<&") {
		// CAP 1.2 forbids these in sender and identifier (section 3.2.1).
		return nil, fmt.Errorf("feeds: CAP sender %q may not contain spaces, commas, < or &", s.sender)
	}
	if cfg.Now != nil {
		s.now = cfg.Now()
	}
	return s, nil
}

// Format is a feed format; its value is the file extension.
type Format string

// The feed formats.
const (
	RSS  Format = "rss"
	Atom Format = "atom"
	JSON Format = "json"
)

// ContentType is the media type to serve a feed format with.
func (f Format) ContentType() string {
	switch f {
	case RSS:
		return "application/rss+xml; charset=utf-8"
	case Atom:
		return "application/atom+xml; charset=utf-8"
	case JSON:
		return "application/feed+json; charset=utf-8"
	}
	return ""
}

// Filter narrows a feed. Empty fields do not filter; set fields combine (AND).
type Filter struct {
	Region      string // an ISO 3166-1 alpha-2 code (global alerts match too) or "global"
	Typology    string
	MinSeverity alerts.Severity
}

// query is the filter as the alert domain's public query over every public
// alert, so feeds and the alerts pages filter by the same rules.
func (f Filter) query() *alerts.PublicQuery {
	return &alerts.PublicQuery{Scope: alerts.ScopeAll, Region: f.Region, Typology: f.Typology, MinSeverity: f.MinSeverity}
}

// Validate reports every invalid field as an *alerts.ValidationError (a 400).
func (f Filter) Validate() error { return f.query().Validate() }

// Match reports whether a public alert passes the filter.
func (f Filter) Match(a *alerts.Alert) bool { return f.query().Match(a, time.Time{}) }

// Values returns the filter as the query parameters of the alerts pages and feeds.
func (f Filter) Values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("region", f.Region)
	set("typology", f.Typology)
	set("severity", string(f.MinSeverity))
	return v
}

// withQuery appends the filter to u, in a fixed order (so a feed's self
// link, and with it its bytes, do not depend on how a reader ordered the URL).
func (f Filter) withQuery(u string) string {
	if q := f.Values().Encode(); q != "" {
		return u + "?" + q
	}
	return u
}

// Alerts renders the alerts feed for lang in format f. list is every public
// alert (published, expired or retracted), newest first; alerts that were
// never published are skipped whatever the caller passes. The time returned
// is the feed's modification time: the latest change to any public alert,
// so it moves with every publish, revision and retraction and is never zero.
// An invalid filter is an *alerts.ValidationError.
func Alerts(cfg Config, f Format, lang string, filter Filter, list []*alerts.Alert) ([]byte, time.Time, error) {
	if f.ContentType() == "" {
		return nil, time.Time{}, fmt.Errorf("%w %q", ErrFormat, f)
	}
	if !langs.Supported(lang) {
		return nil, time.Time{}, fmt.Errorf("%w %q", ErrLanguage, lang)
	}
	if err := filter.Validate(); err != nil {
		return nil, time.Time{}, err
	}
	s, err := cfg.resolve()
	if err != nil {
		return nil, time.Time{}, err
	}
	pub := publicNewestFirst(list)
	modified := epoch
	for _, a := range pub {
		modified = later(modified, updatedAt(a))
	}
	self := filter.withQuery(s.base + "/" + lang + "/feeds/alerts." + string(f))
	m := &feed{
		ID:        self,
		Lang:      tag(lang).String(),
		Title:     msg(lang, "site-name", nil) + ": " + msg(lang, "alerts-title", nil),
		Subtitle:  msg(lang, "alerts-lede", nil),
		Self:      self,
		Alternate: filter.withQuery(s.base + "/" + lang + "/alerts"),
		Updated:   modified,
	}
	for _, a := range pub {
		if len(m.Entries) == MaxEntries {
			break
		}
		if filter.Match(a) {
			m.Entries = append(m.Entries, s.entry(a, lang))
		}
	}
	b, err := write(m, f)
	return b, modified, err
}

// write renders m in format f.
func write(m *feed, f Format) ([]byte, error) {
	switch f {
	case RSS:
		return writeRSS(m)
	case Atom:
		return writeAtom(m)
	}
	return writeJSON(m)
}

// publicNewestFirst drops alerts never published and sorts the rest by first
// publication, newest first (ties by id), so the output is deterministic
// whatever order the caller used.
func publicNewestFirst(list []*alerts.Alert) []*alerts.Alert {
	out := make([]*alerts.Alert, 0, len(list))
	for _, a := range list {
		if a != nil && a.Public() {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(x, y *alerts.Alert) int {
		if c := y.PublishedAt.Compare(*x.PublishedAt); c != 0 {
			return c
		}
		return strings.Compare(y.ID, x.ID)
	})
	return out
}

// updatedAt is when a public alert last changed for its readers: its first
// publication, each approved version, and its retraction.
func updatedAt(a *alerts.Alert) time.Time {
	t := utc(*a.PublishedAt)
	if a.RevisedAt != nil {
		t = later(t, utc(*a.RevisedAt))
	}
	for _, h := range a.History {
		t = later(t, utc(h.PublishedAt))
	}
	if a.RetractedAt != nil {
		t = later(t, utc(*a.RetractedAt))
	}
	return t
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// tagURI is a tag: URI (RFC 4151) in Beacon's name, for ids and schemes
// that must never change.
func (s *site) tagURI(specific string) string {
	return "tag:" + s.host + "," + tagYear + ":" + specific
}

// entryID is an alert's id in one language's feeds: a tag URI (RFC 4151)
// made of things that never change, so readers recognise an entry when it is
// revised or withdrawn, and readers of two languages do not see one entry.
func (s *site) entryID(a *alerts.Alert, lang string) string {
	return s.tagURI("alert/" + a.ID + "/" + lang)
}

// alertURL is the page of an alert in lang.
func (s *site) alertURL(a *alerts.Alert, lang string) string {
	return s.base + "/" + lang + "/alerts/" + url.PathEscape(a.Slug)
}
