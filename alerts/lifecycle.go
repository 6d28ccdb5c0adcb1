package alerts

import (
	"context"
	"slices"
	"time"

	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/langs"
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

func (p *Patch) apply(c *Content) {
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
		if tr == nil {
			delete(c.Translations, lang)
		} else {
			c.Translations[lang] = *tr
		}
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
	if actor.Role < auth.RoleAuthor {
		return nil, ErrForbidden
	}
	return s.mutate(ctx, actor, id, ifRevision, func(a *Alert, now time.Time) (string, string, error) {
		c, err := editable(a, now, "edit")
		if err != nil {
			return "", "", err
		}
		p.apply(c)
		if err := c.Validate(now); err != nil {
			return "", "", err
		}
		noteEditor(a, actor.ID)
		return "alert.update", "", nil
	})
}

// PutTranslation adds or replaces the text in one language.
func (s *Service) PutTranslation(ctx context.Context, actor Actor, id string, ifRevision int, lang string, tr Translation) (*Alert, error) {
	v := &ValidationError{What: "alert"}
	if !langs.Supported(lang) {
		v.Add("lang", "unsupported language tag %q", lang)
	} else {
		ValidateTranslation(v, "", tr)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.Edit(ctx, actor, id, ifRevision, Patch{Translations: map[string]*Translation{lang: &tr}})
}

// editable returns the content an edit may change, creating a pending
// revision of a published alert when there is none yet.
func editable(a *Alert, now time.Time, action string) (*Content, error) {
	switch a.Status {
	case StatusDraft:
		a.RejectReason = ""
		return &a.Content, nil
	case StatusPublished:
		if a.Pending == nil {
			a.Pending = &Pending{Content: a.Content.clone(), Status: StatusDraft, CreatedAt: now}
		}
		if a.Pending.Status != StatusDraft {
			return nil, &StateError{Action: action, Status: "published with a revision in review",
				Hint: "a reviewer must approve or reject the revision first"}
		}
		a.Pending.RejectReason = ""
		return &a.Pending.Content, nil
	case StatusInReview:
		return nil, &StateError{Action: action, Status: a.Status, Hint: "a reviewer must approve or reject it first"}
	}
	return nil, &StateError{Action: action, Status: a.Status}
}

func noteEditor(a *Alert, id string) {
	if a.Pending != nil {
		a.Pending.Editors = addUnique(a.Pending.Editors, id)
	} else {
		a.Editors = addUnique(a.Editors, id)
	}
}

// Submit sends a draft, or the draft revision of a published alert, to review.
func (s *Service) Submit(ctx context.Context, actor Actor, id string, ifRevision int) (*Alert, error) {
	if actor.Role < auth.RoleAuthor {
		return nil, ErrForbidden
	}
	return s.mutate(ctx, actor, id, ifRevision, func(a *Alert, now time.Time) (string, string, error) {
		if a.Status == StatusPublished && a.Pending == nil {
			return "", "", &StateError{Action: "submit", Status: a.Status, Hint: "edit it first; the revision is what goes to review"}
		}
		c, err := editable(a, now, "submit")
		if err != nil {
			return "", "", err
		}
		if err := readyForReview(c, now); err != nil {
			return "", "", err
		}
		// Whoever sends content to review answers for it, so they cannot also approve it.
		noteEditor(a, actor.ID)
		if a.Pending != nil {
			a.Pending.Status = StatusInReview
		} else {
			a.Status = StatusInReview
		}
		return "alert.submit", "", nil
	})
}

func readyForReview(c *Content, now time.Time) error {
	if err := c.Validate(now); err != nil {
		return err
	}
	if _, ok := c.Translations[langs.Default]; !ok {
		v := &ValidationError{What: "alert"}
		v.Add("translations.en", "an English translation is required before review: every channel falls back to it")
		return v
	}
	return nil
}

// review checks that actor may review a, and returns the editors of what is under review.
func review(a *Alert, actor Actor, action string) error {
	var editors []string
	switch {
	case a.Status == StatusInReview:
		editors = a.Editors
	case a.Status == StatusPublished && a.Pending != nil && a.Pending.Status == StatusInReview:
		editors = a.Pending.Editors
	default:
		return &StateError{Action: action, Status: a.Status, Hint: "only alerts or revisions in review can be " + action + "d"}
	}
	if slices.Contains(editors, actor.ID) {
		return ErrFourEyes
	}
	return nil
}

// Approve publishes an alert in review, or makes its revision the new live version.
func (s *Service) Approve(ctx context.Context, actor Actor, id string, ifRevision int) (*Alert, error) {
	if actor.Role < auth.RoleReviewer {
		return nil, ErrForbidden
	}
	return s.mutate(ctx, actor, id, ifRevision, func(a *Alert, now time.Time) (string, string, error) {
		if err := review(a, actor, "approve"); err != nil {
			return "", "", err
		}
		if a.Pending != nil {
			if err := readyForReview(&a.Pending.Content, now); err != nil {
				return "", "", err
			}
			a.Content, a.Editors, a.Pending = a.Pending.Content, a.Pending.Editors, nil
			a.RevisedAt = &now
		} else {
			if err := readyForReview(&a.Content, now); err != nil {
				return "", "", err
			}
			a.Status, a.PublishedAt = StatusPublished, &now
		}
		a.Version++
		a.Reviewer, a.ReviewerName = actor.ID, actor.Name
		a.History = append(a.History, VersionInfo{Version: a.Version, PublishedAt: now, Reviewer: actor.ID})
		return "alert.approve", "", nil
	})
}

// Reject sends an alert or revision in review back to draft, with a reason.
func (s *Service) Reject(ctx context.Context, actor Actor, id string, ifRevision int, reason string) (*Alert, error) {
	if actor.Role < auth.RoleReviewer {
		return nil, ErrForbidden
	}
	if err := ValidateReason(reason); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, id, ifRevision, func(a *Alert, now time.Time) (string, string, error) {
		if err := review(a, actor, "reject"); err != nil {
			return "", "", err
		}
		if a.Pending != nil {
			a.Pending.Status, a.Pending.RejectReason = StatusDraft, reason
		} else {
			a.Status, a.RejectReason = StatusDraft, reason
		}
		return "alert.reject", reason, nil
	})
}

// Retract withdraws a published alert for good; any pending revision is dropped.
func (s *Service) Retract(ctx context.Context, actor Actor, id string, ifRevision int, reason string) (*Alert, error) {
	if actor.Role < auth.RoleReviewer {
		return nil, ErrForbidden
	}
	if err := ValidateReason(reason); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, id, ifRevision, func(a *Alert, now time.Time) (string, string, error) {
		if a.Status != StatusPublished {
			return "", "", &StateError{Action: "retract", Status: a.Status, Hint: "only published alerts can be retracted"}
		}
		a.Status, a.RetractReason, a.RetractedAt, a.Pending = StatusRetracted, reason, &now, nil
		return "alert.retract", reason, nil
	})
}
