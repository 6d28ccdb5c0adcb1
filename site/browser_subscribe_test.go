package site_test

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// subscription is the body the subscribe page must POST, field for field.
type subscription struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
	Lang        string   `json:"lang"`
	Regions     []string `json:"regions"`
	Typologies  []string `json:"typologies"`
	MinSeverity string   `json:"minSeverity"`
	Reports     bool     `json:"reports"`
}

type pushCall struct {
	method, contentType string
	sub                 subscription // POST
	endpoint            string       // DELETE
	raw                 string
}

// pushAPI stands in for the push API (written beside this page): it
// answers as the contract says and records what the page sent.
type pushAPI struct {
	mu       sync.Mutex
	key      []byte // the VAPID public key, uncompressed P-256
	calls    []pushCall
	stored   map[string]bool
	failNext bool // answer the next POST with a problem
}

const problemDetail = "The endpoint is not on the push services' allow-list."

func (p *pushAPI) routes(app *fiber.App) {
	app.Get("/api/v1/push/vapid-public-key", func(c *fiber.Ctx) error {
		return c.JSON(fiber.Map{"publicKey": base64.RawURLEncoding.EncodeToString(p.key)})
	})
	app.Post("/api/v1/push/subscriptions", func(c *fiber.Ctx) error {
		var s subscription
		dec := json.NewDecoder(bytes.NewReader(c.Body()))
		dec.DisallowUnknownFields()
		call := pushCall{method: "POST", contentType: c.Get(fiber.HeaderContentType), raw: string(c.Body())}
		err := dec.Decode(&s)
		call.sub = s
		p.mu.Lock()
		defer p.mu.Unlock()
		p.calls = append(p.calls, call)
		if err != nil {
			return c.Status(400).JSON(fiber.Map{"detail": err.Error()})
		}
		if p.failNext {
			p.failNext = false
			c.Set(fiber.HeaderContentType, "application/problem+json")
			b, _ := json.Marshal(fiber.Map{"type": "urn:beacon:problem:validation", "title": "Invalid subscription", "status": 422,
				"detail": problemDetail, "errors": []fiber.Map{{"field": "endpoint", "detail": "push.example is not allowed"}}})
			return c.Status(422).Send(b)
		}
		status := 201
		if p.stored[s.Endpoint] {
			status = 200
		}
		p.stored[s.Endpoint] = true
		return c.Status(status).JSON(struct {
			subscription
			CreatedAt time.Time `json:"createdAt"`
		}{s, time.Now().UTC()})
	})
	app.Delete("/api/v1/push/subscriptions", func(c *fiber.Ctx) error {
		var body struct {
			Endpoint string `json:"endpoint"`
		}
		err := json.Unmarshal(c.Body(), &body)
		p.mu.Lock()
		defer p.mu.Unlock()
		p.calls = append(p.calls, pushCall{method: "DELETE", contentType: c.Get(fiber.HeaderContentType), endpoint: body.Endpoint, raw: string(c.Body())})
		if err != nil {
			return c.SendStatus(400)
		}
		delete(p.stored, body.Endpoint)
		return c.SendStatus(204)
	})
}

func (p *pushAPI) recorded() []pushCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]pushCall(nil), p.calls...)
}

// servePushAPI serves the site on a loopback port with the stand-in push
// API in front of whatever the site itself has under /api/v1/push/.
func (e *webEnv) servePushAPI(t *testing.T) (string, *pushAPI) {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	api := &pushAPI{key: priv.PublicKey().Bytes(), stored: map[string]bool{}}
	fake := fiber.New(fiber.Config{DisableStartupMessage: true})
	api.routes(fake)
	siteH, apiH := e.srv.App.Handler(), fake.Handler()
	srv := &fasthttp.Server{Handler: func(c *fasthttp.RequestCtx) {
		if bytes.HasPrefix(c.Path(), []byte("/api/v1/push/")) {
			apiH(c)
			return
		}
		siteH(c)
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { _ = srv.Shutdown() })
	return "http://" + ln.Addr().String(), api
}

// pushStub replaces the browser's PushManager, which cannot reach a push
// service here, by one that answers as a real one does; the subscription
// lives in sessionStorage so that it survives a reload.
func pushStub(p256dh, auth string) string {
	return fmt.Sprintf(`(function () {
  var K = "beacon-test-push", P256DH = %q, AUTH = %q;
  function sub(s) {
    return {endpoint: s.endpoint, expirationTime: null,
      options: {userVisibleOnly: s.userVisibleOnly, applicationServerKey: new Uint8Array(s.key).buffer},
      toJSON: function () { return {endpoint: s.endpoint, expirationTime: null, keys: {p256dh: P256DH, auth: AUTH}}; },
      unsubscribe: function () {
        sessionStorage.removeItem(K);
        sessionStorage.setItem(K + "-gone", s.endpoint);
        return Promise.resolve(true);
      }};
  }
  PushManager.prototype.subscribe = function (o) {
    var s = {endpoint: "https://fcm.googleapis.com/fcm/send/test-" + Math.random().toString(36).slice(2),
      key: Array.from(new Uint8Array(o.applicationServerKey)), userVisibleOnly: o.userVisibleOnly};
    sessionStorage.setItem(K, JSON.stringify(s));
    return Promise.resolve(sub(s));
  };
  PushManager.prototype.getSubscription = function () {
    var s = sessionStorage.getItem(K);
    return Promise.resolve(s ? sub(JSON.parse(s)) : null);
  };
})();`, p256dh, auth)
}

func setNotifications(t *testing.T, ctx context.Context, origin string, s cdpbrowser.PermissionSetting) {
	t.Helper()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "notifications"}, Setting: s, Origin: origin}); err != nil {
		t.Fatal(err)
	}
}

func addScript(t *testing.T, ctx context.Context, src string) cdppage.ScriptIdentifier {
	t.Helper()
	res, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	return res.Identifier
}

func removeScript(t *testing.T, ctx context.Context, id cdppage.ScriptIdentifier) {
	t.Helper()
	if _, err := chromedp.Call(ctx, cdppage.RemoveScriptToEvaluateOnNewDocument, cdppage.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: id}); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func textIn(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector(`+jsString(sel)+`).textContent.replace(/\s+/g, " ").trim()`)
}

// TestBrowserSubscribe turns notifications on (after a refusal by the
// server), changes the choices, reloads and turns them off in Chromium, and
// checks what the page sent to the API; then it pushes payloads to the real
// service worker and reads what it showed; then the blocked, not-yet-asked
// and unsupported states. Any console error fails it.
func TestBrowserSubscribe(t *testing.T) {
	e := newWebEnv(t, true)
	base, api := e.servePushAPI(t)
	ctx, problems := browser(t)

	client, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	authSecret := make([]byte, 16)
	_, _ = rand.Read(authSecret)
	p256dh, auth := base64.RawURLEncoding.EncodeToString(client.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(authSecret)

	setNotifications(t, ctx, base, cdpbrowser.PermissionSettingGranted)
	stub := addScript(t, ctx, pushStub(p256dh, auth))
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/subscribe"), chromedp.WaitVisible(`[data-state="off"]`)); err != nil {
		t.Fatal(err)
	}
	if n := len(api.recorded()); n != 0 {
		t.Fatalf("the page called the API %d times before the button was pressed", n)
	}
	if shown := visibleButtons(t, ctx); !slices.Equal(shown, []bool{true, false, false}) {
		t.Errorf("buttons shown (on, save, off) = %v before subscribing", shown)
	}
	// The worker registers at the root and takes charge.
	var sw struct{ Scope, Script, State string }
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		sw = eval[struct{ Scope, Script, State string }](t, ctx, `navigator.serviceWorker.ready.then(function (r) {
			return {Scope: r.scope, Script: r.active.scriptURL, State: r.active.state}; })`)
		if sw.State == "activated" {
			break
		}
	}
	if sw.Scope != base+"/" || sw.Script != base+"/sw.js" || sw.State != "activated" {
		t.Fatalf("service worker: %+v", sw)
	}

	// Choose: Thailand and Malaysia, phishing and parcel scams, warnings and
	// up, in Thai, with trend reports.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`for (const o of document.querySelector("#p-regions").options) o.selected = o.value === "TH" || o.value === "MY"`),
		chromedp.Click("#p-t-phishing"), chromedp.Click("#p-t-parcel-scam"), chromedp.Click("#p-sev-warning"),
		chromedp.SetValue("#p-lang", "th"), chromedp.Click("#p-reports"))
	if err != nil {
		t.Fatal(err)
	}
	// The server refuses first: the page says so in English, with the reason.
	api.mu.Lock()
	api.failNext = true
	api.mu.Unlock()
	if err := chromedp.Do(ctx, chromedp.Click("#push-on"), chromedp.WaitVisible(`[data-state="error"]`)); err != nil {
		t.Fatal(err)
	}
	if got := textIn(t, ctx, "#push-error-text"); got != e.cat.T("en", "push-error-server", nil) {
		t.Errorf("error sentence %q", got)
	}
	if got := textIn(t, ctx, "#push-error-detail"); !strings.Contains(got, problemDetail) || !strings.Contains(got, "push.example is not allowed") {
		t.Errorf("error detail %q lacks the problem's detail", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#push-on"), chromedp.WaitVisible(`[data-state="subscribed"]`)); err != nil {
		t.Fatal(err)
	}
	stubbed := eval[struct {
		Endpoint        string
		Key             []byte
		UserVisibleOnly bool
	}](t, ctx, `(function () { var s = JSON.parse(sessionStorage.getItem("beacon-test-push"));
		return {Endpoint: s.endpoint, Key: btoa(String.fromCharCode.apply(null, s.key)), UserVisibleOnly: s.userVisibleOnly}; })()`)
	if !bytes.Equal(stubbed.Key, api.key) || !stubbed.UserVisibleOnly {
		t.Errorf("PushManager.subscribe got key %x (userVisibleOnly %v), want the server's %x", stubbed.Key, stubbed.UserVisibleOnly, api.key)
	}
	calls := api.recorded()
	if len(calls) != 2 {
		t.Fatalf("%d API calls, want the refused POST and the accepted one: %+v", len(calls), calls)
	}
	want := subscription{Endpoint: stubbed.Endpoint, Lang: "th", Regions: []string{"MY", "TH"},
		Typologies: []string{"parcel-scam", "phishing"}, MinSeverity: "warning", Reports: true}
	want.Keys.P256dh, want.Keys.Auth = p256dh, auth
	for _, c := range calls {
		got := c.sub
		slices.Sort(got.Regions)
		slices.Sort(got.Typologies)
		if c.method != "POST" || c.contentType != "application/json" || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s %s %s, want POST application/json %+v", c.method, c.contentType, c.raw, want)
		}
	}
	summary := textIn(t, ctx, `[data-state="subscribed"]`)
	for _, s := range []string{e.cat.T("en", "push-state-subscribed", nil), "Thailand", "Malaysia", e.cat.T("en", "typology-phishing", nil),
		e.cat.T("en", "severity-min-warning", nil), "ไทย"} {
		if !strings.Contains(summary, s) {
			t.Errorf("the subscribed state lacks %q: %s", s, summary)
		}
	}
	if shown := visibleButtons(t, ctx); !slices.Equal(shown, []bool{false, true, true}) {
		t.Errorf("buttons shown (on, save, off) = %v once subscribed", shown)
	}

	// Change the choices: the same endpoint is posted again, and upserted.
	if err := chromedp.Do(ctx, chromedp.Click("#p-t-phishing"), chromedp.Click("#push-save"), chromedp.WaitVisible("#push-saved")); err != nil {
		t.Fatal(err)
	}
	calls = api.recorded()
	if last := calls[len(calls)-1]; len(calls) != 3 || last.method != "POST" || last.sub.Endpoint != stubbed.Endpoint ||
		!slices.Equal(last.sub.Typologies, []string{"parcel-scam"}) || last.sub.Lang != "th" {
		t.Errorf("after a change: %d calls, last %s %s", len(calls), last.method, last.raw)
	}

	// A reload finds the subscription and the choices again.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(`[data-state="subscribed"]`)); err != nil {
		t.Fatal(err)
	}
	form := eval[string](t, ctx, `(function () { var f = document.getElementById("push-form");
		return [Array.from(f.elements.regions.selectedOptions).map(function (o) { return o.value; }).sort().join(","),
		  Array.from(f.querySelectorAll('[name="typologies"]:checked')).map(function (b) { return b.value; }).join(","),
		  f.querySelector('[name="minSeverity"]:checked').value, f.elements.lang.value, f.elements.reports.checked].join(" "); })()`)
	if form != "MY,TH parcel-scam warning th true" {
		t.Errorf("after a reload the form shows %q", form)
	}

	// Turn off: DELETE with the endpoint, the browser unsubscribed, the choices forgotten.
	if err := chromedp.Do(ctx, chromedp.Click("#push-off"), chromedp.WaitVisible(`[data-state="unsubscribed"]`)); err != nil {
		t.Fatal(err)
	}
	calls = api.recorded()
	if last := calls[len(calls)-1]; last.method != "DELETE" || last.endpoint != stubbed.Endpoint || last.contentType != "application/json" {
		t.Errorf("turning off sent %s %s", last.method, last.raw)
	}
	gone := eval[string](t, ctx, `sessionStorage.getItem("beacon-test-push-gone")`)
	kept := eval[bool](t, ctx, `caches.open("beacon-push").then(function (c) { return c.match("/push-filters"); }).then(function (r) { return !!r; })`)
	if gone != stubbed.Endpoint || kept {
		t.Errorf("after turning off: browser unsubscribed %q, choices kept %v", gone, kept)
	}
	if shown := visibleButtons(t, ctx); !slices.Equal(shown, []bool{true, false, false}) {
		t.Errorf("buttons shown (on, save, off) = %v after turning off", shown)
	}
	removeScript(t, ctx, stub)

	checkWorkerNotifications(t, ctx, base)

	// Blocked by the browser: the page says so, and how to unblock.
	setNotifications(t, ctx, base, cdpbrowser.PermissionSettingDenied)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/ar/subscribe"), chromedp.WaitVisible(`[data-state="blocked"]`)); err != nil {
		t.Fatal(err)
	}
	if got := textIn(t, ctx, `[data-state="blocked"]`); !strings.Contains(got, e.cat.T("ar", "push-state-blocked", nil)) ||
		!strings.Contains(got, e.cat.T("ar", "push-blocked-help", nil)) {
		t.Errorf("blocked state: %q", got)
	}
	if eval[bool](t, ctx, `document.getElementById("push-form").checkVisibility()`) {
		t.Error("blocked: the form is still offered")
	}

	// Not asked yet: the browser asks only when the button is pressed; a
	// visitor who closes the question is told how to try again.
	setNotifications(t, ctx, base, cdpbrowser.PermissionSettingPrompt)
	dismiss := addScript(t, ctx, `window.beaconAsked = 0;
		Notification.requestPermission = function () { window.beaconAsked++; return Promise.resolve("default"); };`)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/fr/subscribe"), chromedp.WaitVisible(`[data-state="off"]`)); err != nil {
		t.Fatal(err)
	}
	if asked := eval[int](t, ctx, `window.beaconAsked`); asked != 0 {
		t.Errorf("permission asked %d times before any click", asked)
	}
	before := len(api.recorded())
	if err := chromedp.Do(ctx, chromedp.Click("#push-on"), chromedp.WaitVisible(`[data-state="dismissed"]`)); err != nil {
		t.Fatal(err)
	}
	if asked := eval[int](t, ctx, `window.beaconAsked`); asked != 1 || len(api.recorded()) != before {
		t.Errorf("after one click: permission asked %d times, %d API calls", asked, len(api.recorded())-before)
	}
	if got := textIn(t, ctx, `[data-state="dismissed"]`); got != e.cat.T("fr", "push-state-dismissed", nil) {
		t.Errorf("dismissed state: %q", got)
	}
	removeScript(t, ctx, dismiss)

	// No Push API (an iPhone outside an installed web app): say so, point to the feeds.
	noPush := addScript(t, ctx, `delete window.PushManager;`)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/th/subscribe"), chromedp.WaitVisible(`[data-state="unsupported"]`)); err != nil {
		t.Fatal(err)
	}
	if got := textIn(t, ctx, `[data-state="unsupported"]`); !strings.Contains(got, e.cat.T("th", "push-unsupported-ios", nil)) {
		t.Errorf("unsupported state: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`[data-state="unsupported"] a[href="#feeds-h"]`)); err != nil {
		t.Fatal(err)
	}
	if focused := eval[string](t, ctx, `location.hash`); focused != "#feeds-h" {
		t.Errorf("the feeds link leads to %q", focused)
	}
	removeScript(t, ctx, noPush)

	for _, p := range problems() {
		// The refusal the test asked for is logged by the browser as a failed request.
		if strings.Contains(p, "422") && strings.Contains(p, "/api/v1/push/subscriptions") {
			continue
		}
		t.Error(p)
	}
}

// visibleButtons says which of the buttons turn on, save and turn off show.
func visibleButtons(t *testing.T, ctx context.Context) []bool {
	t.Helper()
	return eval[[]bool](t, ctx, `["push-on", "push-save", "push-off"].map(function (id) { return document.getElementById(id).checkVisibility(); })`)
}

type shown struct {
	Title, Body, Tag, Lang, Dir, Icon, Badge, URL string
	Renotify                                      bool
}

// checkWorkerNotifications delivers pushes to the registered worker through
// the DevTools protocol, as a push service would, and reads what it showed.
func checkWorkerNotifications(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	regs := make(chan serviceworker.RegistrationID, 16)
	if err := chromedp.Listen(ctx, func(ev any) {
		if u, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			for _, r := range u.Registrations {
				if r.ScopeURL == base+"/" && !r.IsDeleted {
					select {
					case regs <- r.RegistrationID:
					default:
					}
				}
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	var reg serviceworker.RegistrationID
	select {
	case reg = <-regs:
	case <-time.After(10 * time.Second):
		t.Fatal("no service worker registration reported")
	}
	deliver := func(payload map[string]any) {
		b, _ := json.Marshal(payload)
		if _, err := chromedp.Call(ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{
			Origin: base, RegistrationID: reg, Data: string(b)}); err != nil {
			t.Fatal(err)
		}
	}
	read := func(tag, title string) shown {
		js := `navigator.serviceWorker.ready.then(function (r) { return r.getNotifications({tag: ` + jsString(tag) + `}); }).then(function (l) {
			return l.map(function (n) { return {Title: n.title, Body: n.body, Tag: n.tag, Lang: n.lang, Dir: n.dir, Icon: n.icon,
			  Badge: n.badge, URL: (n.data && n.data.url) || "", Renotify: n.renotify}; }); })`
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			list := eval[[]shown](t, ctx, js)
			if len(list) > 1 {
				t.Fatalf("%d notifications with tag %s: an update did not replace the earlier one", len(list), tag)
			}
			if len(list) == 1 && list[0].Title == title {
				return list[0]
			}
		}
		t.Fatalf("the worker showed no notification %q", title)
		return shown{}
	}
	alertURL := base + "/th/alerts/fake-customs-fee"
	deliver(map[string]any{"kind": "alert", "title": "ระวัง SMS ค่าธรรมเนียมศุลกากรปลอม", "body": "อย่ากดลิงก์",
		"url": alertURL, "tag": "alert-a1", "severity": "warning", "lang": "th"})
	got := read("alert-a1", "ระวัง SMS ค่าธรรมเนียมศุลกากรปลอม")
	if want := (shown{Title: "ระวัง SMS ค่าธรรมเนียมศุลกากรปลอม", Body: "อย่ากดลิงก์", Tag: "alert-a1", Lang: "th", Dir: "ltr",
		Icon: base + "/static/icon-192.png", Badge: base + "/static/badge-96.png", URL: alertURL}); got != want {
		t.Errorf("alert notification:\n got %+v\nwant %+v", got, want)
	}
	// An update in Arabic replaces it, rings again, reads right to left;
	// a link to another site is dropped.
	deliver(map[string]any{"kind": "update", "title": "تحديث: رسائل جمارك مزيفة", "body": "أرقام جديدة",
		"url": "https://phish.example/th/alerts/x", "tag": "alert-a1", "severity": "critical", "lang": "ar"})
	got = read("alert-a1", "تحديث: رسائل جمارك مزيفة")
	if !got.Renotify || got.Dir != "rtl" || got.Lang != "ar" || got.URL != "" {
		t.Errorf("update notification: %+v", got)
	}
}
