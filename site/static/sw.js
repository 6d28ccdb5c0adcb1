// Beacon's service worker: shows the alerts pushed to this browser, opens
// the alert when a notification is pressed, and subscribes again when the
// browser renews the subscription. It caches no pages: the site is small and
// must never show a stale warning.
"use strict";
var STORE = "beacon-push", FILTERS = "/push-filters";
var API = "/api/v1/push/subscriptions";
var ICON = "/static/icon-192.png", BADGE = "/static/badge-96.png";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

// sameOrigin returns url when it is on this site, else null: a notification
// never opens another site.
function sameOrigin(url) {
  if (typeof url !== "string" || url === "") return null; // new URL(null) would be "/null"
  try {
    var u = new URL(url, self.location.origin);
    return u.origin === self.location.origin ? u.href : null;
  } catch (e) {
    return null;
  }
}

// notification turns a payload {kind, title, body, url, tag, severity, lang}
// into showNotification's arguments.
function notification(p) {
  var opts = {body: String(p.body || ""), icon: ICON, badge: BADGE, lang: String(p.lang || ""),
    dir: p.lang === "ar" ? "rtl" : "ltr", data: {url: sameOrigin(p.url), kind: p.kind || "", severity: p.severity || ""}};
  if (p.tag) {
    opts.tag = String(p.tag); // a later version of the alert replaces this one
    opts.renotify = p.kind === "update"; // and an update rings again
  }
  return {title: String(p.title || "Beacon"), options: opts};
}

self.addEventListener("push", function (event) {
  var p = {};
  if (event.data) {
    try {
      p = event.data.json();
    } catch (e) {
      p = {body: event.data.text()};
    }
  }
  var n = notification(p && typeof p === "object" ? p : {});
  event.waitUntil(self.registration.showNotification(n.title, n.options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = event.notification.data && sameOrigin(event.notification.data.url);
  if (!url) return;
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url === url && "focus" in list[i]) return list[i].focus();
    }
    return self.clients.openWindow(url);
  }));
});

function loadFilters() {
  return caches.open(STORE).then(function (c) { return c.match(FILTERS); })
    .then(function (r) { return r ? r.json() : null; });
}

function send(method, body) {
  return fetch(API, {method: method, credentials: "same-origin", headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body)}).then(function (res) {
    if (!res.ok) throw new Error(method + " " + API + ": " + res.status);
    return res;
  });
}

function serverKey() {
  return fetch("/api/v1/push/vapid-public-key", {credentials: "same-origin"}).then(function (res) {
    if (!res.ok) throw new Error("vapid-public-key: " + res.status);
    return res.json();
  }).then(function (j) {
    var b64 = j.publicKey, s = atob(b64.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((b64.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  });
}

// The browser replaced or dropped the subscription: subscribe again with the
// same key, send the new one with the filters kept by the subscribe page,
// and make the server forget the old endpoint.
self.addEventListener("pushsubscriptionchange", function (event) {
  var oldSub = event.oldSubscription, newSub = event.newSubscription;
  event.waitUntil(loadFilters().then(function (f) {
    if (!f) return null; // not subscribed through Beacon's page
    var renewed = newSub ? Promise.resolve(newSub) : (oldSub && oldSub.options && oldSub.options.applicationServerKey ?
      Promise.resolve(oldSub.options.applicationServerKey) : serverKey()).then(function (key) {
      return self.registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key});
    });
    return renewed.then(function (sub) {
      var j = sub.toJSON();
      return send("POST", {endpoint: j.endpoint, keys: {p256dh: j.keys.p256dh, auth: j.keys.auth}, lang: f.lang,
        regions: f.regions, typologies: f.typologies, minSeverity: f.minSeverity, reports: f.reports}).then(function () {
        if (oldSub && oldSub.endpoint && oldSub.endpoint !== sub.endpoint) return send("DELETE", {endpoint: oldSub.endpoint});
        return null;
      });
    });
  }));
});
