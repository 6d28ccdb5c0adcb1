// Runs the service worker (the file named by the first argument) in a
// stand-in for the service worker global, and drives the events that no
// browser tool can fire with a trusted event: notificationclick and
// pushsubscriptionchange. Also push, with payloads the real browser test
// does not send. Exits non-zero, saying what failed, on the first failure.
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const vm = require("node:vm");

const src = fs.readFileSync(process.argv[2], "utf8");
const ORIGIN = "https://beacon.example";
const KEY_B64 = "BPx4-q8Qd1-2oU"; // any base64url: the worker only decodes it

function subscription(endpoint, key) {
  return {
    endpoint,
    options: key ? {applicationServerKey: key} : {},
    toJSON: () => ({endpoint, keys: {p256dh: "p-" + endpoint.slice(-3), auth: "a-" + endpoint.slice(-3)}}),
  };
}

// worker loads sw.js with the given open windows, stored filters and
// answers, and returns its listeners and a record of what it did.
function worker({windows = [], filters = null, fetchStatus = 201} = {}) {
  const listeners = {};
  const did = {fetched: [], opened: [], focused: [], subscribed: [], shown: []};
  const self = {
    location: {origin: ORIGIN},
    addEventListener: (type, fn) => { listeners[type] = fn; },
    skipWaiting: () => {},
    clients: {
      claim: () => Promise.resolve(),
      matchAll: () => Promise.resolve(windows.map((url) => ({url, focus() { did.focused.push(url); return Promise.resolve(this); }}))),
      openWindow: (url) => { did.opened.push(url); return Promise.resolve(null); },
    },
    registration: {
      showNotification: (title, options) => { did.shown.push({title, options}); return Promise.resolve(); },
      pushManager: {
        subscribe: (opts) => { did.subscribed.push(opts); return Promise.resolve(subscription("https://fcm.googleapis.com/fcm/send/new")); },
      },
    },
  };
  const caches = {
    open: () => Promise.resolve({match: () => Promise.resolve(filters ? {json: () => Promise.resolve(filters)} : undefined)}),
  };
  const fetch = (url, init = {}) => {
    did.fetched.push({url, method: init.method || "GET", body: init.body ? JSON.parse(init.body) : null});
    if (url === "/api/v1/push/vapid-public-key") {
      return Promise.resolve({ok: true, status: 200, json: () => Promise.resolve({publicKey: KEY_B64})});
    }
    return Promise.resolve({ok: fetchStatus < 300, status: fetchStatus});
  };
  vm.runInContext(src, vm.createContext({self, caches, fetch, URL, atob, Uint8Array, Promise, JSON, String, Error}));
  return {listeners, did};
}

// fire calls the listener with event and waits for what it passed to waitUntil.
async function fire(w, type, event) {
  let waited = Promise.resolve();
  event.waitUntil = (p) => { waited = p; };
  w.listeners[type](event);
  return waited;
}

function click(url) {
  const n = {closed: false, data: {url}, close() { this.closed = true; }};
  return {notification: n};
}

const cases = {
  async "a click opens the alert when no window shows it"() {
    const w = worker({windows: [ORIGIN + "/th/"]});
    const ev = click(ORIGIN + "/th/alerts/fake-courier");
    await fire(w, "notificationclick", ev);
    assert.ok(ev.notification.closed, "the notification was not closed");
    assert.deepEqual(w.did.opened, [ORIGIN + "/th/alerts/fake-courier"]);
    assert.deepEqual(w.did.focused, []);
  },
  async "a click focuses the window that already shows the alert"() {
    const w = worker({windows: [ORIGIN + "/th/", ORIGIN + "/th/alerts/fake-courier"]});
    await fire(w, "notificationclick", click(ORIGIN + "/th/alerts/fake-courier"));
    assert.deepEqual(w.did.focused, [ORIGIN + "/th/alerts/fake-courier"]);
    assert.deepEqual(w.did.opened, []);
  },
  async "a click never opens another site"() {
    for (const url of ["https://evil.example/th/alerts/x", "javascript:alert(1)", "//evil.example/x", null]) {
      const w = worker();
      const ev = click(url);
      await fire(w, "notificationclick", ev);
      assert.ok(ev.notification.closed);
      assert.deepEqual(w.did.opened, [], "opened for " + url);
    }
  },
  async "a push shows the alert in its language, tagged so that an update replaces it"() {
    const w = worker();
    const payload = {kind: "update", title: "تحذير", body: "نص", url: "/ar/alerts/x", tag: "alert-01X", severity: "critical", lang: "ar"};
    await fire(w, "push", {data: {json: () => payload, text: () => JSON.stringify(payload)}});
    const [n] = w.did.shown;
    assert.equal(n.title, "تحذير");
    assert.equal(n.options.body, "نص");
    assert.equal(n.options.lang, "ar");
    assert.equal(n.options.dir, "rtl");
    assert.equal(n.options.tag, "alert-01X");
    assert.equal(n.options.renotify, true);
    assert.equal(n.options.data.url, ORIGIN + "/ar/alerts/x");
  },
  async "a push that is not JSON still shows, with Beacon as its title"() {
    const w = worker();
    await fire(w, "push", {data: {json: () => { throw new SyntaxError("not JSON"); }, text: () => "plain words"}});
    assert.equal(w.did.shown[0].title, "Beacon");
    assert.equal(w.did.shown[0].options.body, "plain words");
    assert.equal(w.did.shown[0].options.data.url, null);
  },
  async "a renewed subscription is sent with the kept filters and the old one deleted"() {
    const filters = {lang: "th", regions: ["TH"], typologies: ["phishing"], minSeverity: "warning", reports: true};
    const w = worker({filters});
    await fire(w, "pushsubscriptionchange", {
      oldSubscription: subscription("https://fcm.googleapis.com/fcm/send/old"),
      newSubscription: subscription("https://fcm.googleapis.com/fcm/send/abc"),
    });
    assert.deepEqual(w.did.subscribed, [], "subscribed although the browser gave the new subscription");
    assert.deepEqual(w.did.fetched.map((f) => f.method + " " + f.url),
      ["POST /api/v1/push/subscriptions", "DELETE /api/v1/push/subscriptions"]);
    assert.deepEqual(w.did.fetched[0].body, {endpoint: "https://fcm.googleapis.com/fcm/send/abc", keys: {p256dh: "p-abc", auth: "a-abc"},
      lang: "th", regions: ["TH"], typologies: ["phishing"], minSeverity: "warning", reports: true});
    assert.deepEqual(w.did.fetched[1].body, {endpoint: "https://fcm.googleapis.com/fcm/send/old"});
  },
  async "without a new subscription the worker subscribes again with the old key"() {
    const w = worker({filters: {lang: "vi", regions: [], typologies: [], minSeverity: "info", reports: false}});
    const key = new Uint8Array([4, 1, 2]);
    await fire(w, "pushsubscriptionchange", {oldSubscription: subscription("https://fcm.googleapis.com/fcm/send/old", key)});
    assert.equal(w.did.subscribed.length, 1);
    assert.equal(w.did.subscribed[0].userVisibleOnly, true);
    assert.equal(w.did.subscribed[0].applicationServerKey, key);
    assert.equal(w.did.fetched[0].body.endpoint, "https://fcm.googleapis.com/fcm/send/new");
    assert.equal(w.did.fetched[0].body.lang, "vi");
    assert.deepEqual(w.did.fetched[1], {url: "/api/v1/push/subscriptions", method: "DELETE", body: {endpoint: "https://fcm.googleapis.com/fcm/send/old"}});
  },
  async "without any key the worker asks the server for it"() {
    const w = worker({filters: {lang: "en", regions: [], typologies: [], minSeverity: "info", reports: false}});
    await fire(w, "pushsubscriptionchange", {});
    assert.equal(w.did.fetched[0].url, "/api/v1/push/vapid-public-key");
    const got = Array.from(w.did.subscribed[0].applicationServerKey);
    const want = Array.from(Buffer.from(KEY_B64, "base64url"));
    assert.deepEqual(got, want);
    assert.deepEqual(w.did.fetched.map((f) => f.method), ["GET", "POST"], "deleted although there was no old subscription");
  },
  async "a browser not subscribed through Beacon's page is left alone"() {
    const w = worker({filters: null});
    await fire(w, "pushsubscriptionchange", {newSubscription: subscription("https://fcm.googleapis.com/fcm/send/abc")});
    assert.deepEqual(w.did.fetched, []);
    assert.deepEqual(w.did.subscribed, []);
  },
  async "a refused renewal fails the event and does not delete the old subscription"() {
    const w = worker({filters: {lang: "en", regions: [], typologies: [], minSeverity: "info", reports: false}, fetchStatus: 500});
    await assert.rejects(fire(w, "pushsubscriptionchange", {
      oldSubscription: subscription("https://fcm.googleapis.com/fcm/send/old"),
      newSubscription: subscription("https://fcm.googleapis.com/fcm/send/abc"),
    }));
    assert.deepEqual(w.did.fetched.map((f) => f.method), ["POST"]);
  },
};

(async () => {
  for (const [name, fn] of Object.entries(cases)) {
    try {
      await fn();
    } catch (e) {
      console.error("FAIL: " + name + "\n" + (e && e.stack || e));
      process.exit(1);
    }
    console.log("ok: " + name);
  }
})();
