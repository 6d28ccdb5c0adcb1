package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/content"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/config"
	"github.com/antifraud-alliance/beacon/internal/demo"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/ratelimit"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/redis"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/locales"
	"github.com/antifraud-alliance/beacon/site"
	"github.com/antifraud-alliance/beacon/site/api"
)

// serve runs the server until ctx ends (SIGINT or SIGTERM), then drains
// in-flight requests and closes the store.
func serve(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	var cfg config.Config
	fs := flag.NewFlagSet("beacon serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Bind(fs, config.Addr, config.Store, config.BaseURL, config.Demo, config.RedisPrefix, config.LogLevel,
		config.LookupLimit, config.ReportLimit, config.ReportThreshold, config.TrustedProxies, config.PushSubject,
		config.PushAllowLocal, config.PushHosts, config.PushLimit, config.PushLease)
	if err := cfg.Parse(fs, args, getenv); err != nil {
		return err
	}
	logs := newLogWriter(stderr, 200*time.Millisecond)
	defer logs.Close()
	log := newLogger(logs, terminal(stderr), cfg.LogLevel)
	if cfg.Demo && !cfg.PushAllowLocal {
		// The demo subscriber's push service is this server's own listener.
		cfg.PushAllowLocal = true
		log.Warn("--demo admits push endpoints on localhost (as --push-allow-local does); never use --demo in production")
	}

	st, err := store.Open(ctx, cfg.Store, cfg.RedisPrefix)
	if err != nil {
		return fmt.Errorf("open store %s: %w", cfg.Store, err)
	}
	defer st.Close()
	changes := store.NewBus(st)

	lk := lookup.NewService(st, lookup.Config{Threshold: cfg.ReportThreshold, Log: log, CacheFor: time.Minute})
	var pushes *pusher // set below, once the messages it words notifications with are loaded
	// Change hooks run after the commit; the bus is told last, so that other
	// nodes that drop their caches and wake their push workers find the
	// listings synced and the push job enqueued.
	alertSvc := alerts.NewService(st, alerts.Options{OnChange: func(ch alerts.Change) {
		if pushes != nil {
			pushes.alertChanged(ch)
		}
		if ch.Public {
			// A failure here is repaired by the sync at the next start.
			if err := lk.SyncAlert(context.Background(), ch.Alert); err != nil {
				log.Error("sync alert listings", "alert", ch.Slug, "err", err)
			}
		}
		changes.Publish(context.Background(), ch.Slug)
	}})
	// Trend reports: every change drops the cached pages and answers that
	// show reports or their data. A published report (Change.Public with
	// Action trend.approve) is what subscribers who opted in to reports get.
	trendSvc := trends.NewService(st, st, trends.Options{OnChange: func(ch trends.Change) {
		if pushes != nil {
			pushes.reportChanged(ch)
		}
		changes.Publish(context.Background(), ch.Slug)
	}})
	if cfg.Demo {
		if err := demo.Load(ctx, st, lk, log); err != nil {
			return fmt.Errorf("load demo content: %w", err)
		}
		if err := demo.LoadTrends(ctx, st, log); err != nil {
			return fmt.Errorf("load demo trend report: %w", err)
		}
	}
	vapid, err := push.LoadOrCreateVAPID(ctx, st.Secret) // created at first start, shared by every node
	if err != nil {
		return fmt.Errorf("VAPID keys: %w", err)
	}
	limits, err := rateLimits(ctx, st, cfg)
	if err != nil {
		return err
	}
	web, err := loadWeb(alertSvc)
	if err != nil {
		return err
	}
	web.Lookup = lk
	web.Trends = trendSvc
	web.Limit = func(kind string) fiber.Handler {
		return limits.Middleware(kind, map[string]int{"lookup": cfg.LookupLimit, "report": cfg.ReportLimit}[kind])
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pushes, err = newPusher(st, cfg, vapid, web.Catalog, reg, log); err != nil {
		return err
	}
	heals, err := healAlerts(ctx, alertSvc, lk, pushes)
	if err != nil {
		return err
	}
	var demoSub *demoPush
	mount := func(*fiber.App) {}
	if cfg.Demo {
		if demoSub, err = newDemoPush(vapid.Public); err != nil {
			return err
		}
		mount, web.DemoInbox = demoSub.mount, demoSub.inbox
	}
	srv, err := site.New(site.Config{
		BaseURL: cfg.BaseURL, Log: log, Metrics: reg, Ready: st.Ping,
		API: api.Deps{Alerts: alertSvc, Tokens: auth.NewService(st, nil), Audit: st, Lookup: lk, Limits: limits, Trends: trendSvc,
			Advice: func(lang string, v lookup.Verdict) string {
				return web.Catalog.T(lang, "verdict-"+string(v)+"-text", nil)
			},
			Push: &api.PushDeps{Store: st, Policy: pushes.policy, PublicKey: vapid.Public, Limit: cfg.PushLimit}},
		Web:            web,
		TrustedProxies: cfg.TrustedProxies,
		Mount:          mount,
	})
	if err != nil {
		return err
	}
	// A change on any node may have enqueued pushes: every node's workers
	// wake to share them.
	go changes.Run(ctx, func(slug string) { srv.Forget(slug); lk.Forget(); pushes.engine.Wake() }, log)
	flushCtx, stopFlush := context.WithCancel(context.WithoutCancel(ctx))
	defer stopFlush()
	flushed := make(chan struct{})
	go func() { lk.Run(flushCtx, 10*time.Second); close(flushed) }()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on --addr %s: %w", cfg.Addr, err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "store", storeKind(cfg.Store), "version", version(),
		"vapid_public_key", vapid.Public, "push_subject", cfg.PushSubject)
	errc := make(chan error, 1)
	go func() { errc <- srv.App.Listener(ln) }()
	if demoSub != nil {
		if err := demoSub.subscribe(ctx, st, "http://"+ln.Addr().String()); err != nil {
			return err
		}
	}
	if err := pushes.heal(ctx, heals); err != nil {
		return err
	}
	pushCtx, stopPush := context.WithCancel(context.WithoutCancel(ctx))
	defer stopPush()
	pushed := make(chan struct{})
	go func() { pushes.engine.Run(pushCtx); close(pushed) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	if err := srv.App.ShutdownWithTimeout(15 * time.Second); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("shutting down: finishing the pushes in flight")
	stopPush()
	<-pushed
	stopFlush() // the last lookup counts are written before the store closes
	<-flushed
	log.Info("stopped")
	return nil
}

// healAlerts makes every published alert's indicators listings again, so a
// crash between an alert's commit and its listings' commit heals at start,
// and returns the recent changes whose pushes a crash may have lost, which
// are enqueued once the demo subscriber (if any) is there: one pass over
// the alerts for both.
func healAlerts(ctx context.Context, svc *alerts.Service, lk *lookup.Service, p *pusher) ([]healing, error) {
	var due []healing
	err := eachPublicAlert(ctx, svc, func(a *alerts.Alert) error {
		if err := lk.SyncAlert(ctx, a); err != nil {
			return fmt.Errorf("sync alert %s: %w", a.Slug, err)
		}
		if h, ok := p.toHeal(a); ok {
			due = append(due, h)
		}
		return nil
	})
	return due, err
}

// eachPublicAlert calls fn for every alert ever published, page by page.
func eachPublicAlert(ctx context.Context, svc *alerts.Service, fn func(*alerts.Alert) error) error {
	q := alerts.PublicQuery{Scope: alerts.ScopeAll, Limit: 100}
	for {
		list, next, err := svc.PublicList(ctx, q)
		if err != nil {
			return fmt.Errorf("list published alerts: %w", err)
		}
		for _, a := range list {
			if err := fn(a); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		q.Cursor = next
	}
}

// rateLimits shares the limits through Redis when several nodes do, and keeps
// them in memory on the embedded store.
func rateLimits(ctx context.Context, st store.Backend, cfg config.Config) (api.Limits, error) {
	l := api.Limits{Lookup: cfg.LookupLimit, Report: cfg.ReportLimit}
	if r, ok := st.(*redis.Store); ok {
		secret, err := st.Secret(ctx, "rate-keyer", func() ([]byte, error) {
			b := make([]byte, 32)
			_, err := rand.Read(b)
			return b, err
		})
		if err != nil {
			return l, fmt.Errorf("rate limit key: %w", err)
		}
		l.Limiter, l.Keyer = ratelimit.NewRedis(r.Client(), r.Prefix()), ratelimit.NewKeyerWith(secret)
		return l, nil
	}
	l.Limiter, l.Keyer = ratelimit.NewMemory(nil), ratelimit.NewKeyer()
	return l, nil
}

// loadWeb reads and checks the embedded explainers, pages and messages; any
// defect stops start-up with the files at fault named.
func loadWeb(alertSvc *alerts.Service) (*site.WebConfig, error) {
	md := content.NewRenderer()
	lib, err := content.LoadEmbedded(md)
	if err != nil {
		return nil, fmt.Errorf("load explainers: %w", err)
	}
	pages, err := content.LoadEmbeddedPages(md)
	if err != nil {
		return nil, fmt.Errorf("load pages: %w", err)
	}
	cat, err := locales.Load()
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	return &site.WebConfig{Alerts: alertSvc, Explainers: lib, Pages: pages, Markdown: md, Catalog: cat}, nil
}

// newLogger logs JSON, or text when a person is watching the terminal.
func newLogger(w io.Writer, text bool, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level)) // validated by config
	opts := &slog.HandlerOptions{Level: l}
	if text {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func terminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// storeKind names the backend without the credentials a Redis URL may carry.
func storeKind(dsn string) string {
	if len(dsn) >= 5 && dsn[:5] == "redis" {
		return "redis"
	}
	return dsn
}
