// Beacon subscribe: Web Push for the chosen filters, asking permission only on
// a click. sw.js reads the filters kept in Cache Storage. All words come from the page.
"use strict";
(function () {
  var app = document.getElementById("push-app");
  if (!app) return;
  function $(id) { return document.getElementById(id); }
  function msg(name) { return app.getAttribute("data-" + name); }
  var form = $("push-form"), status = $("push-status"), on = $("push-on"), save = $("push-save"), off = $("push-off");
  var el = form.elements, API = "/api/v1/push/subscriptions", STORE = "beacon-push", FILTERS = "/push-filters";
  var current = null, busy = false; // current: the browser's PushSubscription
  var home = el.regions.getAttribute("data-home");
  el.regions.getAttribute("data-countries").split("|").forEach(function (c) {
    var code = c.slice(0, 2);
    el.regions.add(new Option(c.slice(2), code, false, code === home));
  });
  app.hidden = false;

  function show(state, o) {
    o = o || {};
    var parts = status.querySelectorAll("[data-state]");
    for (var i = 0; i < parts.length; i++) parts[i].hidden = parts[i].getAttribute("data-state") !== state;
    form.hidden = state === "blocked" || state === "unsupported" || state === "checking";
    on.hidden = !!current;
    save.hidden = off.hidden = !current;
    on.disabled = save.disabled = off.disabled = busy = state === "working";
    $("push-saved").hidden = !o.saved;
    if (state === "subscribed") summarise();
    if (state === "error") {
      $("push-error-text").textContent = o.message;
      $("push-error-detail").textContent = o.detail || "";
    }
    if (o.focus) status.focus();
  }

  function picked(sel) {
    var out = [], els = form.querySelectorAll(sel);
    for (var i = 0; i < els.length; i++) out.push(els[i]);
    return out;
  }
  function values(list) { return list.map(function (e) { return e.value; }); }
  function labelOf(e) { return form.querySelector('label[for="' + e.id + '"]').textContent.trim(); }
  function legendOf(e) { return e.closest("fieldset").querySelector("legend").textContent.trim(); }
  function regions() { return picked("#p-regions option:checked"); }

  function readForm() {
    return {lang: el.lang.value, regions: values(regions()), typologies: values(picked('[name="typologies"]:checked')),
      minSeverity: (picked('[name="minSeverity"]:checked')[0] || {value: "advisory"}).value, reports: el.reports.checked};
  }

  function fillForm(f) {
    picked("#p-regions option").forEach(function (o) { o.selected = f.regions.indexOf(o.value) >= 0; });
    picked('[name="typologies"]').forEach(function (b) { b.checked = f.typologies.indexOf(b.value) >= 0; });
    picked('[name="minSeverity"]').forEach(function (r) { r.checked = r.value === f.minSeverity; });
    if (form.querySelector('#p-lang option[value="' + f.lang + '"]')) el.lang.value = f.lang;
    el.reports.checked = !!f.reports;
  }

  // summarise lists the chosen filters in the form's own words.
  function summarise() {
    var dl = $("push-summary"), sev = picked('[name="minSeverity"]:checked')[0];
    var types = picked('[name="typologies"]:checked').map(labelOf);
    var names = regions().map(function (o) { return o.textContent.trim(); });
    dl.textContent = "";
    function row(term, value) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = term;
      dd.textContent = value;
      dl.appendChild(dt);
      dl.appendChild(dd);
    }
    row(labelOf(el.regions), names.length ? names.join(", ") : msg("all-regions"));
    row(legendOf(form.querySelector('[name="typologies"]')), types.length ? types.join(", ") : msg("all-typologies"));
    if (sev) row(legendOf(sev), labelOf(sev));
    row(labelOf(el.lang), el.lang.options[el.lang.selectedIndex].textContent.trim());
    row(labelOf(el.reports), msg(el.reports.checked ? "yes" : "no"));
  }

  function store(fn) {
    if (!window.caches) return Promise.resolve(null);
    return caches.open(STORE).then(fn).catch(function () { return null; });
  }
  function saveFilters(f) {
    return store(function (c) { return c.put(FILTERS, new Response(JSON.stringify(f), {headers: {"Content-Type": "application/json"}})); });
  }
  function loadFilters() {
    return store(function (c) { return c.match(FILTERS).then(function (r) { return r ? r.json() : null; }); });
  }

  // Failure is what to tell the visitor: a sentence and a detail.
  function Failure(message, detail) {
    this.message = message;
    this.detail = detail || "";
  }

  function call(url, method, body) {
    return fetch(url, {method: method, credentials: "same-origin", body: body && JSON.stringify(body),
      headers: {"Content-Type": "application/json", "Accept": "application/json, application/problem+json"}})
      .catch(function () { throw new Failure(msg("error-network")); })
      .then(function (res) {
        if (res.ok) return res;
        return res.json().catch(function () { return {}; }).then(function (p) {
          var detail = [p.detail || res.status + " " + res.statusText];
          (p.errors || []).forEach(function (e) { if (e && e.detail) detail.push(e.detail); });
          throw new Failure(msg("error-server"), detail.join(" "));
        });
      });
  }

  function post(sub, f) {
    var j = sub.toJSON();
    return call(API, "POST", {endpoint: j.endpoint, keys: {p256dh: j.keys.p256dh, auth: j.keys.auth}, lang: f.lang,
      regions: f.regions, typologies: f.typologies, minSeverity: f.minSeverity, reports: f.reports});
  }

  function keyBytes(b64) {
    var s = atob(b64.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((b64.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function sameKey(sub, key) {
    var k = sub.options && sub.options.applicationServerKey;
    if (!k) return true; // the browser does not say: keep it
    k = new Uint8Array(k);
    return k.length === key.length && key.every(function (b, i) { return k[i] === b; });
  }

  // subscribe gets a subscription for the server's key, replacing one made
  // for another key (a registration holds one key only).
  function subscribe(reg) {
    return call("/api/v1/push/vapid-public-key", "GET").then(function (res) { return res.json(); }).then(function (j) {
      var key = keyBytes(j.publicKey);
      return reg.pushManager.getSubscription().then(function (old) {
        if (old && sameKey(old, key)) return old;
        return (old ? old.unsubscribe() : Promise.resolve()).then(function () {
          return reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key});
        });
      });
    });
  }

  function fail(e) {
    if (!(e instanceof Failure)) e = new Failure(msg("error-service"), e && e.name);
    show("error", {message: e.message, detail: e.detail, focus: true});
  }

  if (!("serviceWorker" in navigator && "PushManager" in window && "Notification" in window)) return show("unsupported");
  if (Notification.permission === "denied") return show("blocked");
  var ready = navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
    return navigator.serviceWorker.ready;
  });
  ready.then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (sub) {
    if (!sub || Notification.permission !== "granted") return show("off");
    return loadFilters().then(function (f) {
      current = sub;
      if (f) fillForm(f);
      show("subscribed");
    });
  }).catch(fail);

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (busy) return;
    var f = readForm();
    var asked = current || Notification.permission === "granted" ? Promise.resolve("granted") : Notification.requestPermission();
    asked.then(function (answer) {
      if (answer === "denied") return show("blocked", {focus: true});
      if (answer !== "granted") return show("dismissed", {focus: true});
      var was = current;
      show("working");
      return (was ? Promise.resolve(was) : ready.then(subscribe)).then(function (sub) {
        return post(sub, f).then(function () { return saveFilters(f); }).then(function () {
          current = sub;
          show("subscribed", {saved: !!was, focus: true});
        });
      });
    }).catch(fail);
  });

  off.addEventListener("click", function () {
    if (busy || !current) return;
    var sub = current;
    show("working");
    // The server forgets the endpoint first: if that fails, nothing changed.
    call(API, "DELETE", {endpoint: sub.endpoint}).then(function () {
      return sub.unsubscribe().catch(function () {});
    }).then(function () {
      return store(function (c) { return c.delete(FILTERS); });
    }).then(function () {
      current = null;
      show("unsubscribed", {focus: true});
    }).catch(fail);
  });
})();
