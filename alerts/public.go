package alerts

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
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
	if _, err := decodeCursor(q.Cursor); err != nil {
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

// Public returns a published (or retracted) alert by slug; drafts are ErrNotFound.
func (s *Service) Public(ctx context.Context, slug string) (*Alert, error) {
	a, err := s.store.AlertBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !a.Public() {
		return nil, ErrNotFound
	}
	return a, nil
}

// PublicByID returns a published (or retracted) alert by id; drafts are ErrNotFound.
func (s *Service) PublicByID(ctx context.Context, id string) (*Alert, error) {
	a, err := s.store.Alert(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Public() {
		return nil, ErrNotFound
	}
	return a, nil
}

// PublicList pages through public alerts matching q. The store hands out
// alerts in public order and the filters run here, so both backends filter alike.
func (s *Service) PublicList(ctx context.Context, q PublicQuery) (page []*Alert, next string, err error) {
	if err := q.Validate(); err != nil {
		return nil, "", err
	}
	limit := clampLimit(q.Limit)
	after, _ := decodeCursor(q.Cursor)
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
				return page, encodeCursor(page[limit-1].Key()), nil
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

func encodeCursor(k PublicKey) string {
	raw := strconv.FormatInt(k.PublishedAt.UnixNano(), 10) + "." + k.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string) (*PublicKey, error) {
	if s == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	ns, id, ok := strings.Cut(string(raw), ".")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil || id == "" {
		return nil, fmt.Errorf("malformed cursor")
	}
	return &PublicKey{PublishedAt: time.Unix(0, n).UTC(), ID: id}, nil
}
