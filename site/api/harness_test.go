package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/ratelimit"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/site"
	"github.com/antifraud-alliance/beacon/site/api"
)

// env is a whole server on a real backend, with a token per person.
type env struct {
	t      *testing.T
	srv    *site.Server
	st     store.Backend
	tokens map[string]string // ana, bob: authors; rex, rita: reviewers; root: admin
}

func newEnv(t *testing.T, open storetest.Opener) *env {
	t.Helper()
	st := open(t)
	tokens := auth.NewService(st, nil)
	e := &env{t: t, st: st, tokens: map[string]string{}}
	for name, role := range map[string]auth.Role{"ana": auth.RoleAuthor, "bob": auth.RoleAuthor, "rex": auth.RoleReviewer,
		"rita": auth.RoleReviewer, "root": auth.RoleAdmin} {
		plain, _, err := tokens.Issue(context.Background(), name, role, "TH")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[name] = plain
	}
	svc := alerts.NewService(st, alerts.Options{OnChange: func(ch alerts.Change) { e.srv.Forget(ch.Slug) }})
	srv, err := site.New(site.Config{BaseURL: "https://beacon.test", Ready: st.Ping,
		API: api.Deps{Alerts: svc, Tokens: tokens, Audit: st,
			Trends: trends.NewService(st, st, trends.Options{OnChange: func(ch trends.Change) { e.srv.Forget(ch.Slug) }})}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	return e
}

// newLookupEnv is newEnv with the lookup service and a rate limit of perMinute.
func newLookupEnv(t *testing.T, open storetest.Opener, perMinute int) *env {
	t.Helper()
	e := newEnv(t, open)
	lk := lookup.NewService(e.st, lookup.Config{})
	limits := api.Limits{Limiter: ratelimit.NewMemory(nil), Keyer: ratelimit.NewKeyer(), Lookup: perMinute, Report: perMinute}
	srv, err := site.New(site.Config{BaseURL: "https://beacon.test", Ready: e.st.Ping,
		API: api.Deps{Alerts: alerts.NewService(e.st, alerts.Options{}), Tokens: auth.NewService(e.st, nil), Audit: e.st,
			Lookup: lk, Limits: limits, Advice: func(lang string, v lookup.Verdict) string { return "advice:" + string(v) },
			Push:   &api.PushDeps{Store: e.st, Policy: &push.EndpointPolicy{}, PublicKey: "BPUBLICKEY"},
			Trends: trends.NewService(e.st, e.st, trends.Options{})}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	return e
}

// forEachBackend runs fn against a fresh server on each storage backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, k := range storetest.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, k.Open))
		})
	}
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// do sends a request as who ("" for anonymous); headers come in name, value pairs.
func (e *env) do(method, path, who, body string, headers ...string) resp {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	var res *http.Response
	var err error
	if len(body) > api.MaxBody {
		res, err = e.overNetwork(req) // app.Test reports fasthttp's 413 as an error
	} else {
		res, err = e.srv.App.Test(req, 5000)
	}
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// must checks the status and returns the decoded body.
func (e *env) must(status int, r resp) map[string]any {
	e.t.Helper()
	if r.status != status {
		e.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if len(r.body) == 0 || r.status == http.StatusNotModified {
		return nil
	}
	return r.json(e.t)
}

// alertJSON is a valid alert that expires a year from now.
var alertJSON = strings.ReplaceAll(alertTemplate, "EXPIRY", expiry)

var expiry = time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339)

const alertTemplate = `{
  "severity": "warning", "typologies": ["official-impersonation"], "regions": ["TH", "MY"], "channels": ["phone"],
  "indicators": [{"kind": "phone", "value": "+66 2 123 4567"}], "expiresAt": "EXPIRY",
  "translations": {"en": {"title": "Callers pose as police", "summary": "Hang up.", "body": "Police never ask for transfers."},
                   "th": {"title": "มิจฉาชีพอ้างเป็นตำรวจ", "summary": "วางสาย", "body": "ตำรวจไม่ให้โอนเงิน"}}}`

// published creates an alert as ana, submits it and has rex approve it.
func (e *env) published() map[string]any {
	e.t.Helper()
	a := e.must(201, e.do("POST", "/api/v1/alerts", "ana", alertJSON))
	id := a["id"].(string)
	e.must(200, e.do("POST", "/api/v1/alerts/"+id+"/submit", "ana", ""))
	return e.must(200, e.do("POST", "/api/v1/alerts/"+id+"/approve", "rex", ""))
}

// snapshot is everything a failed request must leave untouched.
func (e *env) snapshot() string {
	e.t.Helper()
	ctx := context.Background()
	list, err := e.st.ListAlerts(ctx, alerts.ListQuery{Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	reports, err := e.st.ListTrends(ctx, alerts.ListQuery{Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	log, err := e.st.ListAudit(ctx, audit.Query{Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := json.Marshal([]any{list, reports, log})
	return string(b)
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func (e *env) get(path, who string, headers ...string) resp {
	e.t.Helper()
	return e.do("GET", path, who, "", headers...)
}

// overNetwork sends req to the app through a real loopback listener, the
// body from a goroutine as a real client would: the server may answer (and
// hang up) before it has read all of an oversized body.
func (e *env) overNetwork(req *http.Request) (*http.Response, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go e.srv.App.Listener(ln)
	e.t.Cleanup(func() { ln.Close() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return nil, err
	}
	e.t.Cleanup(func() { conn.Close() })
	body, _ := io.ReadAll(req.Body)
	go func() {
		fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: test\r\nContent-Length: %d\r\n", req.Method, req.URL.RequestURI(), len(body))
		for k, v := range req.Header {
			fmt.Fprintf(conn, "%s: %s\r\n", k, v[0])
		}
		fmt.Fprint(conn, "\r\n")
		conn.Write(body) // may fail once the server has answered; that is the point
	}()
	return http.ReadResponse(bufio.NewReader(conn), req)
}

var storeSQLite = storetest.SQLite

// forEachBackend2 is forEachBackend with the lookup service and no rate limit.
func forEachBackend2(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, k := range storetest.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newLookupEnv(t, k.Open, 0))
		})
	}
}
