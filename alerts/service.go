package alerts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/ids"
)

// Actor is who performs an action.
type Actor struct {
	ID     string
	Name   string
	Role   auth.Role
	Agency string
}

// Change tells listeners that a committed write changed an alert.
type Change struct {
	ID     string
	Slug   string
	Action string // the audit action, e.g. alert.approve
	Public bool   // whether what the public sees changed (publish, update, retract)
	Alert  *Alert // the alert as stored; listeners must not change it
}

// Service runs the alert lifecycle over a Store.
type Service struct {
	store    Store
	now      func() time.Time
	onChange func(Change)
}

// Options configures a Service. Zero values are fine.
type Options struct {
	Now      func() time.Time // the clock; time.Now if nil
	OnChange func(Change)     // called after every committed write
}

// NewService returns the alert service over store.
func NewService(store Store, o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.OnChange == nil {
		o.OnChange = func(Change) {}
	}
	return &Service{store: store, now: o.Now, onChange: o.OnChange}
}

// Create stores a new draft written by actor.
func (s *Service) Create(ctx context.Context, actor Actor, c Content) (*Alert, error) {
	if actor.Role < auth.RoleAuthor {
		return nil, ErrForbidden
	}
	now := s.now().UTC()
	c = c.clone()
	if err := c.Validate(now); err != nil {
		return nil, err
	}
	a := &Alert{
		ID: ids.New(now), Revision: 1, Status: StatusDraft, Content: c,
		Agency: actor.Agency, Author: actor.ID, AuthorName: actor.Name, Editors: []string{actor.ID},
		CreatedAt: now, UpdatedAt: now,
	}
	e := entry(actor, now, "alert.create", a, nil)
	for _, slug := range slugCandidates(&a.Content, a.ID) {
		a.Slug = slug
		err := s.store.CreateAlert(ctx, a, e)
		if errors.Is(err, ErrSlugTaken) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create alert: %w", err)
		}
		s.onChange(Change{ID: a.ID, Slug: a.Slug, Action: e.Action, Alert: a})
		return a, nil
	}
	return nil, fmt.Errorf("create alert: no free slug for %q", a.Slug)
}

// Get returns any alert by id.
func (s *Service) Get(ctx context.Context, id string) (*Alert, error) {
	return s.store.Alert(ctx, id)
}

// List pages through alerts for the authoring API; next is "" on the last page.
func (s *Service) List(ctx context.Context, q ListQuery) (page []*Alert, next string, err error) {
	q.Limit = clampLimit(q.Limit)
	want := q.Limit
	q.Limit++ // one more tells whether there is a next page
	page, err = s.store.ListAlerts(ctx, q)
	if err != nil {
		return nil, "", fmt.Errorf("list alerts: %w", err)
	}
	if len(page) > want {
		page = page[:want]
		next = page[want-1].ID
	}
	return page, next, nil
}

func clampLimit(n int) int {
	switch {
	case n <= 0:
		return 20
	case n > 100:
		return 100
	}
	return n
}

// mutation changes a loaded alert in place; it returns the audit action and reason.
type mutation func(a *Alert, now time.Time) (action, reason string, err error)

// mutate loads the alert, checks the caller's expected revision (0: none),
// applies fn to a copy and stores it with its audit entry. Without an expected
// revision a concurrent write is retried on the fresh alert, since fn checks
// every rule again; with one, the conflict goes back to the caller.
func (s *Service) mutate(ctx context.Context, actor Actor, id string, ifRevision int, fn mutation) (*Alert, error) {
	for attempt := 0; ; attempt++ {
		old, err := s.store.Alert(ctx, id)
		if err != nil {
			return nil, err
		}
		if ifRevision != 0 && old.Revision != ifRevision {
			return nil, ErrConflict
		}
		now := s.now().UTC()
		a := old.copy()
		action, reason, err := fn(a, now)
		if err != nil {
			return nil, err
		}
		a.Revision = old.Revision + 1
		a.UpdatedAt = now
		e := entry(actor, now, action, a, old)
		e.Reason = reason
		err = s.store.UpdateAlert(ctx, a, old.Revision, e)
		if errors.Is(err, ErrConflict) && ifRevision == 0 && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("update alert %s: %w", id, err)
		}
		s.onChange(Change{ID: a.ID, Slug: a.Slug, Action: action, Public: a.Public() && publicAction(action), Alert: a})
		return a, nil
	}
}

func publicAction(action string) bool {
	return action == "alert.approve" || action == "alert.retract"
}

// entry builds the audit record of a change from old (nil on create) to a.
func entry(actor Actor, now time.Time, action string, a, old *Alert) audit.Entry {
	e := audit.Entry{At: now, Actor: actor.ID, ActorName: actor.Name, Action: action, Subject: "alert:" + a.ID,
		ToStatus: stateLabel(a), ToVersion: a.Version}
	if old != nil {
		e.FromStatus, e.FromVersion = stateLabel(old), old.Version
	}
	return e
}

// stateLabel names the state including a pending revision, for the audit log.
func stateLabel(a *Alert) string {
	if a.Pending != nil {
		return string(a.Status) + "+revision:" + string(a.Pending.Status)
	}
	return string(a.Status)
}

// copy returns a deep copy of the alert.
func (a *Alert) copy() *Alert {
	c := *a
	c.Content = a.Content.clone()
	c.Editors = append([]string(nil), a.Editors...)
	c.History = append([]VersionInfo(nil), a.History...)
	if a.Pending != nil {
		p := *a.Pending
		p.Content = a.Pending.Content.clone()
		p.Editors = append([]string(nil), a.Pending.Editors...)
		c.Pending = &p
	}
	return &c
}
