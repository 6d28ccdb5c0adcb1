package workflow

import (
	"context"
	"slices"
	"time"

	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/langs"
	"github.com/antifraud-alliance/beacon/internal/valid"
)

// Edit applies change to the content being edited. A draft changes in place;
// a published document gets a pending revision, and the live version stays
// until the revision is approved. The content is checked after the change.
func (e *Engine[D, C]) Edit(ctx context.Context, actor Actor, id string, ifRevision int, change func(d D) error) (D, error) {
	if actor.Role < auth.RoleAuthor {
		var zero D
		return zero, ErrForbidden
	}
	return e.mutate(ctx, actor, id, ifRevision, func(d D, now time.Time) (string, string, error) {
		if err := e.editable(d, now, "edit"); err != nil {
			return "", "", err
		}
		if err := change(d); err != nil {
			return "", "", err
		}
		if err := d.Versions().Check(now, false); err != nil {
			return "", "", err
		}
		noteEditor[D, C](d, actor.ID)
		return "update", "", nil
	})
}

// PutTranslation adds or replaces the text in one language.
func (e *Engine[D, C]) PutTranslation(ctx context.Context, actor Actor, id string, ifRevision int, lang string, tr Translation) (D, error) {
	v := &valid.Errors{What: e.cfg.Noun}
	if !langs.Supported(lang) {
		v.Add("lang", "unsupported language tag %q", lang)
	} else {
		ValidateTranslation(v, "", tr)
	}
	if err := v.Err(); err != nil {
		var zero D
		return zero, err
	}
	return e.Edit(ctx, actor, id, ifRevision, func(d D) error {
		d.Versions().SetTranslation(lang, &tr)
		return nil
	})
}

// editable checks that the document's content may be changed, opening a
// pending revision of a published document when there is none yet.
func (e *Engine[D, C]) editable(d D, now time.Time, action string) error {
	f := d.Fields()
	switch *f.Status {
	case StatusDraft:
		*f.RejectReason = ""
		return nil
	case StatusPublished:
		if d.Versions().State() == nil {
			d.Versions().start(now)
		}
		p := d.Versions().State()
		if p.Status != StatusDraft {
			return &StateError{Kind: e.cfg.Noun, Action: action, Status: "published with a revision in review",
				Hint: "a reviewer must approve or reject the revision first"}
		}
		p.RejectReason = ""
		return nil
	case StatusInReview:
		return &StateError{Kind: e.cfg.Noun, Action: action, Status: *f.Status, Hint: "a reviewer must approve or reject it first"}
	}
	return &StateError{Kind: e.cfg.Noun, Action: action, Status: *f.Status}
}

// noteEditor records who wrote the content now being edited.
func noteEditor[D Doc[D, C], C Content[C]](d D, id string) {
	if p := d.Versions().State(); p != nil {
		p.Editors = addUnique(p.Editors, id)
		return
	}
	f := d.Fields()
	*f.Editors = addUnique(*f.Editors, id)
}

// Submit sends a draft, or the draft revision of a published document, to review.
func (e *Engine[D, C]) Submit(ctx context.Context, actor Actor, id string, ifRevision int) (D, error) {
	if actor.Role < auth.RoleAuthor {
		var zero D
		return zero, ErrForbidden
	}
	return e.mutate(ctx, actor, id, ifRevision, func(d D, now time.Time) (string, string, error) {
		f := d.Fields()
		if *f.Status == StatusPublished && d.Versions().State() == nil {
			return "", "", &StateError{Kind: e.cfg.Noun, Action: "submit", Status: *f.Status,
				Hint: "edit it first; the revision is what goes to review"}
		}
		if err := e.editable(d, now, "submit"); err != nil {
			return "", "", err
		}
		if err := d.Versions().Check(now, true); err != nil {
			return "", "", err
		}
		// Whoever sends content to review answers for it, so they cannot also approve it.
		noteEditor[D, C](d, actor.ID)
		if p := d.Versions().State(); p != nil {
			p.Status = StatusInReview
		} else {
			*f.Status = StatusInReview
		}
		return "submit", "", nil
	})
}

// review checks that actor may review d: something of it is in review and
// the actor did not write or submit it.
func (e *Engine[D, C]) review(d D, actor Actor, action string) error {
	f, p := d.Fields(), d.Versions().State()
	var editors []string
	switch {
	case *f.Status == StatusInReview:
		editors = *f.Editors
	case *f.Status == StatusPublished && p != nil && p.Status == StatusInReview:
		editors = p.Editors
	default:
		return &StateError{Kind: e.cfg.Noun, Action: action, Status: *f.Status,
			Hint: "only " + e.cfg.Noun + "s or revisions in review can be " + action + "d"}
	}
	if slices.Contains(editors, actor.ID) {
		return ErrFourEyes
	}
	return nil
}

// Approve publishes a document in review, or makes its revision the new live version.
func (e *Engine[D, C]) Approve(ctx context.Context, actor Actor, id string, ifRevision int) (D, error) {
	if actor.Role < auth.RoleReviewer {
		var zero D
		return zero, ErrForbidden
	}
	return e.mutate(ctx, actor, id, ifRevision, func(d D, now time.Time) (string, string, error) {
		if err := e.review(d, actor, "approve"); err != nil {
			return "", "", err
		}
		if err := d.Versions().Check(now, true); err != nil {
			return "", "", err
		}
		f := d.Fields()
		if p := d.Versions().State(); p != nil {
			editors := p.Editors
			d.Versions().end(true)
			*f.Editors, *f.RevisedAt = editors, &now
		} else {
			*f.Status, *f.PublishedAt = StatusPublished, &now
		}
		*f.Version++
		*f.Reviewer, *f.ReviewerName = actor.ID, actor.Name
		*f.History = append(*f.History, VersionInfo{Version: *f.Version, PublishedAt: now, Reviewer: actor.ID})
		return "approve", "", nil
	})
}

// Reject sends a document or revision in review back to draft, with a reason.
func (e *Engine[D, C]) Reject(ctx context.Context, actor Actor, id string, ifRevision int, reason string) (D, error) {
	return e.withReason(ctx, actor, id, ifRevision, reason, func(d D, now time.Time) (string, string, error) {
		if err := e.review(d, actor, "reject"); err != nil {
			return "", "", err
		}
		if p := d.Versions().State(); p != nil {
			p.Status, p.RejectReason = StatusDraft, reason
		} else {
			f := d.Fields()
			*f.Status, *f.RejectReason = StatusDraft, reason
		}
		return "reject", reason, nil
	})
}

// Retract withdraws a published document for good; any pending revision is dropped.
func (e *Engine[D, C]) Retract(ctx context.Context, actor Actor, id string, ifRevision int, reason string) (D, error) {
	return e.withReason(ctx, actor, id, ifRevision, reason, func(d D, now time.Time) (string, string, error) {
		f := d.Fields()
		if *f.Status != StatusPublished {
			return "", "", &StateError{Kind: e.cfg.Noun, Action: "retract", Status: *f.Status,
				Hint: "only published " + e.cfg.Noun + "s can be retracted"}
		}
		d.Versions().end(false)
		*f.Status, *f.RetractReason, *f.RetractedAt = StatusRetracted, reason, &now
		return "retract", reason, nil
	})
}

// withReason runs a reviewer's action that needs a reason (reject, retract).
func (e *Engine[D, C]) withReason(ctx context.Context, actor Actor, id string, ifRevision int, reason string, fn mutation[D]) (D, error) {
	var zero D
	if actor.Role < auth.RoleReviewer {
		return zero, ErrForbidden
	}
	if err := ValidateReason(e.cfg.Noun, reason); err != nil {
		return zero, err
	}
	return e.mutate(ctx, actor, id, ifRevision, fn)
}

func addUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
