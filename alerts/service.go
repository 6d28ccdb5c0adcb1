package alerts

import (
	"context"
	"time"

	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Actor is who performs an action.
type Actor = workflow.Actor

// Change tells listeners that a committed write changed an alert.
type Change struct {
	ID     string
	Slug   string
	Action string // the audit action, e.g. alert.approve
	Public bool   // whether what the public sees changed (publish, update, retract)
	Alert  *Alert // the alert as stored; listeners must not change it
}

// Service runs the alert lifecycle over a Store. The lifecycle itself (Get,
// List, PutTranslation, Submit, Approve, Reject, Retract, Public,
// PublicByID) is the workflow engine's, shared with trend reports.
type Service struct {
	*workflow.Engine[*Alert, Content]
	store Store
	now   func() time.Time
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
	cfg := workflow.Config[*Alert, Content]{Kind: "alert", Now: o.Now, Store: workflow.Store[*Alert]{
		Create: store.CreateAlert, Get: store.Alert, BySlug: store.AlertBySlug, Update: store.UpdateAlert, List: store.ListAlerts}}
	if o.OnChange != nil {
		cfg.OnChange = func(c workflow.Change[*Alert]) {
			o.OnChange(Change{ID: c.ID, Slug: c.Slug, Action: c.Action, Public: c.Public, Alert: c.Doc})
		}
	}
	return &Service{Engine: workflow.New(cfg), store: store, now: o.Now}
}

// Create stores a new draft written by actor.
func (s *Service) Create(ctx context.Context, actor Actor, c Content) (*Alert, error) {
	return s.Engine.Create(ctx, actor, &Alert{Content: c})
}
