// Package site is Beacon's HTTP server: middleware, operations endpoints,
// and the API (site/api) mounted on one Fiber app.
package site

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/valyala/fasthttp"

	"github.com/antifraud-alliance/beacon/site/api"
)

// Config is what the server needs from the command line.
type Config struct {
	BaseURL string // public origin, e.g. https://beacon.example.org
	Log     *slog.Logger
	Metrics *prometheus.Registry
	Ready   func(ctx context.Context) error // checks the store for /readyz
	API     api.Deps
	Web     *WebConfig // nil serves the API alone
	// TrustedProxies may set X-Forwarded-For; with none, the peer address is the client.
	TrustedProxies []string
	// Mount adds routes of other parts (such as the demo push service)
	// before the pages, whose /{lang} group would otherwise claim them.
	Mount func(app *fiber.App)
}

func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}

// limitBody refuses bodies over api.MaxBody on every route but the import.
// Bodies of known length are judged by it; chunked ones are read up to the
// limit. The connection is closed after a refusal, as the body is not read.
func limitBody(c *fiber.Ctx) error {
	req := c.Request()
	if !req.IsBodyStream() || c.Path() == api.ImportPath {
		return c.Next()
	}
	if n := req.Header.ContentLength(); n > api.MaxBody {
		c.Context().SetConnectionClose()
		return fiber.ErrRequestEntityTooLarge
	}
	if req.Header.ContentLength() < 0 {
		b, err := io.ReadAll(io.LimitReader(c.Context().RequestBodyStream(), api.MaxBody+1))
		if err != nil {
			return fiber.ErrBadRequest
		}
		if len(b) > api.MaxBody {
			c.Context().SetConnectionClose()
			return fiber.ErrRequestEntityTooLarge
		}
		req.SetBody(b)
	}
	return c.Next()
}

// Server is the assembled app.
type Server struct {
	App *fiber.App
	API *api.API
	web *web
}

// Forget drops every cached answer that shows the alert with this slug.
func (s *Server) Forget(slug string) {
	s.API.Forget(slug)
	if s.web != nil {
		s.web.Forget()
	}
}

// ServerConfig is the server part of Beacon's Fiber settings, which the
// benchmarks' floor (internal/benchfloor) shares.
func ServerConfig() fiber.Config {
	return fiber.Config{
		AppName:               "beacon",
		BodyLimit:             api.MaxBody,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           90 * time.Second,
		DisableStartupMessage: true,
		// Bodies over BodyLimit are streamed rather than refused, so that an
		// import of a million lines needs no more memory than a batch;
		// limitBody refuses them everywhere else.
		StreamRequestBody: true,
	}
}

// New builds the Fiber app with every route registered. It fails when a
// template does not parse, so a broken page stops the boot.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = prometheus.NewRegistry()
	}
	s := &Server{}
	if cfg.Web != nil {
		w, err := newWeb(*cfg.Web, cfg.BaseURL)
		if err != nil {
			return nil, err
		}
		s.web = w
	}
	fc := ServerConfig()
	fc.ErrorHandler = errorHandler(cfg.Log, s)
	fc.EnableTrustedProxyCheck = len(cfg.TrustedProxies) > 0
	fc.TrustedProxies = cfg.TrustedProxies
	fc.ProxyHeader = proxyHeader(cfg.TrustedProxies)
	app := fiber.New(fc)
	app.Server().HeaderReceived = func(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
		if string(h.Method()) == fiber.MethodPost && strings.HasPrefix(string(h.RequestURI()), api.ImportPath) {
			return fasthttp.RequestConfig{ReadTimeout: 30 * time.Minute, WriteTimeout: time.Minute}
		}
		return fasthttp.RequestConfig{}
	}
	app.Use(requestIDs(), observe(cfg.Log, newMetrics(cfg.Metrics)), recoverPanics(cfg.Log), limitBody, securityHeaders(cfg.BaseURL))

	app.Get("/healthz", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Get("/readyz", func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
		defer cancel()
		if err := cfg.Ready(ctx); err != nil {
			cfg.Log.Error("readiness check failed", "err", err, "request_id", requestIDOf(c))
			return api.NewProblem("unavailable", "The store does not answer.")
		}
		return c.SendString("ready")
	})
	app.Get("/metrics", adaptor.HTTPHandler(promhttp.HandlerFor(cfg.Metrics, promhttp.HandlerOpts{})))

	s.App, s.API = app, api.Register(app, cfg.API)
	if cfg.Mount != nil {
		cfg.Mount(app)
	}
	if s.web != nil {
		s.web.routes(app)
	}
	return s, nil
}

// errorHandler renders errors as problem+json for the API and as a localised
// page for people, and logs the ones that are ours.
func errorHandler(log *slog.Logger, s *Server) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		p := api.ToProblem(err)
		if p.Status >= 500 && !errors.Is(err, context.Canceled) {
			log.Error("request failed", "err", err, "route", routeOf(c), "request_id", requestIDOf(c))
		}
		if s.web != nil && !isAPI(c.Path()) {
			if herr := s.web.errorPage(c, p.Status); herr == nil {
				return nil
			} else {
				log.Error("error page failed", "err", herr, "request_id", requestIDOf(c))
			}
		}
		p.RequestID = requestIDOf(c)
		return api.WriteProblem(c, p)
	}
}

// isAPI says whether errors on a path are answered as problem+json (for
// programs: the API, feeds, CAP, probes) rather than as a page.
func isAPI(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/api" || path == "/healthz" || path == "/readyz" || path == "/metrics" ||
		strings.HasPrefix(path, "/cap/") || strings.Contains(path, "/feeds/alerts.") || strings.Contains(path, "/feeds/trends.")
}
