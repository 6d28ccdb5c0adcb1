package push

import (
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

// Kinds of notification, as the payload's "kind" says.
const (
	KindAlert      = "alert"
	KindUpdate     = "update"
	KindRetraction = "retraction"
	KindReport     = "report"
)

// MaxTTL caps how long a push service keeps an undelivered message.
const MaxTTL = 28 * 24 * time.Hour

// Job is one notification to fan out: who gets it (Filter), how push services
// treat it (Urgency, TTL, Topic) and its payload in every language. Payloads
// are built once at enqueue, so workers on any node need nothing else.
type Job struct {
	ID        string            `json:"id"` // stable for one change: enqueuing it twice sends once
	Kind      string            `json:"kind"`
	Subject   string            `json:"subject"` // "alert:<id>" or "trend:<id>"
	Filter    Filter            `json:"filter"`
	Urgency   string            `json:"urgency"`
	Topic     string            `json:"topic"`
	Expires   time.Time         `json:"expires"` // TTL is the time left until then, capped at MaxTTL
	CreatedAt time.Time         `json:"createdAt"`
	Payloads  map[string][]byte `json:"payloads"` // lang → JSON payload; "en" always present
}

// Filter says which subscriptions a job is for.
type Filter struct {
	Reports    bool     `json:"reports,omitempty"` // a trend report: subscribers who opted in
	Severity   string   `json:"severity,omitempty"`
	Regions    []string `json:"regions,omitempty"` // "global" reaches every region filter
	Typologies []string `json:"typologies,omitempty"`
}

// Matches reports whether s asked for what f describes. An empty region or
// typology choice means everything; an alert for "global" reaches every
// region choice.
func (f Filter) Matches(s *Subscription) bool {
	if f.Reports {
		return s.Reports
	}
	if alerts.Severity(f.Severity).Rank() < alerts.Severity(s.MinSeverity).Rank() {
		return false
	}
	if len(s.Regions) > 0 && !slices.Contains(f.Regions, alerts.RegionGlobal) && !overlaps(s.Regions, f.Regions) {
		return false
	}
	return len(s.Typologies) == 0 || overlaps(s.Typologies, f.Typologies)
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// Payload returns the job's payload in lang, or in English when lang has none.
func (j *Job) Payload(lang string) []byte {
	if p, ok := j.Payloads[lang]; ok {
		return p
	}
	return j.Payloads[langs.Default]
}

// TTL is how long a push service should keep the message for an offline
// subscriber: the time left until the job's subject expires, capped.
func (j *Job) TTL(now time.Time) time.Duration {
	left := j.Expires.Sub(now)
	return max(0, min(left, MaxTTL))
}

// UrgencyOf maps severity to RFC 8030 urgency, so that phones wake for a
// critical alert and save battery for an informational one.
func UrgencyOf(s alerts.Severity) string {
	switch s {
	case alerts.SeverityCritical:
		return "high"
	case alerts.SeverityWarning:
		return "normal"
	case alerts.SeverityAdvisory:
		return "low"
	}
	return "very-low"
}

// TopicOf derives the RFC 8030 Topic of a subject: at most 32 base64url
// characters, the same for every version, so a push service replaces an
// undelivered earlier version with the newer one.
func TopicOf(subject string) string {
	sum := sha256.Sum256([]byte(subject))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}
