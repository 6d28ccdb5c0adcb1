package trends

import (
	"context"
	"fmt"
	"time"

	"github.com/antifraud-alliance/beacon/internal/valid"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Actor is who performs an action.
type Actor = workflow.Actor

// Change tells listeners that a committed write changed a report. A change
// with Public set and Action "trend.approve" is a publication (or an
// approved update): what push subscribers who opted in to reports are sent.
type Change struct {
	ID     string
	Slug   string
	Action string // the audit action, e.g. trend.approve
	Public bool   // whether what the public sees changed (publish, update, retract)
	Report *Report
}

// Options configures a Service. Zero values are fine.
type Options struct {
	Now      func() time.Time // the clock; time.Now if nil
	OnChange func(Change)     // called after every committed write
}

// Service runs the trend-report lifecycle over a Store and computes report
// data over a Counter. The lifecycle (Get, List, PutTranslation, Submit,
// Approve, Reject, Retract, Public) is the workflow engine's, shared with alerts.
type Service struct {
	*workflow.Engine[*Report, Content]
	store Store
	count Counter
	now   func() time.Time
}

// NewService returns the trend-report service.
func NewService(store Store, count Counter, o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	cfg := workflow.Config[*Report, Content]{Kind: "trend", Noun: "trend report", Now: o.Now, Store: workflow.Store[*Report]{
		Create: store.CreateTrend, Get: store.Trend, BySlug: store.TrendBySlug, Update: store.UpdateTrend, List: store.ListTrends}}
	if o.OnChange != nil {
		cfg.OnChange = func(c workflow.Change[*Report]) {
			o.OnChange(Change{ID: c.ID, Slug: c.Slug, Action: c.Action, Public: c.Public, Report: c.Doc})
		}
	}
	return &Service{Engine: workflow.New(cfg), store: store, count: count, now: o.Now}
}

// Create stores a new draft written by actor.
func (s *Service) Create(ctx context.Context, actor Actor, c Content) (*Report, error) {
	return s.Engine.Create(ctx, actor, &Report{Content: c})
}

// Patch is a partial edit: nil fields are left alone; a nil translation
// removes that language.
type Patch struct {
	From, To     *string
	Translations map[string]*Translation
}

// Edit applies a patch. A draft changes in place; a published report gets a
// pending revision and the live version stays until it is approved.
func (s *Service) Edit(ctx context.Context, actor Actor, id string, ifRevision int, p Patch) (*Report, error) {
	return s.Engine.Edit(ctx, actor, id, ifRevision, func(r *Report) error {
		v := r.Versions()
		c := v.Editing()
		if p.From != nil {
			c.From = *p.From
		}
		if p.To != nil {
			c.To = *p.To
		}
		for lang, tr := range p.Translations {
			v.SetTranslation(lang, tr)
		}
		return nil
	})
}

// PublicList pages through public reports (published or retracted), most
// recently published first; next is "" on the last page.
func (s *Service) PublicList(ctx context.Context, cursor string, limit int) (page []*Report, next string, err error) {
	after, err := workflow.DecodeCursor(cursor)
	if err != nil {
		return nil, "", valid.Field("trend report filter", "cursor", "is not a cursor this API returned")
	}
	limit = workflow.ClampLimit(limit)
	page, err = s.store.ListPublicTrends(ctx, after, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list public trend reports: %w", err)
	}
	if len(page) > limit {
		page = page[:limit]
		next = workflow.EncodeCursor(page[limit-1].Fields().Key())
	}
	return page, next, nil
}

// Latest returns the most recently published report that is not withdrawn,
// or nil when there is none.
func (s *Service) Latest(ctx context.Context) (*Report, error) {
	var after *workflow.PublicKey
	for range 20 { // bounded: twenty pages of withdrawn reports would be extraordinary
		page, err := s.store.ListPublicTrends(ctx, after, 50)
		if err != nil {
			return nil, fmt.Errorf("latest trend report: %w", err)
		}
		for _, r := range page {
			if r.Status == workflow.StatusPublished {
				return r, nil
			}
		}
		if len(page) < 50 {
			return nil, nil
		}
		k := page[len(page)-1].Fields().Key()
		after = &k
	}
	return nil, nil
}
