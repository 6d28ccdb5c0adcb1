package site_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
	"github.com/antifraud-alliance/beacon/site"
	"github.com/antifraud-alliance/beacon/site/api"
)

func newServer(t *testing.T, ready func(context.Context) error, logs io.Writer) *site.Server {
	st := storetest.SQLite(t)
	if ready == nil {
		ready = st.Ping
	}
	s, err := site.New(site.Config{BaseURL: "https://beacon.test", Ready: ready, Metrics: prometheus.NewRegistry(),
		Log: slog.New(slog.NewJSONHandler(logs, nil)),
		API: api.Deps{Alerts: alerts.NewService(st, alerts.Options{}), Tokens: auth.NewService(st, nil), Audit: st}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, app *fiber.App, path string, headers ...string) (int, string, map[string][]string) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := app.Test(req, 5000)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestHealthReadyMetrics(t *testing.T) {
	var logs bytes.Buffer
	s := newServer(t, nil, &logs)
	if code, body, _ := get(t, s.App, "/healthz"); code != 200 || body != "ok" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, _, _ := get(t, s.App, "/readyz"); code != 200 {
		t.Errorf("/readyz: %d", code)
	}
	get(t, s.App, "/api/v1/public/alerts/some-slug-someone-looked-up?lang=th")
	_, metrics, _ := get(t, s.App, "/metrics")
	for _, want := range []string{
		`beacon_http_requests_total{method="GET",route="/api/v1/public/alerts/:slug",status="404"} 1`,
		`beacon_http_request_duration_seconds_bucket{method="GET",route="/healthz",le=`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(metrics, "someone-looked-up") || strings.Contains(logs.String(), "someone-looked-up") {
		t.Error("a requested path reached the metrics or logs; only route patterns may")
	}
	if strings.Contains(logs.String(), "127.0.0.1") || strings.Contains(logs.String(), "0.0.0.0") {
		t.Error("a client address reached the logs")
	}
	if !strings.Contains(logs.String(), `"route":"/api/v1/public/alerts/:slug"`) || !strings.Contains(logs.String(), `"request_id"`) {
		t.Errorf("request log lacks route or request id: %s", logs.String())
	}
}

func TestNotReadyWhenStoreFails(t *testing.T) {
	s := newServer(t, func(context.Context) error { return errors.New("disk gone") }, io.Discard)
	code, body, h := get(t, s.App, "/readyz")
	if code != 503 || h["Content-Type"][0] != "application/problem+json" || !strings.Contains(body, "urn:beacon:problem:unavailable") {
		t.Errorf("/readyz with a failing store: %d %s", code, body)
	}
}

func TestPanicBecomesProblem(t *testing.T) {
	var logs bytes.Buffer
	s := newServer(t, nil, &logs)
	s.App.Get("/boom", func(*fiber.Ctx) error { panic("secret internal state") })
	code, body, h := get(t, s.App, "/boom")
	if code != 500 || h["Content-Type"][0] != "application/problem+json" || !strings.Contains(body, "urn:beacon:problem:internal") {
		t.Fatalf("panic: %d %s", code, body)
	}
	if strings.Contains(body, "secret internal state") {
		t.Error("the panic value reached the client")
	}
	if !strings.Contains(logs.String(), "secret internal state") {
		t.Error("the panic was not logged")
	}
}

func TestRequestIDAndSecurityHeaders(t *testing.T) {
	s := newServer(t, nil, io.Discard)
	_, _, h := get(t, s.App, "/healthz", "X-Request-ID", "abc-123")
	if h["X-Request-Id"][0] != "abc-123" {
		t.Errorf("a plain caller request id is kept: %v", h["X-Request-Id"])
	}
	_, _, h = get(t, s.App, "/healthz", "X-Request-ID", "evil\"id with spaces")
	first := h["X-Request-Id"][0]
	if len(first) != 16 || strings.Trim(first, "0123456789abcdef") != "" {
		t.Errorf("an unsafe request id must be replaced by 16 hex digits: %q", first)
	}
	seen := map[string]bool{first: true}
	for range 50 {
		_, _, h = get(t, s.App, "/healthz")
		id := h["X-Request-Id"][0]
		if seen[id] || len(id) != 16 || id[:8] != first[:8] {
			t.Fatalf("request id %q after %d others: want a new one with the server's prefix %q", id, len(seen), first[:8])
		}
		seen[id] = true
	}
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
		"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
		"Content-Security-Policy":   "default-src 'none'; frame-ancestors 'none'",
	} {
		if got := h[k]; len(got) == 0 || got[0] != want {
			t.Errorf("%s: %v, want %q", k, got, want)
		}
	}
}
