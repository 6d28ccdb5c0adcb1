package site

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

const requestIDKey = "beacon.request_id"

// requestID tags each request with an id for the logs and the X-Request-ID
// header. A caller's own id is reused only when it is short and plain, so it
// cannot smuggle anything into the logs.
func requestID(c *fiber.Ctx) error {
	id := c.Get(fiber.HeaderXRequestID)
	if !plainID(id) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	} else {
		id = string([]byte(id))
	}
	c.Locals(requestIDKey, id)
	c.Set(fiber.HeaderXRequestID, id)
	return c.Next()
}

func plainID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(requestIDKey).(string)
	return id
}

// recoverPanics turns a panic into a 500 problem; the stack goes to the log only.
func recoverPanics(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				log.Error("panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()), "request_id", requestIDOf(c))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return c.Next()
	}
}

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "beacon_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "beacon_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// observe logs and measures every request by its route pattern, never by its
// path or query (which may carry an identifier someone looked up) and never
// with the client's address. It also gives the handler a context that ends
// with the request.
func observe(log *slog.Logger, m *metrics) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		c.SetUserContext(ctx)
		err := c.Next()
		if err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		route, status := routeOf(c), c.Response().StatusCode()
		d := time.Since(start)
		m.requests.WithLabelValues(route, c.Method(), strconv.Itoa(status)).Inc()
		m.latency.WithLabelValues(route, c.Method()).Observe(d.Seconds())
		if log.Enabled(ctx, slog.LevelInfo) {
			log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("method", c.Method()), slog.String("route", route),
				slog.Int("status", status), slog.Float64("ms", float64(d.Microseconds())/1000),
				slog.String("request_id", requestIDOf(c)))
		}
		return nil
	}
}

// routeOf names the matched route pattern, or "unmatched".
func routeOf(c *fiber.Ctx) string {
	r := c.Route()
	if r == nil || r.Method == "USE" || (r.Path == "/" && c.Path() != "/") {
		return "unmatched"
	}
	return r.Path
}

// securityHeaders sets the headers every response carries.
func securityHeaders(baseURL string) fiber.Handler {
	hsts := strings.HasPrefix(baseURL, "https://")
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
		c.Set(fiber.HeaderXFrameOptions, "DENY")
		c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; frame-ancestors 'none'")
		if hsts {
			c.Set(fiber.HeaderStrictTransportSecurity, "max-age=63072000; includeSubDomains")
		}
		return c.Next()
	}
}
