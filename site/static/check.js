// Beacon check: canonicalise in the browser, hash with Web Crypto, and ask
// the server only for the first 5 hex characters of the hash, so the server
// never learns what was checked. Anything this script cannot canonicalise
// exactly as the server would goes to the server form instead (the page
// works without this script at all).
"use strict";
(function () {
  // Countries whose national numbers are E.164 once the trunk 0 is dropped
  // and the calling code is put in front.
  var CC = {TH: "66", MY: "60", SG: "65", PH: "63", VN: "84", ID: "62", KH: "855", LA: "856", MM: "95", CN: "86",
    TW: "886", HK: "852", MO: "853", GB: "44", FR: "33", ES: "34", PT: "351", BR: "55", RU: "7", AE: "971",
    SA: "966", EG: "20", MA: "212", IN: "91", JP: "81", KR: "82", AU: "61", NZ: "64", DE: "49", NL: "31", BE: "32"};
  var NO_TRUNK = {SG: 1, HK: 1, MO: 1, PT: 1, ES: 1};

  // The zero of each script whose digits people type: Arabic-Indic, Persian,
  // Devanagari, Bengali, Thai, Lao, Burmese, Khmer, full-width.
  var ZEROS = [0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xed0, 0x1040, 0x17e0, 0xff10];

  function digits(s) {
    return s.replace(/\p{Nd}/gu, function (d) {
      var c = d.codePointAt(0);
      for (var i = 0; i < ZEROS.length; i++) {
        if (c >= ZEROS[i] && c < ZEROS[i] + 10) return String(c - ZEROS[i]);
      }
      return d;
    });
  }

  function phone(v, country) {
    v = digits(v.trim()).replace(/^tel:/i, "").replace(/[\s\-.()\u00a0\u2010-\u2015]/g, "");
    if (/^00/.test(v)) v = "+" + v.slice(2);
    if (/^\+\d{7,15}$/.test(v)) return v;
    if (!/^\d{5,15}$/.test(v) || !CC[country]) return null;
    if (!NO_TRUNK[country]) {
      if (v[0] !== "0") return null;
      v = v.slice(1);
    }
    var e = "+" + CC[country] + v;
    return /^\+\d{8,15}$/.test(e) ? e : null;
  }

  function host(h) {
    try {
      h = new URL("http://" + h + "/").hostname; // IDNA to punycode, lower case
    } catch (e) {
      return null;
    }
    h = h.replace(/\.$/, "").replace(/^www\./, "");
    if (h.indexOf(".") < 0 || /^[\d.]+$/.test(h) || h[0] === "[") return null;
    return h;
  }

  function url(v) {
    v = v.trim();
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) v = "http://" + v;
    var u;
    try {
      u = new URL(v);
    } catch (e) {
      return null;
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    var h = host(u.hostname);
    if (!h) return null;
    var path = u.pathname.replace(/\/+$/, "");
    if (/%[0-9A-F]{2}/i.test(path)) return null; // percent-encoding: let the server decide
    return {canonical: h + path, hosts: parents(h, path !== "")};
  }

  // The host and each parent domain: a listing of the site's domain matches too.
  function parents(h, withSelf) {
    var out = [], labels = h.split(".");
    for (var i = withSelf ? 0 : 1; i <= labels.length - 2; i++) out.push(labels.slice(i).join("."));
    return out;
  }

  function email(v) {
    v = v.trim().toLowerCase();
    var at = v.lastIndexOf("@");
    if (at < 1 || v.indexOf("@") !== at || /\s/.test(v)) return null;
    var h = host(v.slice(at + 1));
    return h ? v.slice(0, at) + "@" + h : null;
  }

  // Only IBANs: which countries use them, and their lengths, the server knows.
  function bank(v) {
    v = digits(v).replace(/[\s\-]/g, "").toUpperCase();
    return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(v) && ibanOK(v) ? "IBAN:" + v : null;
  }

  function ibanOK(iban) {
    var s = iban.slice(4) + iban.slice(0, 4), r = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), n = c >= 65 ? String(c - 55) : s[i];
      for (var j = 0; j < n.length; j++) r = (r * 10 + +n[j]) % 97;
    }
    return r === 1;
  }

  function wallet(v) {
    v = v.trim();
    if (/^0x[0-9a-fA-F]{40}$/.test(v) && (v === v.toLowerCase() || v.slice(2) === v.slice(2).toUpperCase())) return "eth:" + v.toLowerCase();
    return null; // other chains carry checksums this script does not verify
  }

  // canonical returns the keys to hash for a value, or null when the server must decide.
  function canonical(kind, value, country) {
    var c;
    switch (kind) {
      case "phone": c = phone(value, country); return c && [c];
      case "url":
        c = url(value);
        if (!c) return null;
        return [c.canonical].concat(c.hosts.filter(function (h) { return h !== c.canonical; }));
      case "email": c = email(value); return c && [c];
      case "bank": c = bank(value); return c && [c];
      case "wallet": c = wallet(value); return c && [c];
    }
    return null;
  }
  window.beaconCanonical = canonical;

  function hex(buf) {
    return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function check(kind, keys) {
    var rank = {official: 3, high_risk: 2, suspicious: 1};
    return Promise.all(keys.map(function (k) {
      return crypto.subtle.digest("SHA-256", new TextEncoder().encode(kind + ":" + k)).then(function (h) {
        h = hex(h);
        return fetch("/api/v1/lookup/range/" + h.slice(0, 5), {headers: {Accept: "application/json"}, credentials: "omit"})
          .then(function (r) { if (!r.ok) throw new Error("range " + r.status); return r.json(); })
          .then(function (ans) {
            return ans.entries.filter(function (e) { return e.suffix === h.slice(5); })[0] || null;
          });
      });
    })).then(function (found) {
      var best = null;
      found.forEach(function (e) { if (e && (!best || rank[e.verdict] > rank[best.verdict])) best = e; });
      return best;
    });
  }

  function show(form, entry) {
    var out = document.getElementById("check-result");
    var tpl = document.getElementById("tpl-" + (entry ? entry.verdict : "no_record"));
    out.textContent = "";
    var node = tpl.content.cloneNode(true);
    var label = node.querySelector("[data-label]");
    if (label && entry && entry.label) label.textContent = entry.label;
    var lang = document.documentElement.lang;
    var agencies = node.querySelector("[data-agencies]");
    if (agencies && entry) {
      var names = entry.agencies.map(function (a) {
        try { return new Intl.DisplayNames([lang], {type: "region"}).of(a); } catch (e) { return a; }
      });
      agencies.textContent = names.join(", ");
    }
    var since = node.querySelector("[data-since]");
    if (since && entry && entry.since) {
      since.setAttribute("datetime", entry.since);
      try {
        since.textContent = new Intl.DateTimeFormat(lang, {dateStyle: "long", timeZone: "UTC"}).format(new Date(entry.since + "T00:00:00Z"));
      } catch (e) { since.textContent = entry.since; }
    }
    var types = node.querySelector("[data-typologies]");
    if (types && entry) {
      entry.typologies.forEach(function (t) {
        var a = document.querySelector('#typology-links a[data-typology="' + t + '"]');
        if (a) { var li = document.createElement("li"); li.appendChild(a.cloneNode(true)); types.appendChild(li); }
      });
    }
    out.appendChild(node);
    out.hidden = false;
    out.focus();
  }

  var form = document.getElementById("check-form");
  if (!form || !window.crypto || !crypto.subtle || !window.fetch) return;
  form.addEventListener("submit", function (ev) {
    var kind = form.elements.kind.value, value = form.elements.value.value, country = form.elements.country.value;
    var keys = canonical(kind, value, country);
    if (!keys) return; // the server form answers instead
    ev.preventDefault();
    check(kind, keys).then(function (entry) { show(form, entry); }, function () { form.submit(); });
  });
})();
