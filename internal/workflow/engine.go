package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/ids"
)

// Store is the storage the engine needs, as functions so that one backend can
// serve several kinds of document under its own method names. Every write
// takes the audit entry that records it and must store both or neither.
type Store[D any] struct {
	// Create stores a new document; ErrSlugTaken if its slug (or id) is in use.
	Create func(ctx context.Context, d D, e audit.Entry) error
	// Get and BySlug return ErrNotFound when there is no such document.
	Get    func(ctx context.Context, id string) (D, error)
	BySlug func(ctx context.Context, slug string) (D, error)
	// Update replaces the document if the stored one still has prevRevision,
	// and returns ErrConflict otherwise.
	Update func(ctx context.Context, d D, prevRevision int, e audit.Entry) error
	// List pages through documents newest first (by id), optionally of one stored status.
	List func(ctx context.Context, q ListQuery) ([]D, error)
}

// Config configures an Engine.
type Config[D Doc[D, C], C Content[C]] struct {
	// Kind names the documents: audit actions are "<kind>.create" …, subjects
	// "<kind>:<id>", and a title without Latin letters gets the slug Kind.
	Kind string
	// Noun is how messages name one document ("trend report"); Kind if empty.
	Noun     string
	Store    Store[D]
	Now      func() time.Time // the clock; time.Now if nil
	OnChange func(Change[D])  // called after every committed write; may be nil
}

// Engine runs the lifecycle of one kind of document.
type Engine[D Doc[D, C], C Content[C]] struct {
	cfg Config[D, C]
}

// New returns the engine for cfg.
func New[D Doc[D, C], C Content[C]](cfg Config[D, C]) *Engine[D, C] {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OnChange == nil {
		cfg.OnChange = func(Change[D]) {}
	}
	if cfg.Noun == "" {
		cfg.Noun = cfg.Kind
	}
	return &Engine[D, C]{cfg: cfg}
}

// Clock returns the engine's current time.
func (e *Engine[D, C]) Clock() time.Time { return e.cfg.Now() }

// Create stores d, whose content the actor wrote, as a new draft. d's
// lifecycle fields are set here; its content is checked first.
func (e *Engine[D, C]) Create(ctx context.Context, actor Actor, d D) (D, error) {
	var zero D
	if actor.Role < auth.RoleAuthor {
		return zero, ErrForbidden
	}
	now := e.cfg.Now().UTC()
	d = d.Copy()
	if err := d.Versions().Check(now, false); err != nil {
		return zero, err
	}
	f := d.Fields()
	*f.ID, *f.Revision, *f.Status, *f.Version = ids.New(now), 1, StatusDraft, 0
	*f.Agency, *f.Author, *f.AuthorName, *f.Editors = actor.Agency, actor.ID, actor.Name, []string{actor.ID}
	*f.CreatedAt, *f.UpdatedAt = now, now
	en := e.entry(actor, now, "create", d, zero, false)
	for _, slug := range slugCandidates(d.Versions().SlugTitle(), e.cfg.Kind, *f.ID) {
		*f.Slug = slug
		err := e.cfg.Store.Create(ctx, d, en)
		if errors.Is(err, ErrSlugTaken) {
			continue
		}
		if err != nil {
			return zero, fmt.Errorf("create %s: %w", e.cfg.Noun, err)
		}
		e.cfg.OnChange(Change[D]{ID: *f.ID, Slug: slug, Action: en.Action, Doc: d})
		return d, nil
	}
	return zero, fmt.Errorf("create %s: no free slug for %q", e.cfg.Noun, *f.Slug)
}

// Get returns any document by id.
func (e *Engine[D, C]) Get(ctx context.Context, id string) (D, error) {
	return e.cfg.Store.Get(ctx, id)
}

// Public returns a published (or retracted) document by slug; drafts are ErrNotFound.
func (e *Engine[D, C]) Public(ctx context.Context, slug string) (D, error) {
	return public[D, C](e.cfg.Store.BySlug(ctx, slug))
}

// PublicByID returns a published (or retracted) document by id; drafts are ErrNotFound.
func (e *Engine[D, C]) PublicByID(ctx context.Context, id string) (D, error) {
	return public[D, C](e.cfg.Store.Get(ctx, id))
}

func public[D Doc[D, C], C Content[C]](d D, err error) (D, error) {
	var zero D
	if err != nil {
		return zero, err
	}
	if !d.Fields().Public() {
		return zero, ErrNotFound
	}
	return d, nil
}

// List pages through documents for the authoring API; next is "" on the last page.
func (e *Engine[D, C]) List(ctx context.Context, q ListQuery) (page []D, next string, err error) {
	q.Limit = ClampLimit(q.Limit)
	want := q.Limit
	q.Limit++ // one more tells whether there is a next page
	page, err = e.cfg.Store.List(ctx, q)
	if err != nil {
		return nil, "", fmt.Errorf("list %ss: %w", e.cfg.Noun, err)
	}
	if len(page) > want {
		page = page[:want]
		next = *page[want-1].Fields().ID
	}
	return page, next, nil
}

// mutation changes a loaded document in place; it returns the audit verb
// (e.g. "submit") and reason.
type mutation[D any] func(d D, now time.Time) (verb, reason string, err error)

// mutate loads the document, checks the caller's expected revision (0: none),
// applies fn to a copy and stores it with its audit entry. Without an expected
// revision a concurrent write is retried on the fresh document, since fn
// checks every rule again; with one, the conflict goes back to the caller.
func (e *Engine[D, C]) mutate(ctx context.Context, actor Actor, id string, ifRevision int, fn mutation[D]) (D, error) {
	var zero D
	for attempt := 0; ; attempt++ {
		old, err := e.cfg.Store.Get(ctx, id)
		if err != nil {
			return zero, err
		}
		prev := *old.Fields().Revision
		if ifRevision != 0 && prev != ifRevision {
			return zero, ErrConflict
		}
		now := e.cfg.Now().UTC()
		d := old.Copy()
		verb, reason, err := fn(d, now)
		if err != nil {
			return zero, err
		}
		f := d.Fields()
		*f.Revision, *f.UpdatedAt = prev+1, now
		en := e.entry(actor, now, verb, d, old, true)
		en.Reason = reason
		err = e.cfg.Store.Update(ctx, d, prev, en)
		if errors.Is(err, ErrConflict) && ifRevision == 0 && attempt < 3 {
			continue
		}
		if err != nil {
			return zero, fmt.Errorf("update %s %s: %w", e.cfg.Noun, id, err)
		}
		public := f.Public() && (verb == "approve" || verb == "retract")
		e.cfg.OnChange(Change[D]{ID: *f.ID, Slug: *f.Slug, Action: en.Action, Public: public, Doc: d})
		return d, nil
	}
}

// entry builds the audit record of a change from old (when hasOld) to d.
func (e *Engine[D, C]) entry(actor Actor, now time.Time, verb string, d, old D, hasOld bool) audit.Entry {
	f := d.Fields()
	en := audit.Entry{At: now, Actor: actor.ID, ActorName: actor.Name, Action: e.cfg.Kind + "." + verb,
		Subject: e.cfg.Kind + ":" + *f.ID, ToStatus: stateLabel[D, C](d), ToVersion: *f.Version}
	if hasOld {
		en.FromStatus, en.FromVersion = stateLabel[D, C](old), *old.Fields().Version
	}
	return en
}

// stateLabel names the state including a pending revision, for the audit log.
func stateLabel[D Doc[D, C], C Content[C]](d D) string {
	s := string(*d.Fields().Status)
	if p := d.Versions().State(); p != nil {
		s += "+revision:" + string(p.Status)
	}
	return s
}
