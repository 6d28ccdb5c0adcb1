// Package alerts is the fraud-alert domain: what an alert is, what makes one
// valid, and the lifecycle from draft to published with the four-eyes rule.
// It knows nothing of HTTP, SQL or Redis; storage comes in through Store.
package alerts

import (
	"time"

	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Severity says how urgent a warning is.
type Severity string

// The severities, least urgent first.
const (
	SeverityInfo     Severity = "info"
	SeverityAdvisory Severity = "advisory"
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// Severities lists the valid severities, least urgent first.
var Severities = []Severity{SeverityInfo, SeverityAdvisory, SeverityWarning, SeverityCritical}

// Rank orders severities: info 1 … critical 4, unknown 0.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return i + 1
		}
	}
	return 0
}

// Status is where an alert stands in its lifecycle, which alerts share with
// every published document (internal/workflow). Expiry is not stored: a
// published alert whose ExpiresAt has passed is presented as StatusExpired.
type Status = workflow.Status

// The statuses.
const (
	StatusDraft     = workflow.StatusDraft
	StatusInReview  = workflow.StatusInReview
	StatusPublished = workflow.StatusPublished
	StatusRetracted = workflow.StatusRetracted
	StatusExpired   = Status("expired")
)

// Channels a scam reaches people through.
var Channels = []string{"phone", "sms", "messaging", "email", "web", "social", "in-person"}

// Typologies are the explainer slugs an alert may be tagged with. content/
// checks at start-up that it has an explainer for each of them.
var Typologies = []string{
	"official-impersonation", "investment-scam", "task-scam", "romance-scam",
	"fake-customer-service", "loan-scam", "online-shopping-scam", "phishing",
	"deepfake-scam", "sextortion", "prize-scam", "tech-support-scam", "money-mule", "parcel-scam",
}

// IndicatorKinds are the identifier kinds an indicator may have.
var IndicatorKinds = []string{"phone", "url", "email", "bank", "wallet"}

// Indicator is an identifier seen in the scam; it becomes a lookup listing when published.
type Indicator struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Translation is the text of an alert in one language. Body is Markdown.
type Translation = workflow.Translation

// Content is everything an author writes; a pending revision holds a second copy.
type Content struct {
	Severity     Severity               `json:"severity"`
	Typologies   []string               `json:"typologies"`
	Regions      []string               `json:"regions"`
	Channels     []string               `json:"channels"`
	Indicators   []Indicator            `json:"indicators"`
	ExpiresAt    *time.Time             `json:"expiresAt,omitempty"`
	Translations map[string]Translation `json:"translations"`
}

// Pending is an edit of a published alert waiting for review; the published
// content stays live until it is approved.
type Pending = workflow.Revision[Content]

// VersionInfo records one published version.
type VersionInfo = workflow.VersionInfo

// Alert is a fraud alert in any state.
type Alert struct {
	ID       string `json:"id"`
	Slug     string `json:"slug"`
	Version  int    `json:"version"`  // published version, 0 before the first publish
	Revision int    `json:"revision"` // bumped by every write; the ETag
	Status   Status `json:"status"`
	Content
	Pending       *Pending      `json:"pending,omitempty"`
	Agency        string        `json:"agency"`
	Author        string        `json:"author"`
	AuthorName    string        `json:"authorName"`
	Editors       []string      `json:"editors"` // who wrote the content now under review
	Reviewer      string        `json:"reviewer,omitempty"`
	ReviewerName  string        `json:"reviewerName,omitempty"`
	RejectReason  string        `json:"rejectReason,omitempty"`
	RetractReason string        `json:"retractReason,omitempty"`
	CreatedAt     time.Time     `json:"createdAt"`
	UpdatedAt     time.Time     `json:"updatedAt"`
	PublishedAt   *time.Time    `json:"publishedAt,omitempty"` // first publication
	RevisedAt     *time.Time    `json:"revisedAt,omitempty"`   // latest approved update
	RetractedAt   *time.Time    `json:"retractedAt,omitempty"`
	History       []VersionInfo `json:"history,omitempty"`
}

// EffectiveStatus is Status, with a published alert past its expiry shown as expired.
func (a *Alert) EffectiveStatus(now time.Time) Status {
	if a.Status == StatusPublished && a.ExpiresAt != nil && !now.Before(*a.ExpiresAt) {
		return StatusExpired
	}
	return a.Status
}

// Public reports whether the alert has ever been published (it is then readable by anyone).
func (a *Alert) Public() bool { return a.Fields().Public() }

// Translation returns the text in lang, falling back to English; ok is false on fallback.
func (c *Content) Translation(lang string) (tr Translation, used string, ok bool) {
	return workflow.PickTranslation(c.Translations, lang)
}

// clone returns a deep copy, so the service can change an alert without
// touching the caller's value (or a cached one).
func (c Content) clone() Content {
	c.Typologies = append([]string{}, c.Typologies...)
	c.Regions = append([]string{}, c.Regions...)
	c.Channels = append([]string{}, c.Channels...)
	c.Indicators = append([]Indicator{}, c.Indicators...) // [] rather than null in JSON
	if c.ExpiresAt != nil {
		t := *c.ExpiresAt
		c.ExpiresAt = &t
	}
	c.Translations = workflow.CloneTranslations(c.Translations)
	return c
}
