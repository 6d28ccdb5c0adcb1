package ident

import (
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// parseURL returns "host/path" for a web address: the parts that say which
// page a scam lives on, and nothing that varies between victims.
//
//   - The scheme is optional; only http and https are accepted, because only
//     they name web pages a citizen is sent to.
//   - The host is lower-cased, converted to punycode (IDNA, lookup profile),
//     and loses a trailing dot and leading "www." labels, since those reach
//     the same site.
//   - Port, userinfo, query and fragment are dropped: scammers vary them per
//     victim (tracking ids, "https://bank.example@scam.example" tricks).
//   - The path is kept because shared hosting puts many sites on one host;
//     its percent-encoding is normalised (RFC 3986 6.2.2) and trailing
//     slashes are removed.
//
// Hosts that are IP addresses, localhost, single labels or under a TLD that
// is not on the ICANN part of the public suffix list are refused as
// url-not-public: they are not the public web, and listing them would leak
// nothing useful and invite mistakes.
func parseURL(value string) (string, error) {
	s := strings.ReplaceAll(value, `\`, "/") // as browsers do for http(s)
	// "://" separates a scheme only when a scheme name stands before it: a
	// canonical form like "x.example/://y" has it in its path.
	if i := strings.Index(s, "://"); i >= 0 && isSchemeName(s[:i]) {
		switch strings.ToLower(s[:i]) {
		case "http", "https":
		default:
			return "", fail(URL, CodeURLInvalid, "only http and https addresses")
		}
	} else if strings.HasPrefix(s, "//") {
		s = "http:" + s
	} else {
		if hasOtherScheme(s) {
			return "", fail(URL, CodeURLInvalid, "only http and https addresses")
		}
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" {
		return "", fail(URL, CodeURLInvalid, "cannot parse address")
	}
	if strings.HasPrefix(u.Host, "[") {
		return "", fail(URL, CodeURLNotPublic, "IP address")
	}
	host, err := publicHost(URL, u.Hostname())
	if err != nil {
		return "", err
	}
	return stripWWW(host) + normPath(u.EscapedPath()), nil
}

// isSchemeName reports whether s is a URI scheme name (RFC 3986 §3.1).
func isSchemeName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// hasOtherScheme reports whether s (which has no "://") starts with a
// scheme such as "mailto:" or "javascript:", as opposed to "host:port".
func hasOtherScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return false
	}
	if !isAlpha(s[0]) {
		return false
	}
	for j := 1; j < i; j++ {
		c := s[j]
		if !isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false // not a scheme, let the URL parser judge it
		}
	}
	rest := s[i+1:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	return rest == "" || !allDigits(rest) // "host:8080" has a port, not a scheme
}

// publicHost validates and canonicalises a host name for kind (url or email):
// lower case, punycode, no trailing dot, on a public ICANN TLD.
func publicHost(kind Kind, host string) (string, error) {
	invalid, notPublic := CodeURLInvalid, CodeURLNotPublic
	if kind == Email {
		invalid, notPublic = CodeEmailInvalid, CodeEmailInvalid
	}
	if !utf8.ValidString(host) {
		return "", fail(kind, invalid, "host is not valid UTF-8")
	}
	h := strings.TrimSuffix(host, ".")
	if h == "" {
		return "", fail(kind, invalid, "no host")
	}
	if net.ParseIP(h) != nil {
		return "", fail(kind, notPublic, "IP address")
	}
	a, err := idna.Lookup.ToASCII(h)
	if err != nil {
		return "", fail(kind, invalid, "host is not a valid domain name")
	}
	a = strings.TrimSuffix(a, ".") // IDNA maps "。" and friends to "."
	if again, err := idna.Lookup.ToASCII(a); err != nil || again != a {
		// The punycode must itself be a valid name, or the canonical form
		// would not parse again.
		return "", fail(kind, invalid, "host is not a valid domain name")
	}
	if net.ParseIP(a) != nil {
		return "", fail(kind, notPublic, "IP address")
	}
	if len(a) > 253 {
		return "", fail(kind, invalid, "host too long")
	}
	labels := strings.Split(a, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return "", fail(kind, invalid, "bad label in host")
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !isLower(c) && !isDigit(c) && c != '-' {
				return "", fail(kind, invalid, "bad character in host")
			}
		}
	}
	tld := labels[len(labels)-1]
	switch {
	case a == "localhost" || strings.HasSuffix(a, ".localhost"):
		return "", fail(kind, notPublic, "localhost")
	case allDigits(tld):
		return "", fail(kind, notPublic, "IP address") // "127.1" and the like
	case len(labels) < 2:
		return "", fail(kind, notPublic, "host has no dot")
	case !icannTLD(tld):
		return "", fail(kind, notPublic, "unknown top-level domain ."+tld)
	}
	if ps, icann := publicsuffix.PublicSuffix(a); icann && ps == a {
		return "", fail(kind, notPublic, "host is a public suffix")
	}
	return a, nil
}

// icannTLD reports whether tld is delegated per the ICANN section of the
// public suffix list. "example" is a documented exception: it is reserved
// (RFC 2606) and absent from the list, but Beacon's demo data and tests use
// it, and nothing real can ever be registered under it.
func icannTLD(tld string) bool {
	if tld == "example" {
		return true
	}
	_, icann := publicsuffix.PublicSuffix(tld)
	return icann
}

// stripWWW removes leading "www." labels while what remains still has a
// registrable domain, so "www.scam.example" is "scam.example" but
// "www.example" (where "example" alone is a public suffix) stays as it is.
// Stripping repeatedly keeps Parse idempotent.
func stripWWW(host string) string {
	for strings.HasPrefix(host, "www.") {
		rest := host[len("www."):]
		if _, err := publicsuffix.EffectiveTLDPlusOne(rest); err != nil {
			break
		}
		host = rest
	}
	return host
}

// normPath normalises an escaped path: percent-encoded unreserved characters
// are decoded, other escapes get upper-case hex, and trailing slashes go, so
// "/%7eana/", "/~ana" and "/%7Eana" are one path.
func normPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]) {
			d := unhex(p[i+1])<<4 | unhex(p[i+2])
			if isUnreserved(d) {
				b.WriteByte(d)
			} else {
				b.WriteByte('%')
				b.WriteString(strings.ToUpper(p[i+1 : i+3]))
			}
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return strings.TrimRight(b.String(), "/")
}

// relatedURL returns the host alone and the registrable domain (eTLD+1, with
// private suffixes such as github.io counted as suffixes, so one user's page
// is not confused with the platform) when they differ from canon.
func relatedURL(canon string) []ID {
	host, _, _ := strings.Cut(canon, "/")
	var out []ID
	if host != canon {
		out = append(out, ID{Kind: URL, Canonical: host})
	}
	if reg, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil && reg != host {
		out = append(out, ID{Kind: URL, Canonical: reg})
	}
	return out
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isUnreserved(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
