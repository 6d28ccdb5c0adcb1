package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/config"
	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/locales"
)

// healWindow is how far back a start looks for alert changes whose push may
// have been lost (a crash between the alert's commit and the job's). Jobs
// have stable IDs, so what was enqueued already is not sent again.
const healWindow = 24 * time.Hour

// pusher turns alert changes into push jobs and runs the delivery engine.
type pusher struct {
	engine  *push.Engine
	policy  *push.EndpointPolicy
	texts   push.Texts
	baseURL string
	log     *slog.Logger
	now     func() time.Time
}

func newPusher(st store.Backend, cfg config.Config, keys push.VAPIDKeys, cat *locales.Catalog,
	reg prometheus.Registerer, log *slog.Logger) (*pusher, error) {
	signer, err := push.NewSigner(keys, cfg.PushSubject, nil)
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	policy := &push.EndpointPolicy{AllowedHosts: cfg.PushHosts, AllowLocal: cfg.PushAllowLocal}
	metrics := push.NewMetrics(reg, st.PendingTasks)
	sender := push.NewSender(signer, push.SenderConfig{Transport: push.NewTransport(policy, 0), Metrics: metrics})
	engine := push.NewEngine(st, sender, push.EngineConfig{Log: log, Metrics: metrics, Lease: cfg.PushLease})
	return &pusher{engine: engine, policy: policy, texts: push.Texts{T: cat.T, Has: cat.Has},
		baseURL: cfg.BaseURL, log: log, now: time.Now}, nil
}

// alertChanged enqueues the notification an alert change calls for. It runs
// after the change committed; a failure here is repaired by heal at the
// next start.
func (p *pusher) alertChanged(ch alerts.Change) {
	kind, ok := push.KindOfChange(ch.Action, ch.Alert)
	if !ok || !ch.Public {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.enqueueAlert(ctx, ch.Alert, kind); err != nil {
		p.log.Error("enqueue push", "alert", ch.Slug, "err", err)
	}
}

func (p *pusher) enqueueAlert(ctx context.Context, a *alerts.Alert, kind string) error {
	job, err := push.AlertJob(a, kind, p.baseURL, p.texts, p.now())
	if err != nil {
		return err
	}
	return p.engine.Enqueue(ctx, job)
}

// reportChanged announces a trend report's first publication to the
// subscribers who opted in to reports.
func (p *pusher) reportChanged(ch trends.Change) {
	r := ch.Report
	if !ch.Public || ch.Action != "trend.approve" || r.Version != 1 {
		return
	}
	texts := make(map[string]push.Text, len(r.Translations))
	for lang, tr := range r.Translations {
		texts[lang] = push.Text{Title: tr.Title, Summary: tr.Summary}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	job, err := push.ReportJob(r.ID, r.Slug, texts, p.baseURL, p.texts, p.now())
	if err == nil {
		err = p.engine.Enqueue(ctx, job)
	}
	if err != nil {
		p.log.Error("enqueue report push", "report", r.Slug, "err", err)
	}
}

// healing is an alert change of the last healWindow whose push a start
// enqueues again, in case a crash lost it.
type healing struct {
	alert *alerts.Alert
	kind  string
}

// toHeal returns the push to enqueue again for a, if its latest change is
// recent enough.
func (p *pusher) toHeal(a *alerts.Alert) (healing, bool) {
	since := p.now().Add(-healWindow)
	after := func(t *time.Time) bool { return t != nil && t.After(since) }
	var kind string
	switch {
	case a.Status == alerts.StatusRetracted && after(a.RetractedAt):
		kind = push.KindRetraction
	case a.Status == alerts.StatusPublished && a.Version > 1 && after(a.RevisedAt):
		kind = push.KindUpdate
	case a.Status == alerts.StatusPublished && a.Version == 1 && after(a.PublishedAt):
		kind = push.KindAlert
	default:
		return healing{}, false
	}
	return healing{a, kind}, true
}

// heal enqueues the pushes that the start's pass over the alerts found.
func (p *pusher) heal(ctx context.Context, due []healing) error {
	for _, h := range due {
		if err := p.enqueueAlert(ctx, h.alert, h.kind); err != nil {
			return fmt.Errorf("heal push of %s: %w", h.alert.Slug, err)
		}
	}
	return nil
}
