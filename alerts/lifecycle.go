package alerts

import (
	"context"
	"time"
)

// Patch is a partial edit: nil fields are left alone. A nil translation
// removes that language.
type Patch struct {
	Severity     *Severity
	Typologies   *[]string
	Regions      *[]string
	Channels     *[]string
	Indicators   *[]Indicator
	ExpiresAt    *time.Time
	ClearExpiry  bool
	Translations map[string]*Translation
}

func (p *Patch) apply(a *Alert) {
	c := a.Versions().Editing()
	if p.Severity != nil {
		c.Severity = *p.Severity
	}
	setIf(&c.Typologies, p.Typologies)
	setIf(&c.Regions, p.Regions)
	setIf(&c.Channels, p.Channels)
	if p.Indicators != nil {
		c.Indicators = append([]Indicator(nil), (*p.Indicators)...)
	}
	if p.ClearExpiry {
		c.ExpiresAt = nil
	} else if p.ExpiresAt != nil {
		t := p.ExpiresAt.UTC()
		c.ExpiresAt = &t
	}
	for lang, tr := range p.Translations {
		a.Versions().SetTranslation(lang, tr)
	}
}

func setIf(dst *[]string, src *[]string) {
	if src != nil {
		*dst = append([]string(nil), (*src)...)
	}
}

// Edit applies a patch. A draft changes in place; a published alert gets a
// pending revision and the live version stays until the revision is approved.
func (s *Service) Edit(ctx context.Context, actor Actor, id string, ifRevision int, p Patch) (*Alert, error) {
	return s.Engine.Edit(ctx, actor, id, ifRevision, func(a *Alert) error {
		p.apply(a)
		return nil
	})
}
