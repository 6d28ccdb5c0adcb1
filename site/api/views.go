package api

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
)

// alertView is the authoring API's representation: the whole stored alert,
// with the status as readers see it (a published alert past expiry is expired).
type alertView struct {
	*alerts.Alert
	Status alerts.Status `json:"status"`
}

type page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

func etag(revision int) string { return `"` + strconv.Itoa(revision) + `"` }

// ifMatch reads If-Match: 0 when absent or "*", else the revision it names.
// A tag that is not one of ours can never match, so it is a failed precondition.
func ifMatch(c *fiber.Ctx) (int, error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" || h == "*" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.Trim(h, `"`))
	if err != nil || n <= 0 || !strings.HasPrefix(h, `"`) || !strings.HasSuffix(h, `"`) {
		return 0, NewProblem("precondition-failed", "If-Match must be the ETag of the alert or report as last read, e.g. \"3\".")
	}
	return n, nil
}

// requiredIfMatch is ifMatch for edits, where a concrete ETag is required so
// that two people editing at once never silently overwrite each other.
func requiredIfMatch(c *fiber.Ctx) (int, error) {
	rev, err := ifMatch(c)
	if err == nil && rev == 0 {
		return 0, NewProblem("precondition-required", "Send If-Match with the ETag of the alert or report as you last read it (not *), so edits are never lost.")
	}
	return rev, err
}

// publicAlert is what anyone may read: no token ids, no drafts, no pending revision.
type publicAlert struct {
	Slug          string                        `json:"slug"`
	Version       int                           `json:"version"`
	Status        alerts.Status                 `json:"status"`
	Severity      alerts.Severity               `json:"severity"`
	Typologies    []string                      `json:"typologies"`
	Regions       []string                      `json:"regions"`
	Channels      []string                      `json:"channels"`
	Indicators    []alerts.Indicator            `json:"indicators"`
	Agency        string                        `json:"agency"`
	PublishedAt   time.Time                     `json:"publishedAt"`
	UpdatedAt     time.Time                     `json:"updatedAt"`
	ExpiresAt     *time.Time                    `json:"expiresAt,omitempty"`
	RetractedAt   *time.Time                    `json:"retractedAt,omitempty"`
	RetractReason string                        `json:"retractReason,omitempty"`
	Lang          string                        `json:"lang,omitempty"`
	Fallback      bool                          `json:"fallback,omitempty"`
	Translations  map[string]alerts.Translation `json:"translations"`
}

// toPublic builds the public view; with lang, only that translation (or the
// English fallback, flagged) is included.
func toPublic(a *alerts.Alert, lang string, now time.Time) publicAlert {
	p := publicAlert{
		Slug: a.Slug, Version: a.Version, Status: a.EffectiveStatus(now), Severity: a.Severity,
		Typologies: a.Typologies, Regions: a.Regions, Channels: a.Channels, Indicators: a.Indicators,
		Agency: a.Agency, PublishedAt: *a.PublishedAt, UpdatedAt: *a.PublishedAt, ExpiresAt: a.ExpiresAt,
		RetractedAt: a.RetractedAt, RetractReason: a.RetractReason, Translations: a.Translations,
	}
	if a.RevisedAt != nil {
		p.UpdatedAt = *a.RevisedAt
	}
	if a.RetractedAt != nil {
		p.UpdatedAt = *a.RetractedAt
		// A withdrawn alert's identifiers may belong to innocent people.
		p.Indicators = []alerts.Indicator{}
	}
	if lang != "" {
		tr, used, ok := a.Translation(lang)
		p.Lang, p.Fallback = used, !ok
		p.Translations = map[string]alerts.Translation{used: tr}
	}
	return p
}
