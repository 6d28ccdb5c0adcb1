package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/ratelimit"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
	"github.com/antifraud-alliance/beacon/site"
	"github.com/antifraud-alliance/beacon/site/api"
)

// fakeDNS answers from a table, so SSRF tests need no network.
type fakeDNS map[string]string

func (f fakeDNS) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	ip, ok := f[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []net.IPAddr{{IP: net.ParseIP(ip)}}, nil
}

func newPushEnv(t *testing.T, open storetest.Opener, perMinute int) *env {
	t.Helper()
	e := newEnv(t, open)
	dns := fakeDNS{"fcm.googleapis.com": "142.250.1.1", "updates.push.services.mozilla.com": "34.1.2.3",
		"evil.fcm.googleapis.com": "127.0.0.1", "inner.notify.windows.com": "10.1.2.3", "push.example.com": "93.184.216.34"}
	limits := api.Limits{Limiter: ratelimit.NewMemory(nil), Keyer: ratelimit.NewKeyer()}
	srv, err := site.New(site.Config{BaseURL: "https://beacon.test", Ready: e.st.Ping,
		API: api.Deps{Alerts: alerts.NewService(e.st, alerts.Options{}), Tokens: auth.NewService(e.st, nil), Audit: e.st,
			Limits: limits, Push: &api.PushDeps{Store: e.st, Policy: &push.EndpointPolicy{Resolver: dns},
				PublicKey: "BPUBLICKEY", Limit: perMinute}}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	return e
}

func subscriptionBody(t *testing.T, endpoint string, edit func(m map[string]any)) string {
	t.Helper()
	s := storetest.NewSubscription(t, endpoint)
	m := map[string]any{"endpoint": endpoint, "expirationTime": nil, "keys": map[string]any{"p256dh": s.P256dh, "auth": s.Auth},
		"lang": "th", "regions": []string{"TH"}, "typologies": []string{}, "minSeverity": "advisory", "reports": false}
	if edit != nil {
		edit(m)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func TestPushSubscribeAndUnsubscribe(t *testing.T) {
	for _, k := range storetest.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			e := newPushEnv(t, k.Open, 0)
			ctx := context.Background()
			if r := e.get("/api/v1/push/vapid-public-key", ""); r.status != 200 || r.json(t)["publicKey"] != "BPUBLICKEY" {
				t.Fatalf("vapid key: %d %s", r.status, r.body)
			}
			ep := "https://fcm.googleapis.com/fcm/send/abc:def"
			body := subscriptionBody(t, ep, nil)
			got := e.must(201, e.do("POST", "/api/v1/push/subscriptions", "", body))
			if got["endpoint"] != ep || got["lang"] != "th" || got["createdAt"] == nil {
				t.Errorf("created %v", got)
			}
			changed := strings.Replace(body, `"typologies":[]`, `"typologies":["phishing"]`, 1)
			e.must(200, e.do("POST", "/api/v1/push/subscriptions", "", changed))
			page, _ := e.st.SubscriptionPage(ctx, push.ShardOf(push.SubscriptionID(ep)), "", 10)
			if len(page) != 1 || len(page[0].Typologies) != 1 || page[0].Typologies[0] != "phishing" {
				t.Fatalf("stored %+v", page)
			}
			del := fmt.Sprintf(`{"endpoint":%q}`, ep)
			for range 2 { // unsubscribing twice is fine
				if r := e.do("DELETE", "/api/v1/push/subscriptions", "", del); r.status != 204 {
					t.Fatalf("delete: %d %s", r.status, r.body)
				}
			}
			if n, _ := e.st.CountSubscriptions(ctx); n != 0 {
				t.Errorf("%d subscriptions after unsubscribe", n)
			}
		})
	}
}

func TestPushSubscriptionRefusals(t *testing.T) {
	e := newPushEnv(t, storetest.SQLite, 0)
	ok := "https://fcm.googleapis.com/fcm/send/x"
	set := func(k string, v any) func(map[string]any) { return func(m map[string]any) { m[k] = v } }
	keys := func(p, a string) func(map[string]any) {
		return func(m map[string]any) { m["keys"] = map[string]any{"p256dh": p, "auth": a} }
	}
	cases := []struct {
		name, body, code, field string
	}{
		{"malformed JSON", `{"endpoint":`, "malformed-json", ""},
		{"unknown field", subscriptionBody(t, ok, set("name", "Ana")), "validation-failed", "name"},
		{"p256dh not a point", subscriptionBody(t, ok, keys("BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA")), "validation-failed", "keys.p256dh"},
		{"auth of 8 bytes", subscriptionBody(t, ok, func(m map[string]any) { m["keys"].(map[string]any)["auth"] = "AAAAAAAAAAA" }), "validation-failed", "keys.auth"},
		{"unknown language", subscriptionBody(t, ok, set("lang", "de")), "validation-failed", "lang"},
		{"bad region", subscriptionBody(t, ok, set("regions", []string{"XX"})), "validation-failed", "regions[0]"},
		{"repeated typology", subscriptionBody(t, ok, set("typologies", []string{"phishing", "phishing"})), "validation-failed", "typologies[1]"},
		{"bad severity", subscriptionBody(t, ok, set("minSeverity", "panic")), "validation-failed", "minSeverity"},
		{"no endpoint", subscriptionBody(t, "", nil), "validation-failed", "endpoint"},
		{"http", subscriptionBody(t, "http://fcm.googleapis.com/fcm/send/x", nil), "endpoint-refused", "endpoint"},
		{"loopback address", subscriptionBody(t, "https://127.0.0.1/push/x", nil), "endpoint-refused", "endpoint"},
		{"private address", subscriptionBody(t, "https://10.0.0.8/push/x", nil), "endpoint-refused", "endpoint"},
		{"link-local metadata", subscriptionBody(t, "https://169.254.169.254/latest", nil), "endpoint-refused", "endpoint"},
		{"IPv6 loopback", subscriptionBody(t, "https://[::1]/push/x", nil), "endpoint-refused", "endpoint"},
		{"name resolving to loopback", subscriptionBody(t, "https://evil.fcm.googleapis.com/x", nil), "endpoint-refused", "endpoint"},
		{"allowed name resolving to a private address", subscriptionBody(t, "https://inner.notify.windows.com/x", nil), "endpoint-refused", "endpoint"},
		{"host off the allow-list", subscriptionBody(t, "https://push.example.com/x", nil), "endpoint-refused", "endpoint"},
		{"another port", subscriptionBody(t, "https://fcm.googleapis.com:8443/x", nil), "endpoint-refused", "endpoint"},
		{"userinfo", subscriptionBody(t, "https://a:b@fcm.googleapis.com/x", nil), "endpoint-refused", "endpoint"},
		{"endpoint too long", subscriptionBody(t, ok+strings.Repeat("a", push.MaxEndpoint), nil), "validation-failed", "endpoint"},
	}
	for _, c := range cases {
		r := e.do("POST", "/api/v1/push/subscriptions", "", c.body)
		p := r.json(t)
		if r.status != 400 || p["type"] != api.ProblemTypeBase+c.code || r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", c.name, r.status, r.body)
			continue
		}
		if c.field != "" && !strings.Contains(string(r.body), `"field":"`+c.field+`"`) {
			t.Errorf("%s: the problem does not name %s: %s", c.name, c.field, r.body)
		}
	}
	if r := e.do("DELETE", "/api/v1/push/subscriptions", "", `{}`); r.status != 400 {
		t.Errorf("delete without endpoint: %d", r.status)
	}
	if n, _ := e.st.CountSubscriptions(context.Background()); n != 0 {
		t.Errorf("refused requests stored %d subscriptions", n)
	}
}

func TestPushSubscribeRateLimited(t *testing.T) {
	e := newPushEnv(t, storetest.SQLite, 2)
	for i := range 3 {
		r := e.do("POST", "/api/v1/push/subscriptions", "", subscriptionBody(t, fmt.Sprint("https://fcm.googleapis.com/x/", i), nil))
		want := 201
		if i == 2 {
			want = 429
		}
		if r.status != want {
			t.Errorf("request %d: %d %s, want %d", i, r.status, r.body, want)
		}
	}
}
