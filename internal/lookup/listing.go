// Package lookup answers "is this number, site or account known to be used
// by scammers?": listings with their provenance, verdicts, the k-anonymity
// range answers that let a browser check without revealing what it checks,
// bulk imports, and citizens' reports. Canonical forms live in ident.
package lookup

import (
	"slices"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// Status is where a listing stands.
type Status string

// The statuses: reported by citizens, verified by an agency or a published
// alert, or delisted as a false positive (kept, so the history stays).
const (
	StatusReported Status = "reported"
	StatusVerified Status = "verified"
	StatusDelisted Status = "delisted"
)

// Verdict is what a check tells the citizen.
type Verdict string

// The verdicts.
const (
	VerdictOfficial   Verdict = "official"   // the real contact of an authority
	VerdictHighRisk   Verdict = "high_risk"  // verified by an agency or a published alert
	VerdictSuspicious Verdict = "suspicious" // enough accepted citizen reports
	VerdictNoRecord   Verdict = "no_record"  // nothing known — which is not proof of safety
)

// Source says who listed an identifier.
type Source struct {
	Agency    string `json:"agency"`
	Reference string `json:"reference,omitempty"`
	Alert     string `json:"alert,omitempty"` // the slug of the alert that names it
}

// Listing is everything Beacon knows about one identifier.
type Listing struct {
	ID           string     `json:"id"`
	Hash         string     `json:"hash"` // hex SHA-256 of kind:canonical
	Kind         ident.Kind `json:"kind"`
	Canonical    string     `json:"canonical"`
	Status       Status     `json:"status"`
	Official     bool       `json:"official"`
	Label        string     `json:"label,omitempty"` // for official contacts: whose number it is
	Typologies   []string   `json:"typologies"`
	Regions      []string   `json:"regions"`
	Sources      []Source   `json:"sources"`
	FirstSeen    time.Time  `json:"firstSeen"`
	LastSeen     time.Time  `json:"lastSeen"`
	Reports      int        `json:"reports"` // accepted citizen reports
	DelistReason string     `json:"delistReason,omitempty"`
	UpdatedAt    time.Time  `json:"updatedAt"`
}

// Verdict is the listing's verdict with threshold accepted reports making it suspicious.
func (l *Listing) Verdict(threshold int) Verdict {
	switch {
	case l == nil || l.Status == StatusDelisted:
		return VerdictNoRecord
	case l.Official:
		return VerdictOfficial
	case l.Status == StatusVerified:
		return VerdictHighRisk
	case l.Reports >= threshold:
		return VerdictSuspicious
	}
	return VerdictNoRecord
}

func (l *Listing) addSource(s Source) {
	if !slices.Contains(l.Sources, s) {
		l.Sources = append(l.Sources, s)
	}
}

func union(a, b []string) []string {
	out := append([]string{}, a...)
	for _, v := range b {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// seen widens the first/last seen window to include t.
func (l *Listing) seen(t time.Time) {
	if l.FirstSeen.IsZero() || t.Before(l.FirstSeen) {
		l.FirstSeen = t
	}
	if t.After(l.LastSeen) {
		l.LastSeen = t
	}
}

// Agencies lists the distinct agencies among the sources.
func (l *Listing) Agencies() []string {
	var out []string
	for _, s := range l.Sources {
		if s.Agency != "" && !slices.Contains(out, s.Agency) {
			out = append(out, s.Agency)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// Alerts lists the slugs of the alerts that name the listing.
func (l *Listing) Alerts() []string {
	var out []string
	for _, s := range l.Sources {
		if s.Alert != "" && !slices.Contains(out, s.Alert) {
			out = append(out, s.Alert)
		}
	}
	return out
}

// IDOf is the id of the listing of a hash: its first 24 hex characters. The
// id is public (it names the listing in the API) and says nothing the hash
// prefix does not, and it lets the store keep one index for both.
func IDOf(hash string) string { return hash[:24] }

// ByHash indexes listings by their hash, as Store.ListingsByHash returns them.
func ByHash(ls []*Listing) map[string]*Listing {
	out := make(map[string]*Listing, len(ls))
	for _, l := range ls {
		out[l.Hash] = l
	}
	return out
}
