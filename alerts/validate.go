package alerts

import (
	"slices"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Limits on what an alert may hold. Lengths count characters, not bytes, so a
// Thai or Burmese title gets the same room as an English one.
const (
	MaxTitle       = workflow.MaxTitle
	MaxSummary     = workflow.MaxSummary
	MaxBody        = workflow.MaxBody
	MaxTypologies  = 5
	MaxRegions     = 60
	MaxIndicators  = 100
	MaxIndicator   = 300
	MaxExpiryAhead = 5 * 365 * 24 * time.Hour
	RegionGlobal   = "global"
)

// Validate checks content as a whole and reports every invalid field.
func (c *Content) Validate(now time.Time) error { return c.validate(now, false) }

// validate is Validate; forReview also requires an English translation.
func (c *Content) validate(now time.Time, forReview bool) error {
	v := &ValidationError{What: "alert"}
	if c.Severity.Rank() == 0 {
		v.Add("severity", "must be one of info, advisory, warning, critical (got %q)", c.Severity)
	}
	checkSet(v, "typologies", c.Typologies, 1, MaxTypologies, func(s string) bool { return slices.Contains(Typologies, s) },
		"is not a known typology; see the typology list in the API description")
	checkSet(v, "regions", c.Regions, 1, MaxRegions, func(s string) bool { return s == RegionGlobal || isCountry(s) },
		"must be an upper-case ISO 3166-1 alpha-2 code or \"global\"")
	if len(c.Regions) > 1 && slices.Contains(c.Regions, RegionGlobal) {
		v.Add("regions", "\"global\" cannot be combined with countries")
	}
	checkSet(v, "channels", c.Channels, 1, len(Channels), func(s string) bool { return slices.Contains(Channels, s) },
		"must be one of "+strings.Join(Channels, ", "))
	c.validateIndicators(v)
	if c.ExpiresAt != nil {
		switch {
		case !c.ExpiresAt.After(now):
			v.Add("expiresAt", "must be in the future")
		case c.ExpiresAt.Sub(now) > MaxExpiryAhead:
			v.Add("expiresAt", "must be at most five years ahead")
		}
	}
	workflow.CheckTranslations(v, c.Translations, forReview)
	return v.Err()
}

func (c *Content) validateIndicators(v *ValidationError) {
	if len(c.Indicators) > MaxIndicators {
		v.Add("indicators", "at most %d indicators", MaxIndicators)
		return
	}
	seen := map[Indicator]bool{}
	for i, ind := range c.Indicators {
		f := "indicators[" + itoa(i) + "]"
		if !slices.Contains(IndicatorKinds, ind.Kind) {
			v.Add(f+".kind", "must be one of %s (got %q)", strings.Join(IndicatorKinds, ", "), ind.Kind)
		}
		workflow.CheckText(v, f+".value", ind.Value, MaxIndicator, false)
		if seen[ind] {
			v.Add(f, "duplicate indicator")
		}
		seen[ind] = true
	}
}

func checkSet(v *ValidationError, field string, vals []string, min, max int, ok func(string) bool, bad string) {
	if len(vals) < min {
		v.Add(field, "at least %d value required", min)
	}
	if len(vals) > max {
		v.Add(field, "at most %d values", max)
		return
	}
	seen := map[string]bool{}
	for i, s := range vals {
		f := field + "[" + itoa(i) + "]"
		if !ok(s) {
			v.Add(f, "%q %s", s, bad)
		} else if seen[s] {
			v.Add(f, "%q is listed twice", s)
		}
		seen[s] = true
	}
}
