package site_test

import (
	"bytes"
	"context"
	"html"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/lookup"
)

func (e *webEnv) post(path string, form url.Values, headers ...string) page {
	e.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.srv.App.Test(req, 10000)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return page{status: res.StatusCode, header: res.Header, body: b.String()}
}

// TestCheckWithoutJavaScript posts the form as a browser without scripts
// does, and reads each verdict in plain words.
func TestCheckWithoutJavaScript(t *testing.T) {
	e := newWebEnv(t, true)
	for _, tc := range []struct {
		lang, kind, value, country, want string
	}{
		{"en", "phone", "+66 2 000 1191", "", "verdict-official-title"},
		{"th", "phone", "02 000 1191", "TH", "verdict-official-title"},
		{"en", "url", "https://www.police-verify.example/login", "", "verdict-high_risk-title"},
		{"vi", "phone", "028 3000 4567", "VN", "verdict-high_risk-title"},
		{"en", "phone", "061 000 5678", "TH", "verdict-suspicious-title"},
		{"ar", "email", "someone@honest.example", "", "verdict-no_record-title"},
		{"en", "phone", "12", "TH", "check-error-phone-invalid"},
		{"km", "phone", "012 345 678", "", "check-error-phone-needs-country"},
	} {
		r := e.post("/"+tc.lang+"/check", url.Values{"kind": {tc.kind}, "value": {tc.value}, "country": {tc.country}})
		if r.status != 200 || !contains(r.body, e.cat.T(tc.lang, tc.want, nil)) {
			t.Errorf("%s check %s %q: %d, want %s", tc.lang, tc.kind, tc.value, r.status, tc.want)
		}
		if r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("a check answer may be cached: %q", r.header.Get("Cache-Control"))
		}
	}
	r := e.post("/en/check", url.Values{"kind": {"phone"}, "value": {"+66 2 000 1191"}})
	if !strings.Contains(r.body, "[DEMO] Police hotline, Thailand") {
		t.Error("an official contact's answer does not name whose it is")
	}
	if r := e.get("/th/check"); !contains(r.body, "[DEMO] Police hotline, Thailand") || !contains(r.body, `href="tel:+66`) {
		t.Error("the Thai check page does not show the real police number to call instead")
	}
	if r := e.get("/vi/check"); contains(r.body, "[DEMO] Police hotline, Thailand") {
		t.Error("the Vietnamese check page shows Thailand's official numbers")
	}
	r = e.post("/en/check", url.Values{"kind": {"url"}, "value": {"police-verify.example"}})
	if !strings.Contains(r.body, e.cat.T("en", "verdict-source", nil)+` <span data-agencies>Thailand</span>`) {
		t.Error("a high-risk answer does not say which agency listed it")
	}
}

// TestReportForm sends a report as a citizen would, then as a bot would.
func TestReportForm(t *testing.T) {
	e := newWebEnv(t, false)
	ctx := context.Background()
	good := url.Values{"kind": {"phone"}, "value": {"081 234 5678"}, "country": {"TH"}, "typology": {"task-scam"},
		"description": {"They paid me for likes, then asked for a deposit."}, "amount": {"3,500"}, "currency": {"THB"}, "occurredOn": {"2026-10-30"}}
	r := e.post("/th/report", good, "Origin", "https://beacon.test")
	if r.status != 303 || r.header.Get("Location") != "/th/report/thanks" {
		t.Fatalf("report: %d %s", r.status, r.header.Get("Location"))
	}
	pending, _ := e.lk.Reports(ctx, lookup.ReportPending, "", 10)
	if len(pending) != 1 || pending[0].Canonical != "+66812345678" || *pending[0].Amount != 3500 {
		t.Fatalf("stored reports: %+v", pending)
	}
	if th := e.get("/th/report/thanks"); th.status != 200 || !contains(th.body, e.cat.T("th", "report-thanks-title", nil)) {
		t.Errorf("thanks page: %d", th.status)
	}
	bot := url.Values{}
	for k, v := range good {
		bot[k] = v
	}
	bot.Set("website", "http://spam.example")
	if r := e.post("/en/report", bot); r.status != 303 {
		t.Errorf("honeypot: %d, want the same thanks a person gets", r.status)
	}
	if r := e.post("/en/report", good, "Origin", "https://evil.example"); r.status != 403 {
		t.Errorf("a post from another site: %d, want 403", r.status)
	}
	bad := url.Values{"kind": {"phone"}, "value": {"12"}, "country": {"TH"}, "typology": {"task-scam"}, "description": {""}, "currency": {"baht"}}
	r = e.post("/fr/report", bad)
	if r.status != 400 || !contains(r.body, e.cat.T("fr", "report-error-description", nil)) ||
		!contains(r.body, e.cat.T("fr", "report-error-value", nil)) || !strings.Contains(r.body, `aria-invalid="true"`) {
		t.Errorf("invalid report: %d", r.status)
	}
	if pending, _ := e.lk.Reports(ctx, lookup.ReportPending, "", 10); len(pending) != 1 {
		t.Errorf("%d reports stored, want only the citizen's one (not the bot's or the invalid one)", len(pending))
	}
}

// TestCheckedValuesAreNotLogged: neither the API nor the form puts what was
// checked or reported into the logs.
func TestCheckedValuesAreNotLogged(t *testing.T) {
	var logs bytes.Buffer
	e := newWebEnvWithLog(t, slog.New(slog.NewJSONHandler(&logs, nil)))
	e.get("/api/v1/lookup?kind=phone&value=%2B66812349999")
	e.get("/api/v1/lookup?kind=phone&value=%2B668123")
	e.post("/en/check", url.Values{"kind": {"phone"}, "value": {"+66 81 234 9999"}})
	e.post("/en/report", url.Values{"kind": {"phone"}, "value": {"+66 81 234 9999"}, "country": {"TH"}, "typology": {"task-scam"}, "description": {"x"}})
	for _, secret := range []string{"812349999", "81 234 9999", "668123"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the logs hold %q:\n%s", secret, logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"route":"/api/v1/lookup"`) {
		t.Error("the requests were not logged at all, so this test proves nothing")
	}
}

// contains reports whether a page shows text, which html/template escapes.
func contains(body, text string) bool {
	return strings.Contains(html.UnescapeString(body), text)
}
