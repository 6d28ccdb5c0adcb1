package site

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

const requestIDKey = "beacon.request_id"

var hRequestID = []byte(fiber.HeaderXRequestID)

// requestIDs tags each request with an id for the logs and the X-Request-ID
// header: a random prefix chosen at start and a counter, unique without a
// read of the system's random source per request. A caller's own id is
// reused only when it is short and plain, so it cannot smuggle anything
// into the logs.
func requestIDs() fiber.Handler {
	var b [4]byte
	_, _ = rand.Read(b[:])
	prefix := hex.EncodeToString(b[:])
	var n atomic.Uint64
	return func(c *fiber.Ctx) error {
		id := c.Get(fiber.HeaderXRequestID)
		if !plainID(id) {
			buf := make([]byte, 0, 16)
			buf = append(buf, prefix...)
			seq := strconv.AppendUint(make([]byte, 0, 16), n.Add(1)&0xffffffff, 16)
			for range 8 - len(seq) {
				buf = append(buf, '0')
			}
			id = string(append(buf, seq...))
		} else {
			id = string([]byte(id))
		}
		c.Locals(requestIDKey, id)
		c.Response().Header.SetCanonical(hRequestID, []byte(id))
		return c.Next()
	}
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
	// children caches the series of each route, method and status: looking
	// them up by label values hashes every label on every request.
	mu       sync.RWMutex
	children map[seriesKey]series
}

type seriesKey struct {
	route, method string
	status        int
}

type series struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

func (m *metrics) series(route, method string, status int) series {
	k := seriesKey{route, method, status}
	m.mu.RLock()
	s, ok := m.children[k]
	m.mu.RUnlock()
	if ok {
		return s
	}
	s = series{count: m.requests.WithLabelValues(route, method, strconv.Itoa(status)), latency: m.latency.WithLabelValues(route, method)}
	m.mu.Lock()
	m.children[k] = s
	m.mu.Unlock()
	return s
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
		children: map[seriesKey]series{},
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// observe logs and measures every request by its route pattern, never by its
// path or query (which may carry an identifier someone looked up) and never
// with the client's address. Handlers get no per-request deadline: the
// store clients bound their own waits, and a timer per request cost an
// eighth of the throughput.
func observe(log *slog.Logger, m *metrics) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		route, status := routeOf(c), c.Response().StatusCode()
		end := time.Now()
		d := end.Sub(start)
		s := m.series(route, c.Method(), status)
		s.count.Inc()
		s.latency.Observe(d.Seconds())
		if ctx := c.UserContext(); log.Enabled(ctx, slog.LevelInfo) {
			// A record made here, without the caller's program counter that
			// Logger.LogAttrs looks up on every call: the source line of
			// this one log line is known.
			r := slog.NewRecord(end, slog.LevelInfo, "request", 0)
			r.AddAttrs(slog.String("method", c.Method()), slog.String("route", route),
				slog.Int("status", status), slog.Float64("ms", float64(d.Microseconds())/1000),
				slog.String("request_id", requestIDOf(c)))
			_ = log.Handler().Handle(ctx, r)
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

// pageCSP allows only Beacon's own files: no inline script or style, nothing
// from third-party hosts.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

type header struct{ key, value []byte }

// securityHeaders sets the headers every response carries. The names are
// written in canonical form once, so no request pays for normalising them.
func securityHeaders(baseURL string) fiber.Handler {
	h := func(k, v string) header { return header{[]byte(k), []byte(v)} }
	common := []header{h("X-Content-Type-Options", "nosniff"), h("Referrer-Policy", "no-referrer"), h("X-Frame-Options", "DENY")}
	if strings.HasPrefix(baseURL, "https://") {
		common = append(common, h("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))
	}
	api := append(append([]header(nil), common...), h("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"))
	pages := append(append([]header(nil), common...), h("Content-Security-Policy", pageCSP),
		h("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"))
	return func(c *fiber.Ctx) error {
		set := pages
		if isAPI(c.Path()) {
			set = api
		}
		rh := &c.Response().Header
		for _, x := range set {
			rh.SetCanonical(x.key, x.value)
		}
		return c.Next()
	}
}
