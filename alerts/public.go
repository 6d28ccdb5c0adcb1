package alerts

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Scope chooses between current and past public alerts.
type Scope string

// The scopes: active (published, not expired), archive (expired or retracted), all.
const (
	ScopeActive  Scope = "active"
	ScopeArchive Scope = "archive"
	ScopeAll     Scope = "all"
)

// PublicQuery selects published alerts. Empty fields do not filter.
type PublicQuery struct {
	Scope       Scope
	Region      string   // alerts for this country, or global ones
	Typology    string   // alerts tagged with this typology
	MinSeverity Severity // alerts at least this severe
	Cursor      string   // opaque, from a previous page
	Limit       int
}

// Validate reports every invalid filter.
func (q *PublicQuery) Validate() error {
	v := &ValidationError{What: "alert filter"}
	switch q.Scope {
	case "", ScopeActive, ScopeArchive, ScopeAll:
	default:
		v.Add("scope", "must be active, archive or all")
	}
	if q.Region != "" && q.Region != RegionGlobal && !isCountry(q.Region) {
		v.Add("region", "must be an upper-case ISO 3166-1 alpha-2 code or \"global\"")
	}
	if q.Typology != "" && !slices.Contains(Typologies, q.Typology) {
		v.Add("typology", "%q is not a known typology", q.Typology)
	}
	if q.MinSeverity != "" && q.MinSeverity.Rank() == 0 {
		v.Add("severity", "must be one of info, advisory, warning, critical")
	}
	if _, err := workflow.DecodeCursor(q.Cursor); err != nil {
		v.Add("cursor", "is not a cursor this API returned")
	}
	return v.Err()
}

// Match reports whether a public alert passes the filters at time now.
func (q *PublicQuery) Match(a *Alert, now time.Time) bool {
	st := a.EffectiveStatus(now)
	switch q.Scope {
	case "", ScopeActive:
		if st != StatusPublished {
			return false
		}
	case ScopeArchive:
		if st == StatusPublished {
			return false
		}
	}
	if q.Region != "" && !slices.Contains(a.Regions, q.Region) && !slices.Contains(a.Regions, RegionGlobal) {
		return false
	}
	if q.Typology != "" && !slices.Contains(a.Typologies, q.Typology) {
		return false
	}
	return q.MinSeverity == "" || a.Severity.Rank() >= q.MinSeverity.Rank()
}

// PublicList pages through public alerts matching q. The store hands out
// alerts in public order and the filters run here, so both backends filter alike.
func (s *Service) PublicList(ctx context.Context, q PublicQuery) (page []*Alert, next string, err error) {
	if err := q.Validate(); err != nil {
		return nil, "", err
	}
	limit := workflow.ClampLimit(q.Limit)
	after, _ := workflow.DecodeCursor(q.Cursor)
	now := s.now()
	const batch = 200
	for {
		got, err := s.store.ListPublic(ctx, after, batch)
		if err != nil {
			return nil, "", fmt.Errorf("list public alerts: %w", err)
		}
		for _, a := range got {
			if !q.Match(a, now) {
				continue
			}
			if len(page) == limit {
				return page, workflow.EncodeCursor(page[limit-1].Key()), nil
			}
			page = append(page, a)
		}
		if len(got) < batch {
			return page, "", nil
		}
		k := got[len(got)-1].Key()
		after = &k
	}
}
